"""Fixtures for places: a place with its host, a team with a shortlisted proposal."""

import pytest

from accounts.models import Membership
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.pilots.factories import PilotFactory
from tests.places.factories import PlaceFactory


@pytest.fixture
def place(db):
    return PlaceFactory(name_fi="Iso Omenan palvelutori", name_sv="Iso Omenas servicetorg")


@pytest.fixture
def host(place):
    return MembershipFactory(organization=place.host, role=Membership.Role.MEMBER).user


@pytest.fixture
def team_lead(db):
    return UserFactory(name="Tiina Team")


@pytest.fixture
def pilot(team_lead):
    return PilotFactory(created_by=team_lead, status="shortlisted")


@pytest.fixture
def curator_of_pilot(pilot):
    user = UserFactory(name="Carla Curator", is_official=True)
    pilot.challenge.curators.add(user)
    return user


@pytest.fixture
def people(db, place, host, pilot, team_lead, curator_of_pilot, resident, official, moderator, administrator):
    """One person per role towards `place` and `pilot` (None: a visitor)."""
    from django.contrib.auth.models import AnonymousUser

    return {
        "visitor": AnonymousUser(),
        "resident": resident,
        "team": team_lead,
        "host": host,
        "curator": curator_of_pilot,
        "official": official,
        "moderator": moderator,
        "administrator": administrator,
    }
