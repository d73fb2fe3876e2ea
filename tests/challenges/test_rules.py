"""Who may do what with a challenge: every role against every challenge permission."""

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.accounts.factories import UserFactory

PERMS = [
    "view_challenge",
    "change_challenge",
    "publish_challenge",
    "close_challenge",
    "appoint_evaluator",
    "manage_curators",
]
ROLES = ["visitor", "resident", "official", "moderator", "evaluator", "curator", "administrator"]
CURATING = {"curator", "administrator"}


@pytest.fixture
def person(request, resident, official, moderator, administrator, curator, evaluator):
    return {
        "visitor": AnonymousUser(),
        "resident": resident,
        "official": official,
        "moderator": moderator,
        "evaluator": evaluator,
        "curator": curator,
        "administrator": administrator,
    }[request.param]


@pytest.mark.parametrize("person", ROLES, indirect=True)
@pytest.mark.parametrize("perm", PERMS)
def test_published_challenge(person, perm, challenge, request):
    role = request.node.callspec.params["person"]
    expected = perm == "view_challenge" or role in CURATING
    assert person.has_perm(f"challenges.{perm}", challenge) is expected


@pytest.mark.parametrize("person", ROLES, indirect=True)
@pytest.mark.parametrize("perm", PERMS)
def test_draft_is_only_for_its_curators(person, perm, draft, request):
    role = request.node.callspec.params["person"]
    assert person.has_perm(f"challenges.{perm}", draft) is (role in CURATING)


@pytest.mark.parametrize("person", ROLES, indirect=True)
def test_only_officials_create_challenges(person, request):
    role = request.node.callspec.params["person"]
    assert person.has_perm("challenges.create_challenge") is (
        role in {"official", "curator", "administrator"}
    )


def test_a_curator_who_is_no_longer_an_official_loses_the_curator_rights(curator, challenge, draft):
    curator.is_official = False
    curator.save()
    curator = type(curator).objects.get(pk=curator.pk)
    assert not curator.has_perm("challenges.change_challenge", challenge)
    assert not curator.has_perm("challenges.view_challenge", draft)


def test_an_inactive_administrator_has_no_rights(draft):
    administrator = UserFactory(is_superuser=True, is_active=False)
    assert not administrator.has_perm("challenges.view_challenge", draft)
