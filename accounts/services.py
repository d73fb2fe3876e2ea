"""Every change to people and organizations goes through here.

Each function checks that the actor may do it, validates, and writes in one transaction. Errors
that a person can fix are `ValidationError`s with a message for them; a missing right is
`PermissionDenied`.
"""

import contextlib
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.business_id import normalize_business_id
from accounts.models import Invitation, Membership, Organization, User
from portal.audit import audit_record
from portal.queue import enqueue_after_commit
from portal.uploads import clean_image, delete_after_commit, store

INVITATION_SALT = "accounts.invitation"


def _require(actor: User, perm: str, obj=None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


def _forget_memberships(user: User) -> None:
    """Drop the per-request membership cache that `accounts.rules` keeps on the user.

    `del` rather than `__dict__`, so it also reaches a user behind request.user's lazy wrapper.
    """
    with contextlib.suppress(AttributeError):
        del user._membership_cache


# --- People ---------------------------------------------------------------------------------


def user_update_profile(*, actor: User, name: str, language: str) -> User:
    # One line: the name is quoted in email subjects, where a line break is refused.
    actor.name = " ".join(name.split())
    actor.language = language
    actor.full_clean(exclude=["password"])
    actor.save(update_fields=["name", "language"])
    return actor


def user_set_language(*, user: User, language: str) -> None:
    """Remember the interface language a signed-in person picked."""
    if language in dict(settings.LANGUAGES) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])


@transaction.atomic
def user_set_roles(*, actor: User, user: User, official: bool, moderator: bool, administrator: bool) -> User:
    """Grant or take away the portal-wide roles. Only administrators may."""
    if not actor.is_superuser:
        raise PermissionDenied
    if user == actor and not administrator:
        raise ValidationError(_("You cannot take away your own administrator role."))
    before = {
        "official": user.is_official,
        "moderator": user.is_moderator,
        "administrator": user.is_superuser,
    }
    after = {"official": official, "moderator": moderator, "administrator": administrator}
    user.is_official = official
    user.is_moderator = moderator
    user.is_superuser = administrator
    # The Django admin is for administrators; staff status follows the role.
    user.is_staff = administrator
    user.save(update_fields=["is_official", "is_moderator", "is_superuser", "is_staff"])
    if before != after:
        audit_record(actor=actor, action="roles.change", target=user, before=before, after=after)
    return user


# --- Organizations --------------------------------------------------------------------------


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "organization"
    slug, n = base, 2
    while Organization.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def _save_organization(
    organization: Organization, *, logo: File | None = None, remove_logo: bool = False
) -> None:
    """Validate and save; a new logo is checked and re-encoded first (`portal.uploads`), and the
    file it replaces is deleted after the commit."""
    organization.business_id = normalize_business_id(organization.business_id)
    errors: dict = {}
    clean = None
    try:
        organization.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    try:
        clean = clean_image(logo, field="logo") if logo is not None and not remove_logo else None
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    if remove_logo or clean is not None:
        delete_after_commit(organization.logo)
        organization.logo, organization.logo_width, organization.logo_height = "", None, None
    if clean is not None:
        store(organization.logo, clean)
        organization.logo_width, organization.logo_height = clean.width, clean.height
    try:
        with transaction.atomic():
            organization.save()
    except IntegrityError as error:
        if clean is not None:  # the row that would have named the new file is not there
            organization.logo.storage.delete(organization.logo.name)
        # Two people registering the same business ID at once: the constraint decides.
        raise ValidationError(
            {"business_id": _("An organization with this business ID is already registered.")}
        ) from error


@transaction.atomic
def organization_create(
    *,
    actor: User,
    name: str,
    kind: str,
    business_id: str = "",
    description: str = "",
    website: str = "",
    logo: File | None = None,
) -> Organization:
    """Create an organization; its creator becomes its first administrator."""
    _require(actor, "accounts.create_organization")
    organization = Organization(
        name=name.strip(),
        slug=_unique_slug(name),
        kind=kind,
        business_id=business_id,
        description=description.strip(),
        website=website,
        created_by=actor,
    )
    _save_organization(organization, logo=logo)
    Membership.objects.create(organization=organization, user=actor, role=Membership.Role.ADMIN)
    _forget_memberships(actor)
    return organization


