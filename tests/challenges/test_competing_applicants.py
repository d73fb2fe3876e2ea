"""A competitor is no judge: someone on the team of a proposal to a challenge cannot be appointed
its evaluator or curator (the other direction, an insider joining a team, was already refused)."""

import pytest
from django.core.exceptions import ValidationError

from challenges import services
from challenges.models import EvaluatorAppointment
from tests.accounts.factories import UserFactory
from tests.pilots.factories import PilotFactory


def test_a_competing_applicant_cannot_be_appointed_evaluator(db, official):
    applicant = UserFactory(is_official=True, name="Olli Applicant")
    pilot = PilotFactory(created_by=applicant)
    pilot.challenge.curators.add(official)
    with pytest.raises(ValidationError) as error:
        services.evaluator_appoint(actor=official, challenge=pilot.challenge, email=applicant.email)
    assert "Olli Applicant is on the team of a proposal" in str(error.value)
    assert not EvaluatorAppointment.objects.filter(evaluator=applicant).exists()


def test_a_competing_applicant_cannot_be_made_curator(db, official):
    applicant = UserFactory(is_official=True)
    pilot = PilotFactory(created_by=applicant)
    pilot.challenge.curators.add(official)
    with pytest.raises(ValidationError):
        services.curator_add(actor=official, challenge=pilot.challenge, email=applicant.email)
    assert not pilot.challenge.curators.filter(pk=applicant.pk).exists()


def test_someone_without_a_proposal_there_still_can(db, official):
    elsewhere = UserFactory(is_official=True)
    PilotFactory(created_by=elsewhere)  # a proposal to another challenge
    pilot = PilotFactory()
    pilot.challenge.curators.add(official)
    services.evaluator_appoint(actor=official, challenge=pilot.challenge, email=elsewhere.email)
    assert EvaluatorAppointment.objects.filter(evaluator=elsewhere, challenge=pilot.challenge).exists()
