"""challenges.privacy: the challenges a person created, curates or evaluates, in their data download
and when they delete their account (the challenges stay: they are the city's)."""

import pytest

from challenges.models import Challenge, Phase
from privacy import services as privacy
from tests.accounts.factories import UserFactory
from tests.challenges.factories import ChallengeFactory

pytestmark = pytest.mark.django_db


def test_export_names_the_challenges_created_curated_and_evaluated(curator, evaluator, challenge, draft):
    other = ChallengeFactory(title="Someone else's", curators=[UserFactory(is_official=True)])
    challenge.created_by = curator
    challenge.save()

    data = privacy.collect(curator)["challenges"]
    assert [c["title"] for c in data["challenges_created"]] == ["Greener commuting"]
    assert sorted(c["title"] for c in data["challenges_curated"]) == [
        "Greener commuting",
        "Safe school routes",
    ]
    assert data["challenges_curated"][0]["url"].startswith("http://testserver/en/challenges/")
    assert data["evaluator_appointments"] == []
    appointments = privacy.collect(evaluator)["challenges"]["evaluator_appointments"]
    assert sorted(a["challenge"]["title"] for a in appointments) == [
        "Greener commuting",
        "Safe school routes",
    ]
    assert other.title not in privacy.to_json(privacy.collect(curator))


def test_deleting_the_account_keeps_the_challenges_and_a_last_curator(curator, evaluator, challenge, draft):
    colleague = UserFactory(name="Leena Official", is_official=True)
    challenge.curators.add(colleague)
    challenge.created_by = curator
    challenge.save()
    privacy.account_delete(actor=curator, password="a-good-password-42")

    assert Challenge.objects.filter(pk__in=[challenge.pk, draft.pk]).count() == 2
    assert list(challenge.curators.all()) == [colleague]
    assert list(draft.curators.all()) == [curator]  # the last one stays until another is added
    challenge.refresh_from_db()
    assert challenge.created_by_id == curator.pk

    privacy.account_delete(actor=evaluator, password="a-good-password-42")
    assert not challenge.appointments.exists() and not draft.appointments.exists()


def test_a_deleted_colleague_does_not_count_as_the_curator_who_remains(curator):
    gone = UserFactory(is_official=True)
    challenge = ChallengeFactory(phase=Phase.IDEAS, curators=[gone])
    privacy.account_delete(actor=gone, password="a-good-password-42")
    assert set(challenge.curators.all()) == {gone}  # the last one
    challenge.curators.add(curator)
    privacy.account_delete(actor=curator, password="a-good-password-42")
    assert set(challenge.curators.all()) == {gone, curator}