@transaction.atomic
def organization_update(
    *, actor: User, organization: Organization, logo: File | None = None, remove_logo: bool = False, **fields
) -> Organization:
    """Change an organization's details; `logo` replaces its logo, `remove_logo` drops it."""
    _require(actor, "accounts.change_organization", organization)
    allowed = {"name", "kind", "business_id", "description", "website"}
    for field, value in fields.items():
        if field not in allowed:
            raise TypeError(f"{field} cannot be changed here")
        setattr(organization, field, value.strip() if isinstance(value, str) else value)
    if "business_id" in fields and organization.verified_at:
        # A verification vouches for the business ID it saw; a new ID needs a new look.
        old = Organization.objects.values_list("business_id", flat=True).get(pk=organization.pk)
        if normalize_business_id(fields["business_id"]) != old:
            organization.verified_at = None
            organization.verified_by = None
    _save_organization(organization, logo=logo, remove_logo=remove_logo)
    return organization


@transaction.atomic
def organization_verify(*, actor: User, organization: Organization, verified: bool = True) -> Organization:
    """An official vouches that the organization is what it says it is (or withdraws that)."""
    _require(actor, "accounts.verify_organization", organization)
    organization.verified_at = timezone.now() if verified else None
    organization.verified_by = actor if verified else None
    organization.save(update_fields=["verified_at", "verified_by"])
    audit_record(
        actor=actor,
        action="organization.verify" if verified else "organization.unverify",
        target=organization,
        business_id=organization.business_id,
    )
    return organization


# --- Invitations ----------------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps(invitation.pk, salt=INVITATION_SALT)


def invitation_from_token(token: str) -> Invitation:
    """The invitation a link points to, or a ValidationError that says what is wrong with it."""
    try:
        pk = signing.loads(token, salt=INVITATION_SALT)
        invitation = Invitation.objects.select_related("organization", "invited_by").get(pk=pk)
    except (signing.BadSignature, Invitation.DoesNotExist, TypeError, ValueError) as error:
        raise ValidationError(
            _("This invitation link is not valid. Ask the organization to send a new one."),
            code="invitation_invalid",
        ) from error
    return invitation


@transaction.atomic
def invitation_create(
    *, actor: User, organization: Organization, email: str, role: str = Membership.Role.MEMBER
) -> Invitation:
    """Invite someone by email; the email goes out after the transaction commits."""
    _require(actor, "accounts.invite_to_organization", organization)
    email = User.objects.normalize_email(email.strip()).lower()
    if organization.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError(
            {"email": _("%(email)s is already a member of this organization.") % {"email": email}}
        )
    open_invitations = organization.invitations.filter(
        email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    )
    # Inviting again replaces the earlier invitation, so only the newest link works.
    open_invitations.update(revoked_at=timezone.now())
    invitee = User.objects.filter(email__iexact=email).first()
    invitation = Invitation(
        organization=organization,
        email=email,
        role=role,
        invited_by=actor,
        language=invitee.language if invitee else (get_language() or settings.LANGUAGE_CODE)[:2],
        expires_at=timezone.now() + timedelta(days=settings.ORGANIZATION_INVITATION_DAYS),
    )
    invitation.full_clean()
    invitation.save()

    enqueue_after_commit("accounts.send_organization_invitation", invitation.pk)
    return invitation


