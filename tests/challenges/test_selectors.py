from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from challenges import selectors
from challenges.models import Challenge, Phase
from portal.models import District
from tests.accounts.factories import UserFactory
from tests.challenges.factories import ChallengeFactory, CriterionFactory


def titles(challenges) -> list[str]:
    return [challenge.title for challenge in challenges]


class TestVisibility:
    @pytest.fixture
    def challenges(self, curator):
        return {
            "published": ChallengeFactory(phase=Phase.PROPOSALS, title="Published"),
            "mine": ChallengeFactory(phase=Phase.DRAFT, title="My draft", curators=[curator]),
            "theirs": ChallengeFactory(phase=Phase.DRAFT, title="Their draft"),
        }

    @pytest.mark.parametrize(
        ("role", "expected"),
        [
            ("visitor", {"Published"}),
            ("resident", {"Published"}),
            ("official", {"Published"}),
            ("curator", {"Published", "My draft"}),
            ("administrator", {"Published", "My draft", "Their draft"}),
        ],
    )
    def test_drafts_are_listed_for_their_curators_and_administrators(
        self, challenges, role, expected, request
    ):
        user = AnonymousUser() if role == "visitor" else request.getfixturevalue(role)
        listed = selectors.challenge_list(user=user)
        assert set(titles(listed)) == expected
        # The list and the permission agree, challenge by challenge.
        for challenge in Challenge.objects.all():
            assert user.has_perm("challenges.view_challenge", challenge) is (challenge.title in expected)

    def test_a_curator_who_is_no_longer_an_official_sees_no_drafts(self, challenges, curator):
        curator.is_official = False
        curator.save()
        assert titles(selectors.challenge_list(user=curator)) == ["Published"]

    def test_a_draft_with_several_curators_is_listed_once(self, challenges, curator, official):
        challenges["mine"].curators.add(official)
        assert titles(selectors.challenge_list(user=curator)).count("My draft") == 1


class TestFilters:
    def test_by_goal(self, db):
        ChallengeFactory(title="Health", goals=["health"])
        ChallengeFactory(title="Both", goals=["health", "vitality"])
        ChallengeFactory(title="Vitality", goals=["vitality"])
        listed = selectors.challenge_list(user=AnonymousUser(), goal="vitality", sort="title")
        assert titles(listed) == ["Both", "Vitality"]

    def test_by_district(self, db):
        tapiola = District.objects.get(slug="suur-tapiola")
        ChallengeFactory(title="Tapiola", district=tapiola)
        ChallengeFactory(title="Whole city")
        assert titles(selectors.challenge_list(user=AnonymousUser(), district=tapiola)) == ["Tapiola"]

    @pytest.mark.parametrize("phase", [p for p in Phase if p != Phase.DRAFT])
    def test_by_phase(self, db, phase):
        for each in Phase:
            ChallengeFactory(phase=each, title=each.value)
        assert titles(selectors.challenge_list(user=AnonymousUser(), phase=phase)) == [phase.value]

    def test_drafts_by_phase_only_for_those_who_may_see_them(self, curator):
        ChallengeFactory(phase=Phase.DRAFT, title="Mine", curators=[curator])
        ChallengeFactory(phase=Phase.DRAFT, title="Not mine")
        assert titles(selectors.challenge_list(user=curator, phase=Phase.DRAFT)) == ["Mine"]
        assert titles(selectors.challenge_list(user=AnonymousUser(), phase=Phase.DRAFT)) == []

    def test_open_now_combines_with_other_filters(self, db):
        ChallengeFactory(phase=Phase.IDEAS, title="Ideas", goals=["health"])
        ChallengeFactory(phase=Phase.PROPOSALS, title="Proposals", goals=["vitality"])
        ChallengeFactory(phase=Phase.EVALUATION, title="Evaluation", goals=["health"])
        closed_early = ChallengeFactory(phase=Phase.PROPOSALS, title="Closed early", goals=["health"])
        closed_early.closed_early_at = timezone.now()
        closed_early.save()
        user = AnonymousUser()
        assert set(titles(selectors.challenge_list(user=user, open_now=True))) == {"Ideas", "Proposals"}
        assert titles(selectors.challenge_list(user=user, open_now=True, goal="health")) == ["Ideas"]


