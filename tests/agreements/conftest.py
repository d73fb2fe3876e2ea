"""Fixtures for agreements: a running pilot's challenge in its piloting phase, one person per role,
and an agreement drawn up (and accepted) through the services."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from agreements import services
from agreements.models import FinanceContact
from challenges.models import Phase
from pilots.models import Pilot
from tests.accounts.factories import UserFactory
from tests.challenges.factories import ChallengeFactory
from tests.pilots.factories import PilotFactory


@pytest.fixture
def curator(db):
    return UserFactory(name="Carla Curator", is_official=True)


@pytest.fixture
def finance(db):
    return UserFactory(name="Fredrik Finance", is_official=True)


@pytest.fixture
def lead(db):
    return UserFactory(name="Tiina Lead")


@pytest.fixture
def member(db):
    return UserFactory(name="Mikko Member")


@pytest.fixture
def challenge(curator, finance):
    challenge = ChallengeFactory(phase=Phase.PILOTING, curators=[curator])
    FinanceContact.objects.create(challenge=challenge, user=finance, appointed_by=curator)
    return challenge


@pytest.fixture
def pilot(challenge, lead, member):
    return PilotFactory(
        challenge=challenge,
        created_by=lead,
        team=[member],
        status=Pilot.Status.ACCEPTED,
        budget_requested=Decimal("30000"),
    )


def due(days: int):
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def milestone_rows(shares=("30", "30", "40"), days=(10, 40, 100)):
    return [
        {"title": f"Milestone {n}", "deliverable": f"Deliverable {n}", "due_date": due(d), "share": share}
        for n, (share, d) in enumerate(zip(shares, days, strict=True), start=1)
    ]


@pytest.fixture
def draw_up(curator):
    def make(pilot, **overrides):
        values = {
            "budget": "30000",
            "terms": "The team delivers; the city pays by milestone.",
            "city_contact": "Carla Curator, carla@espoo.example",
            "team_contact": "Tiina Lead, 040 123",
            "milestones": milestone_rows(),
        }
        values.update(overrides)
        return services.agreement_draw_up(actor=curator, pilot=pilot, **values)

    return make


@pytest.fixture
def draft(pilot, draw_up):
    return draw_up(pilot)


@pytest.fixture
def agreement(draft, lead):
    return services.agreement_accept(actor=lead, agreement=draft, expected_version=draft.version)
