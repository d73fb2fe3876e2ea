"""Every role × action on events, allowed and denied, in each state of an event.

The event is an organization's, organized by one of its members; `official` is an official who does
not organize it. The same table is checked through the API in test_api.py.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from accounts.models import Membership
from tests.accounts.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.events.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "resident", "seat", "waiting", "organizer", "org_admin", "org_member", "official",
         "moderator", "administrator"]  # fmt: skip
ORGANIZERS = {"organizer", "org_admin", "administrator"}
SIGNED_IN = set(ROLES) - {"visitor"}

ALLOWED = {
    "upcoming": {
        "events.view_event": set(ROLES),
        "events.change_event": ORGANIZERS,
        "events.cancel_event": ORGANIZERS,
        "events.view_registrations": ORGANIZERS,
        "events.mark_attendance": set(),
        "events.publish_report": set(),
        "events.register": SIGNED_IN - {"seat", "waiting"},
        "events.cancel_registration": {"seat", "waiting"},
        "events.view_online_link": ORGANIZERS | {"seat"},
        "events.create_idea": set(),
    },
    "running": {
        "events.view_event": set(ROLES),
        "events.change_event": ORGANIZERS,
        "events.cancel_event": ORGANIZERS,
        "events.view_registrations": ORGANIZERS,
        "events.mark_attendance": ORGANIZERS,
        "events.publish_report": set(),
        "events.register": set(),
        "events.cancel_registration": {"seat", "waiting"},
        "events.view_online_link": ORGANIZERS | {"seat"},
        "events.create_idea": ORGANIZERS | {"seat"},
    },
    "past": {
        "events.view_event": set(ROLES),
        "events.change_event": set(),
        "events.cancel_event": set(),
        "events.view_registrations": ORGANIZERS,
        "events.mark_attendance": ORGANIZERS,
        "events.publish_report": ORGANIZERS,
        "events.register": set(),
        "events.cancel_registration": set(),
        "events.view_online_link": ORGANIZERS | {"seat"},
        "events.create_idea": ORGANIZERS | {"seat"},
    },
    "cancelled": {
        "events.view_event": set(ROLES),
        "events.change_event": set(),
        "events.cancel_event": set(),
        "events.view_registrations": ORGANIZERS,
        "events.mark_attendance": set(),
        "events.publish_report": set(),
        "events.register": set(),
        "events.cancel_registration": {"seat", "waiting"},
        "events.view_online_link": ORGANIZERS | {"seat"},
        "events.create_idea": set(),
    },
}


def make_event(state: str, organizer, organization):
    now = timezone.now()
    starts = {"upcoming": now + timedelta(days=2), "running": now - timedelta(minutes=30),
              "past": now - timedelta(days=2), "cancelled": now + timedelta(days=2)}[state]  # fmt: skip
    event = EventFactory(
        organizer=organizer,
        organization=organization,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        registration_closes_at=starts,
        online_url="https://meet.example.org/garden",
        status="cancelled" if state == "cancelled" else "scheduled",
    )
    return event


@pytest.fixture
def people():
    organization = OrganizationFactory()
    organizer = MembershipFactory(organization=organization).user
    return {
        "organization": organization,
        "visitor": AnonymousUser(),
        "resident": UserFactory(),
        "seat": UserFactory(),
        "waiting": UserFactory(),
        "organizer": organizer,
        "org_admin": MembershipFactory(organization=organization, role=Membership.Role.ADMIN).user,
        "org_member": MembershipFactory(organization=organization).user,
        "official": UserFactory(is_official=True),
        "moderator": UserFactory(is_moderator=True),
        "administrator": UserFactory(is_superuser=True, is_staff=True),
    }


@pytest.mark.parametrize("state", list(ALLOWED))
def test_every_role_and_action(people, state):
    event = make_event(state, people["organizer"], people["organization"])
    RegistrationFactory(event=event, user=people["seat"])
    RegistrationFactory(event=event, user=people["waiting"], status="waiting")
    wrong = []
    for perm, allowed in ALLOWED[state].items():
        for role in ROLES:
            expected = role in allowed
            if people[role].has_perm(perm, event) != expected:
                wrong.append(f"{role} {'should' if expected else 'should not'} {perm}")
    assert not wrong, wrong


def test_who_may_announce_events(people):
    allowed = {"organizer", "org_admin", "org_member", "official", "administrator"}
    wrong = [role for role in ROLES if people[role].has_perm("events.add_event") != (role in allowed)]
    assert not wrong, wrong


def test_an_organizer_who_left_the_organization_no_longer_organizes(people):
    event = make_event("upcoming", people["organizer"], people["organization"])
    Membership.objects.filter(user=people["organizer"]).delete()
    people["organizer"].__dict__.pop("_membership_cache", None)
    assert not people["organizer"].has_perm("events.change_event", event)


def test_a_city_event_is_run_by_its_organizer_not_by_every_official(people):
    organizer = UserFactory(is_official=True)
    event = EventFactory(organizer=organizer)
    assert organizer.has_perm("events.change_event", event)
    assert not people["official"].has_perm("events.change_event", event)
    assert people["administrator"].has_perm("events.change_event", event)


def test_an_inactive_account_organizes_nothing(people):
    event = make_event("upcoming", people["organizer"], people["organization"])
    people["organizer"].is_active = False
    assert not people["organizer"].has_perm("events.change_event", event)
