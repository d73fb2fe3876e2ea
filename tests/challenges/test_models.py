import pytest
from django.utils import timezone

from challenges.models import Challenge, Phase
from tests.challenges.factories import ChallengeFactory


@pytest.mark.parametrize("phase", list(Phase))
def test_phase_derived_in_python_and_in_the_database_agree(db, phase):
    challenge = ChallengeFactory(phase=phase)
    now = timezone.now()
    assert challenge.phase_at(now) == phase
    for other in Phase:
        found = Challenge.objects.in_phase(other, now).filter(pk=challenge.pk).exists()
        assert found == (other == phase), (phase, other)


def test_closing_early_closes(db):
    challenge = ChallengeFactory(phase=Phase.PROPOSALS)
    assert challenge.accepts_proposals()
    challenge.closed_early_at = timezone.now()
    assert challenge.phase == Phase.CLOSED and not challenge.accepts_proposals()


def test_open_now_means_ideas_or_proposals(db):
    open_ones = {ChallengeFactory(phase=Phase.IDEAS).pk, ChallengeFactory(phase=Phase.PROPOSALS).pk}
    for phase in (Phase.DRAFT, Phase.UPCOMING, Phase.EVALUATION, Phase.PILOTING, Phase.CLOSED):
        ChallengeFactory(phase=phase)
    assert set(Challenge.objects.open_now().values_list("pk", flat=True)) == open_ones
