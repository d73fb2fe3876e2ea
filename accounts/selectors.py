"""Reads of people and organizations that pages and the API share."""

from django.db.models import Count, Q, QuerySet

from accounts.models import Invitation, Membership, Organization, User


def organization_list(
    *, kind: str = "", verified: bool | None = None, query: str = ""
) -> QuerySet[Organization]:
    organizations = Organization.objects.annotate(member_count=Count("memberships"))
    if kind:
        organizations = organizations.filter(kind=kind)
    if verified is not None:
        organizations = organizations.filter(verified_at__isnull=not verified)
    if query:
        organizations = organizations.filter(Q(name__icontains=query) | Q(description__icontains=query))
    return organizations.order_by("name", "pk")


def organization_members(*, organization: Organization) -> QuerySet[Membership]:
    return organization.memberships.select_related("user").order_by("-role", "user__name")


def organization_open_invitations(*, organization: Organization) -> QuerySet[Invitation]:
    return organization.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True).select_related(
        "invited_by"
    )


def user_organizations(*, user: User) -> QuerySet[Organization]:
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(memberships__user=user).order_by("name")


def user_by_confirmed_email(email: str) -> User | None:
    """The active person whose address this is, if they have confirmed it; otherwise None.

    Whoever is taken by email (curator, evaluator, team member, co-author) gets to see what the
    address's owner may see; an address nobody has confirmed may belong to anyone who typed it."""
    email = email.strip()
    if not email:
        return None
    return (
        User.objects.filter(
            email__iexact=email,
            is_active=True,
            emailaddress__email__iexact=email,
            emailaddress__verified=True,
        )
        .distinct()
        .first()
    )
