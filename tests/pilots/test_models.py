"""The invariants the database keeps, whatever code writes to it."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from pilots.models import STATUS_VALUES, Participant, Pilot, Review, Score, TeamMember
from tests.challenges.factories import CriterionFactory
from tests.pilots.factories import ParticipantFactory, PilotFactory, ReviewFactory


def refused(write) -> bool:
    try:
        with transaction.atomic():
            write()
    except IntegrityError:
        return True
    return False


def test_the_constraints_status_list_is_the_status_choices():
    assert Pilot.Status.values == STATUS_VALUES


def test_a_score_stays_on_the_scale(db):
    review = ReviewFactory()
    criterion = CriterionFactory(challenge=review.pilot.challenge)
    assert refused(lambda: Score.objects.bulk_create([Score(review=review, criterion=criterion, score=6)]))
    Score.objects.create(review=review, criterion=criterion, score=5)
    assert refused(
        lambda: Score.objects.create(review=review, criterion=criterion, score=1)
    )  # once per criterion


def test_one_review_per_evaluator_and_proposal(db):
    review = ReviewFactory()
    assert refused(lambda: Review.objects.create(pilot=review.pilot, evaluator=review.evaluator))


def test_lifecycle_invariants(db):
    pilot = PilotFactory()
    assert refused(lambda: Pilot.objects.filter(pk=pilot.pk).update(status="submitted"))  # no date
    assert refused(lambda: Pilot.objects.filter(pk=pilot.pk).update(status="nonsense"))
    declined = PilotFactory(status="declined")
    assert refused(lambda: Pilot.objects.filter(pk=declined.pk).update(decision_reason=""))
    completed = PilotFactory(status="completed")
    assert refused(lambda: Pilot.objects.filter(pk=completed.pk).update(next_step=""))
    assert refused(lambda: Pilot.objects.filter(pk=pilot.pk).update(budget_requested=-1))


def test_one_lead_and_one_membership_per_person(db):
    pilot = PilotFactory()
    lead = pilot.team_members.get()
    assert refused(lambda: TeamMember.objects.create(pilot=pilot, user=lead.user))
    other = PilotFactory().created_by
    assert refused(lambda: TeamMember.objects.create(pilot=pilot, user=other, role="lead"))


def test_one_active_participation_per_person(db):
    participant = ParticipantFactory()
    assert refused(lambda: ParticipantFactory(pilot=participant.pilot, user=participant.user))
    participant.withdrawn_at = timezone.now()
    participant.save()
    ParticipantFactory(pilot=participant.pilot, user=participant.user)
    assert Participant.objects.filter(pilot=participant.pilot, user=participant.user).count() == 2


@pytest.mark.parametrize("status", ["accepted", "running", "completed", "discontinued"])
def test_public_statuses(db, status):
    assert PilotFactory.build(status=status).is_public
