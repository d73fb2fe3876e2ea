"""Fixtures for pilots: a challenge in each phase with a curator, an evaluator and criteria."""

import pytest

from challenges.models import Phase
from tests.accounts.factories import UserFactory
from tests.challenges.factories import ChallengeFactory, CriterionFactory, EvaluatorAppointmentFactory


@pytest.fixture
def curator(db):
    return UserFactory(name="Carla Curator", is_official=True)


@pytest.fixture
def evaluator(db):
    return UserFactory(name="Eero Evaluator", is_official=True)


@pytest.fixture
def make_challenge(curator, evaluator):
    """A challenge in `phase`, curated by `curator`, evaluated by `evaluator`, with two criteria."""

    def make(phase=Phase.PROPOSALS, **kwargs):
        challenge = ChallengeFactory(phase=phase, curators=[curator], **kwargs)
        EvaluatorAppointmentFactory(challenge=challenge, evaluator=evaluator)
        CriterionFactory(challenge=challenge, name="Impact", weight=3, min_score=2)
        CriterionFactory(challenge=challenge, name="Feasibility", weight=1, min_score=0)
        return challenge

    return make


@pytest.fixture
def challenge(make_challenge):
    return make_challenge(Phase.PROPOSALS)


@pytest.fixture
def evaluation_challenge(make_challenge):
    return make_challenge(Phase.EVALUATION)
