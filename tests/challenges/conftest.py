"""People and challenges the challenge tests share: a curator, an evaluator, a draft and a live one."""

import pytest

from challenges.models import Phase
from tests.accounts.factories import UserFactory
from tests.challenges.factories import ChallengeFactory, CriterionFactory, EvaluatorAppointmentFactory


@pytest.fixture
def curator(db):
    return UserFactory(name="Kaisa Curator", is_official=True)


@pytest.fixture
def evaluator(db):
    # Evaluators need not be officials: outside experts are appointed too.
    return UserFactory(name="Eero Evaluator")


@pytest.fixture
def challenge(curator, evaluator):
    """A published challenge taking proposals, with a criterion and an evaluator."""
    challenge = ChallengeFactory(phase=Phase.PROPOSALS, curators=[curator], title="Greener commuting")
    CriterionFactory(challenge=challenge, name="Impact", weight=3)
    EvaluatorAppointmentFactory(challenge=challenge, evaluator=evaluator)
    return challenge


@pytest.fixture
def draft(curator, evaluator):
    """A complete draft, ready to publish."""
    draft = ChallengeFactory(phase=Phase.DRAFT, curators=[curator], title="Safe school routes")
    CriterionFactory(challenge=draft, name="Safety")
    EvaluatorAppointmentFactory(challenge=draft, evaluator=evaluator)
    return draft
