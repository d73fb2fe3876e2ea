"""Reads of people and organizations that pages and the API share."""

from django.db.models import Count, Q, QuerySet

from accounts.models import Invitation, Membership, Organization, User
from portal.searchable import SearchHit, text_match


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


def search_organizations(*, query: str, language: str, limit: int) -> list:
    """Organizations matching `query`, for the site-wide search (`portal.searchable`)."""
    organizations = text_match(
        Organization.objects.all(), fields=["name", "description"], query=query, language=language
    ).order_by("-rank", "name", "pk")[:limit]
    return [
        SearchHit(
            title=organization.name,
            url=organization.get_absolute_url(),
            text=organization.description,
            meta=str(organization.get_kind_display()),
        )
        for organization in organizations
    ]
