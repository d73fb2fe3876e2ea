"""Every role × action on places and site requests, allowed and denied (`places/rules.py`)."""

import pytest

from places.rules import can
from tests.ideas.factories import IdeaFactory
from tests.places.factories import PlaceFactory, SiteRequestFactory

ROLES = ["visitor", "resident", "team", "host", "curator", "official", "moderator", "administrator"]

# permission, the object it is asked about, the roles allowed
MATRIX = [
    ("places.view_place", "place", set(ROLES)),
    ("places.add_place", None, {"curator", "official", "administrator"}),
    ("places.change_place", "place", {"host", "administrator"}),
    ("places.view_place_requests", "place", {"host", "administrator"}),
    ("places.request_site", "pilot", {"team"}),
    ("places.view_site_request", "pending", {"team", "host", "curator", "administrator"}),
    ("places.decide_site_request", "pending", {"host", "administrator"}),
    ("places.decide_site_request", "approved", set()),
    ("places.accept_proposed_dates", "dates_proposed", {"team"}),
    ("places.accept_proposed_dates", "pending", set()),
    ("places.withdraw_site_request", "pending", {"team"}),
    ("places.withdraw_site_request", "approved", set()),
    ("places.cancel_site_request", "approved", {"team", "host", "administrator"}),
    ("places.cancel_site_request", "pending", set()),
    ("places.pick_test_site", "pilot", {"team"}),
    ("places.link_challenge_places", "challenge", {"curator", "administrator"}),
    ("places.locate_idea", "idea", {"resident"}),
]


@pytest.fixture
def objects(people, place, pilot):
    return {
        None: None,
        "place": place,
        "pilot": pilot,
        "challenge": pilot.challenge,
        "pending": SiteRequestFactory(place=place, pilot=pilot),
        "approved": SiteRequestFactory(place=place, pilot=pilot, status="approved"),
        "dates_proposed": SiteRequestFactory(
            place=PlaceFactory(host=place.host),
            pilot=pilot,
            status="dates_proposed",
            proposed_starts_on=pilot.created_at.date(),
            proposed_ends_on=pilot.created_at.date(),
        ),
        "idea": IdeaFactory(author=people["resident"]),
    }


@pytest.mark.parametrize(("perm", "target", "allowed"), MATRIX, ids=[f"{p}-{t}" for p, t, _a in MATRIX])
@pytest.mark.parametrize("role", ROLES)
def test_role_and_action(people, objects, perm, target, allowed, role):
    assert can(people[role], perm, objects[target]) is (role in allowed)


@pytest.mark.parametrize(
    "status", ["draft", "submitted", "in_review", "declined", "completed", "discontinued"]
)
def test_a_team_asks_for_a_site_only_once_chosen_and_while_it_runs(people, team_lead, status):
    from tests.pilots.factories import PilotFactory

    assert not can(team_lead, "places.request_site", PilotFactory(created_by=team_lead, status=status))