class TestSorting:
    def test_newest_first_by_publication(self, curator):
        now = timezone.now()
        ChallengeFactory(title="Old", published_at=now - timedelta(days=30))
        ChallengeFactory(title="New", published_at=now - timedelta(days=1))
        ChallengeFactory(
            phase=Phase.DRAFT, title="Draft", curators=[curator], created_at=now - timedelta(days=10)
        )
        assert titles(selectors.challenge_list(user=curator)) == ["New", "Draft", "Old"]

    def test_by_title(self, db):
        for title in ("beta", "Alpha", "Gamma"):
            ChallengeFactory(title=title)
        assert titles(selectors.challenge_list(user=AnonymousUser(), sort="title")) == [
            "Alpha",
            "beta",
            "Gamma",
        ]

    def test_by_next_deadline_closed_last(self, db):
        now = timezone.now()
        ChallengeFactory(phase=Phase.CLOSED, title="Closed")
        soon = ChallengeFactory(phase=Phase.PROPOSALS, title="Soon")
        soon.proposals_close = now + timedelta(days=2)
        soon.save()
        ChallengeFactory(phase=Phase.PROPOSALS, title="Later")  # closes in 20 days (the factory's timeline)
        ChallengeFactory(phase=Phase.PILOTING, title="Piloting")  # ends in 160 days
        listed = titles(selectors.challenge_list(user=AnonymousUser(), sort="deadline"))
        assert listed == ["Soon", "Later", "Piloting", "Closed"]

    @pytest.mark.parametrize("phase", list(Phase))
    def test_next_date_in_the_database_is_the_milestone_in_python(self, db, phase):
        challenge = ChallengeFactory(phase=phase)
        now = timezone.now()
        annotated = Challenge.objects.with_next_date(now).get(pk=challenge.pk)
        milestone = challenge.next_milestone(now)
        assert annotated.next_date == (milestone.at if milestone else None)

    def test_between_ideas_and_proposals_the_next_date_is_proposals_opening(self, db):
        now = timezone.now()
        challenge = ChallengeFactory(phase=Phase.IDEAS)
        challenge.ideas_close = now - timedelta(days=1)
        challenge.proposals_open = now + timedelta(days=3)
        challenge.save()
        assert challenge.phase == Phase.UPCOMING
        assert challenge.next_milestone(now).label == "Proposals open"
        annotated = Challenge.objects.with_next_date(now).get(pk=challenge.pk)
        assert annotated.next_date == challenge.proposals_open


class TestQueryCount:
    @pytest.mark.parametrize("count", [5, 30])
    def test_a_fixed_number_of_queries_whatever_the_length(
        self, count, curator, django_assert_max_num_queries
    ):
        for n in range(count):
            ChallengeFactory(
                goals=["health", "vitality"],
                district=District.objects.get(code=n % 7 + 1),
                curators=[curator],
            )
        ChallengeFactory(phase=Phase.DRAFT, curators=[curator], district=District.objects.first())
        curator = UserFactory._meta.model.objects.get(pk=curator.pk)
        with django_assert_max_num_queries(2):
            challenges = list(selectors.challenge_list(user=curator))
            for challenge in challenges:
                assert challenge.district.name
                assert len(challenge.goals.all()) in (1, 2)
                challenge.next_milestone()
        assert len(challenges) == count + 1


class TestDetail:
    def test_detail_reads_the_criteria_in_order(self, db):
        challenge = ChallengeFactory()
        second = CriterionFactory(challenge=challenge, position=2)
        first = CriterionFactory(challenge=challenge, position=1)
        assert list(selectors.challenge_detail(slug=challenge.slug).criteria.all()) == [first, second]

    def test_people(self, challenge, curator, evaluator):
        assert list(selectors.challenge_curators(challenge=challenge)) == [curator]
        assert [a.evaluator for a in selectors.challenge_appointments(challenge=challenge)] == [evaluator]
