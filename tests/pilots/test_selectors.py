"""The curators' ranking computed by hand on a known data set, and the lists a person sees."""

import pytest
from django.utils import timezone

from challenges.models import Phase
from pilots import selectors
from pilots.models import Review, Score
from tests.accounts.factories import UserFactory
from tests.challenges.factories import CriterionFactory
from tests.pilots.factories import PilotFactory, ReviewFactory


@pytest.fixture
def ranked(evaluation_challenge):
    """Criteria: Impact (weight 3, minimum 2) and Feasibility (weight 1, minimum 0).

    A: reviews (4, 2) → (12 + 2) / 4 = 3.5 and (5, 5) → 5.0; mean 4.25. A conflicted review that
       somehow holds zeros, and an unsubmitted one, are left out.
    B: one review (1, 5) → (3 + 5) / 4 = 2.0; Impact averages 1, under its minimum of 2.
    C: submitted, no reviews yet.
    A draft, and a proposal to another challenge, are not ranked.
    """
    challenge = evaluation_challenge
    impact = challenge.criteria.get(name="Impact")
    feasibility = challenge.criteria.get(name="Feasibility")
    a = PilotFactory(challenge=challenge, title="A", status="in_review")
    b = PilotFactory(challenge=challenge, title="B", status="shortlisted")
    c = PilotFactory(challenge=challenge, title="C", status="submitted")
    PilotFactory(challenge=challenge, title="Draft", status="draft")
    ReviewFactory(pilot=a, scores={impact: 4, feasibility: 2})
    ReviewFactory(pilot=a, scores={impact: 5, feasibility: 5})
    ReviewFactory(pilot=a, conflict_of_interest=True, scores={impact: 0, feasibility: 0})
    ReviewFactory(pilot=a, submitted_at=None, scores={impact: 0, feasibility: 0})
    ReviewFactory(pilot=b, scores={impact: 1, feasibility: 5})
    other = PilotFactory(status="in_review")
    ReviewFactory(pilot=other, scores={CriterionFactory(challenge=other.challenge): 0})
    return challenge, a, b, c


def test_the_ranking_by_hand(ranked):
    challenge, a, b, c = ranked
    ranking = selectors.challenge_ranking(challenge=challenge)
    assert [row.pilot for row in ranking] == [a, b, c]
    first, second, third = ranking
    assert first.score == pytest.approx(4.25)
    assert (first.review_count, first.conflict_count, first.flagged) == (2, 1, False)
    assert [(row.criterion.name, row.average, row.below_minimum) for row in first.criteria] == [
        ("Impact", 4.5, False),
        ("Feasibility", 3.5, False),
    ]
    assert second.score == pytest.approx(2.0)
    assert (second.review_count, second.flagged) == (1, True)
    assert [(row.average, row.below_minimum) for row in second.criteria] == [(1.0, True), (5.0, False)]
    assert (third.score, third.review_count, third.flagged) == (None, 0, False)
    assert [row.average for row in third.criteria] == [None, None]


def test_the_weights_count_per_review_before_the_mean(evaluation_challenge):
    """A review scoring only some criteria (criteria added later) is averaged over what it scored."""
    challenge = evaluation_challenge
    impact = challenge.criteria.get(name="Impact")
    feasibility = challenge.criteria.get(name="Feasibility")
    pilot = PilotFactory(challenge=challenge, status="in_review")
    ReviewFactory(pilot=pilot, scores={impact: 2})  # 2.0
    ReviewFactory(pilot=pilot, scores={impact: 4, feasibility: 0})  # 12 / 4 = 3.0
    (row,) = selectors.challenge_ranking(challenge=challenge)
    assert row.score == pytest.approx(2.5)
    assert [cell.average for cell in row.criteria] == [3.0, 0.0]


def test_the_ranking_costs_four_queries_whatever_its_length(ranked, django_assert_num_queries):
    challenge = ranked[0]
    with django_assert_num_queries(4):
        short = selectors.challenge_ranking(challenge=challenge)
    impact = challenge.criteria.get(name="Impact")
    for _ in range(6):
        ReviewFactory(pilot=PilotFactory(challenge=challenge, status="in_review"), scores={impact: 3})
    with django_assert_num_queries(4):
        long = selectors.challenge_ranking(challenge=challenge)
    assert len(long) == len(short) + 6


def test_the_decision_summary_is_the_proposals_row(ranked):
    b = ranked[2]
    summary = selectors.decision_summary(pilot=b)
    assert (summary.pilot, summary.review_count, summary.flagged) == (b, 1, True)
    assert summary.score == pytest.approx(2.0)


def test_lists_of_a_challenge_and_of_a_person(make_challenge):
    challenge = make_challenge(Phase.PILOTING)
    me = UserFactory()
    public = [
        PilotFactory(challenge=challenge, status=status) for status in ("accepted", "running", "completed")
    ]
    mine = PilotFactory(challenge=challenge, status="declined", team=[me])
    my_draft = PilotFactory(challenge=challenge, created_by=me)
    PilotFactory(challenge=challenge, status="submitted")
    assert set(selectors.challenge_public_pilots(challenge=challenge)) == set(public)
    assert set(selectors.user_proposals(user=me, challenge=challenge)) == {mine, my_draft}
    assert set(selectors.user_proposals(user=me)) == {mine, my_draft}


def test_the_evaluators_queue(evaluation_challenge, evaluator):
    waiting = PilotFactory(challenge=evaluation_challenge, status="in_review", title="Waiting")
    done = PilotFactory(challenge=evaluation_challenge, status="shortlisted", title="Done")
    conflicted = PilotFactory(challenge=evaluation_challenge, status="in_review", title="Conflicted")
    PilotFactory(challenge=evaluation_challenge, status="submitted")  # not open for review yet
    PilotFactory(challenge=evaluation_challenge, status="in_review", team=[evaluator])  # their own
    ReviewFactory(pilot=done, evaluator=evaluator)
    ReviewFactory(pilot=conflicted, evaluator=evaluator, conflict_of_interest=True)
    ReviewFactory(pilot=waiting)  # someone else's review
    queue = {p.title: (p.my_review_submitted, p.my_conflict) for p in selectors.evaluator_queue(
        user=evaluator, challenge=evaluation_challenge
    )}  # fmt: skip
    assert queue == {"Waiting": (0, 0), "Done": (1, 0), "Conflicted": (0, 1)}


def test_a_conflicted_review_cannot_hold_a_submission(evaluation_challenge):
    """The database backs the rule that a conflicted evaluator does not score."""
    review = ReviewFactory(pilot=PilotFactory(challenge=evaluation_challenge, status="in_review"))
    assert Review.objects.filter(pk=review.pk).exists() and not Score.objects.exists()
    review.conflict_of_interest = True
    review.submitted_at = timezone.now()
    with pytest.raises(Exception, match="pilot_review_conflicted_not_scored"):
        review.save()
