"""Invitations are no way to mail strangers: nothing from unconfirmed accounts, and limits per
sender and per address (accounts.services.invitation_sender_check)."""

import pytest
from django.core.exceptions import PermissionDenied
from rest_framework.test import APIClient

from accounts import services
from accounts.models import Invitation, Membership
from ideas import services as idea_services
from portal.rate_limits import RateLimited
from tests.accounts.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.ideas.factories import IdeaFactory


def admin_of(organization, **user):
    return MembershipFactory(
        organization=organization, role=Membership.Role.ADMIN, user=UserFactory(**user)
    ).user


def test_an_unconfirmed_account_sends_no_invitation(db, organization):
    admin = admin_of(organization, verified_email=False)
    with pytest.raises(PermissionDenied):
        services.invitation_create(actor=admin, organization=organization, email="target@example.org")
    assert not Invitation.objects.exists()


def test_one_person_sends_only_so_many_invitations(db, organization, settings, mailoutbox):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "invitation": (5, 60)}
    admin = admin_of(organization)
    for number in range(5):
        services.invitation_create(actor=admin, organization=organization, email=f"p{number}@example.org")
    with pytest.raises(RateLimited) as error:
        services.invitation_create(actor=admin, organization=organization, email="p5@example.org")
    assert "sent many invitations" in error.value.messages[0]
    assert Invitation.objects.count() == 5


def test_one_address_is_invited_only_so_often_by_anyone(db):
    # Eight invitations in a row to one address used to go out; now three a day, whoever sends.
    for _round in range(3):
        organization = OrganizationFactory()
        services.invitation_create(
            actor=admin_of(organization), organization=organization, email="Aino@example.org"
        )
    organization = OrganizationFactory()
    with pytest.raises(RateLimited) as error:
        services.invitation_create(
            actor=admin_of(organization), organization=organization, email="aino@example.org"
        )
    assert "This address has been invited several times" in error.value.messages[0]


def test_the_api_answers_429_with_when_to_retry(db, organization, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "invitation": (1, 60)}
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(admin_of(organization))
    base = f"/api/v1/organizations/{organization.pk}/invitations/"
    assert api.post(base, {"email": "a@example.org"}, format="json").status_code == 202
    response = api.post(base, {"email": "b@example.org"}, format="json")
    assert response.status_code == 429 and response.json()["code"] == "rate_limited"


def test_co_author_invitations_count_too(db, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "invitation": (1, 60)}
    idea = IdeaFactory()
    first, second = UserFactory(), UserFactory()
    idea_services.idea_invite_coauthor(actor=idea.author, idea=idea, email=first.email)
    with pytest.raises(RateLimited):
        idea_services.idea_invite_coauthor(actor=idea.author, idea=idea, email=second.email)
