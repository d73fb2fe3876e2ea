from datetime import timedelta

from django.utils import timezone

from challenges import services, tasks
from challenges.models import Challenge, Phase
from notifications.models import Event, Notification
from tests.challenges.factories import ChallengeFactory
from tests.pilots.factories import PilotFactory


def test_proposals_opening_and_the_deadline_are_announced_once(db, django_capture_on_commit_callbacks):
    challenge = ChallengeFactory(phase=Phase.PROPOSALS)
    ChallengeFactory(phase=Phase.EVALUATION)  # closed for proposals: nothing to announce
    ChallengeFactory(phase=Phase.DRAFT)
    draft = PilotFactory(challenge=challenge, status="draft")
    PilotFactory(challenge=challenge, status="submitted")

    with django_capture_on_commit_callbacks(execute=True):
        tasks.announce_phases()
        tasks.announce_phases()
    assert list(Event.objects.values_list("kind", flat=True)) == ["challenge.proposals_open"]

    Challenge.objects.filter(pk=challenge.pk).update(proposals_close=timezone.now() + timedelta(hours=30))
    with django_capture_on_commit_callbacks(execute=True):
        tasks.announce_phases()
        tasks.announce_phases()
    deadline = Event.objects.get(kind="challenge.deadline")
    # The team with an unsubmitted draft is reminded; the submitted team is not.
    assert set(Notification.objects.filter(event=deadline).values_list("recipient", flat=True)) == {
        draft.created_by_id
    }


def test_a_closed_early_challenge_is_not_announced(db):
    challenge = ChallengeFactory(phase=Phase.PROPOSALS, closed_early_at=timezone.now())
    assert not services.challenge_announce(challenge_id=challenge.pk, what="proposals_open")
