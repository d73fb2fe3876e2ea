"""Who may do what with people and organizations.

The predicates here are the portal's roles; other apps import them rather than testing user
flags themselves. Permissions are checked object by object with `user.has_perm(name, obj)` in
views and API, and `{% has_perm %}` in templates.
"""

import rules


@rules.predicate
def is_administrator(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


@rules.predicate
def is_official(user) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_official or user.is_superuser))


@rules.predicate
def is_moderator(user) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_moderator or user.is_superuser))


@rules.predicate
def is_signed_in(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


def _membership(user, organization):
    if not (user.is_authenticated and organization is not None):
        return None
    # Views that show several permission-dependent buttons ask this many times; remember it.
    cache = getattr(user, "_membership_cache", None)
    if cache is None:
        cache = user._membership_cache = {}
    if organization.pk not in cache:
        cache[organization.pk] = organization.memberships.filter(user=user).first()
    return cache[organization.pk]


@rules.predicate
def is_organization_member(user, organization) -> bool:
    return _membership(user, organization) is not None


@rules.predicate
def is_organization_admin(user, organization) -> bool:
    membership = _membership(user, organization)
    return membership is not None and membership.is_admin


rules.add_perm("accounts.create_organization", is_signed_in)
rules.add_perm("accounts.change_organization", is_organization_admin | is_administrator)
rules.add_perm("accounts.invite_to_organization", is_organization_admin | is_administrator)
rules.add_perm("accounts.manage_organization_members", is_organization_admin | is_administrator)
rules.add_perm("accounts.view_organization_invitations", is_organization_admin | is_administrator)
rules.add_perm("accounts.leave_organization", is_organization_member | is_administrator)
rules.add_perm("accounts.verify_organization", is_official)