def invitation_check(*, actor: User, invitation: Invitation) -> None:
    """Raise a ValidationError saying why the actor cannot accept this invitation, if they cannot."""
    if invitation.revoked_at:
        raise ValidationError(
            _("This invitation was withdrawn or replaced by a newer one."), code="invitation_revoked"
        )
    if invitation.accepted_at:
        raise ValidationError(_("This invitation has already been used."), code="invitation_used")
    if invitation.is_expired:
        raise ValidationError(
            _("This invitation expired on %(date)s. Ask the organization to send a new one.")
            % {"date": date_format(timezone.localtime(invitation.expires_at), "SHORT_DATE_FORMAT")},
            code="invitation_expired",
        )
    if actor.email.lower() != invitation.email.lower():
        raise ValidationError(
            _("This invitation was sent to %(email)s. Sign in with that address to accept it.")
            % {"email": invitation.email},
            code="invitation_other_email",
        )


@transaction.atomic
def invitation_accept(*, actor: User, invitation: Invitation) -> Membership:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    invitation_check(actor=actor, invitation=invitation)
    membership, created = Membership.objects.get_or_create(
        organization_id=invitation.organization_id, user=actor, defaults={"role": invitation.role}
    )
    if not created and invitation.role == Membership.Role.ADMIN and not membership.is_admin:
        membership.role = Membership.Role.ADMIN
        membership.save(update_fields=["role"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = actor
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    _forget_memberships(actor)
    return membership


def invitation_revoke(*, actor: User, invitation: Invitation) -> None:
    _require(actor, "accounts.invite_to_organization", invitation.organization)
    if invitation.is_open:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])


# --- Memberships ----------------------------------------------------------------------------


def _lock_memberships(organization_id: int) -> dict[int, Membership]:
    """Lock every membership of the organization, always in the same order, before a change that
    the last-administrator rule watches. Two administrators stepping down at the same moment are
    then served one after the other (and the second is refused) instead of deadlocking."""
    locked = Membership.objects.select_for_update().filter(organization_id=organization_id).order_by("pk")
    return {membership.pk: membership for membership in locked}


def _ensure_another_admin(membership: Membership, locked: dict[int, Membership], message: str) -> None:
    others = [other for other in locked.values() if other.pk != membership.pk and other.is_admin]
    if membership.is_admin and not others:
        raise ValidationError(message, code="last_admin")


def _locked_member(membership: Membership) -> tuple[Membership, dict[int, Membership]]:
    """The membership as it is now, locked with its organization's others."""
    locked = _lock_memberships(membership.organization_id)
    if membership.pk not in locked:  # removed, or left, a moment ago
        raise ValidationError(_("This person is no longer a member of the organization."), code="not_member")
    return locked[membership.pk], locked


@transaction.atomic
def membership_leave(*, actor: User, organization: Organization) -> None:
    _require(actor, "accounts.leave_organization", organization)
    locked = _lock_memberships(organization.pk)
    membership = next((m for m in locked.values() if m.user_id == actor.pk), None)
    if membership is None:
        raise ValidationError(_("You are not a member of this organization."), code="not_member")
    _ensure_another_admin(
        membership,
        locked,
        _(
            "You are the only administrator of %(organization)s. "
            "Make another member an administrator before you leave."
        )
        % {"organization": organization.name},
    )
    membership.delete()
    _forget_memberships(actor)


@transaction.atomic
def membership_remove(*, actor: User, membership: Membership) -> None:
    _require(actor, "accounts.manage_organization_members", membership.organization)
    if membership.user_id == actor.pk:
        raise ValidationError(_("To leave the organization yourself, use Leave."))
    membership, locked = _locked_member(membership)
    # A portal administrator who is not a member could otherwise remove the last administrator.
    _ensure_another_admin(membership, locked, _("An organization needs at least one administrator."))
    membership.delete()


@transaction.atomic
def membership_set_role(*, actor: User, membership: Membership, role: str) -> Membership:
    _require(actor, "accounts.manage_organization_members", membership.organization)
    if role not in Membership.Role.values:
        raise ValidationError(_("Choose a valid role."))
    membership, locked = _locked_member(membership)
    if role != Membership.Role.ADMIN:
        _ensure_another_admin(membership, locked, _("An organization needs at least one administrator."))
    membership.role = role
    membership.save(update_fields=["role"])
    _forget_memberships(actor)
    return membership
