"""Every role × action pair, allowed and denied, and the visibility filter agreeing with the rule."""

import pytest
from django.contrib.auth.models import AnonymousUser

from challenges.models import Phase
from pilots import selectors
from pilots.models import Pilot
from tests.accounts.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.pilots.factories import ParticipantFactory, PilotFactory

ROLES = [
    "visitor", "resident", "team", "colleague", "other_org", "official", "curator", "evaluator",
    "moderator", "administrator",
]  # fmt: skip
SIGNED_IN = set(ROLES) - {"visitor"}
EVERYONE = set(ROLES)


@pytest.fixture
def people(curator, evaluator, organization):
    """One person per role. `team` leads the proposal for `organization`; `colleague` is in the
    same organization but not on the team; `other_org` belongs to another organization."""
    return {
        "visitor": AnonymousUser(),
        "resident": UserFactory(),
        "team": MembershipFactory(organization=organization).user,
        "colleague": MembershipFactory(organization=organization, role="admin").user,
        "other_org": MembershipFactory(organization=OrganizationFactory()).user,
        "official": UserFactory(is_official=True),
        "curator": curator,
        "evaluator": evaluator,
        "moderator": UserFactory(is_moderator=True),
        "administrator": UserFactory(is_superuser=True, is_staff=True),
    }


def allowed(people, perm, obj) -> set[str]:
    return {role for role, user in people.items() if user.has_perm(perm, obj)}


def pilot_in(make_challenge, people, organization, status, phase=Phase.EVALUATION, **kwargs) -> Pilot:
    return PilotFactory(
        challenge=make_challenge(phase),
        organization=organization,
        created_by=people["team"],
        status=status,
        **kwargs,
    )


CONFIDENTIAL_VIEWERS = {"team", "curator", "evaluator", "administrator"}


@pytest.mark.parametrize(
    ("status", "viewers"),
    [
        ("draft", {"team", "administrator"}),
        ("submitted", CONFIDENTIAL_VIEWERS),
        ("in_review", CONFIDENTIAL_VIEWERS),
        ("shortlisted", CONFIDENTIAL_VIEWERS),
        ("declined", CONFIDENTIAL_VIEWERS),
        ("accepted", EVERYONE),
        ("running", EVERYONE),
        ("completed", EVERYONE),
        ("discontinued", EVERYONE),
    ],
)
def test_who_sees_a_pilot_in_each_status(make_challenge, people, organization, status, viewers):
    pilot = pilot_in(make_challenge, people, organization, status)
    assert allowed(people, "pilots.view_pilot", pilot) == viewers


@pytest.mark.parametrize(
    ("perm", "status", "phase", "expected"),
    [
        # edit a draft: the team, only while it is a draft
        ("pilots.change_pilot", "draft", Phase.PROPOSALS, {"team"}),
        ("pilots.change_pilot", "submitted", Phase.PROPOSALS, set()),
        # submit: the team, while the challenge takes proposals
        ("pilots.submit_pilot", "draft", Phase.PROPOSALS, {"team"}),
        ("pilots.submit_pilot", "draft", Phase.IDEAS, set()),
        ("pilots.submit_pilot", "draft", Phase.EVALUATION, set()),
        ("pilots.submit_pilot", "submitted", Phase.PROPOSALS, set()),
        # review: appointed evaluators, once proposals have closed, while in review
        ("pilots.review_pilot", "in_review", Phase.EVALUATION, {"evaluator"}),
        ("pilots.review_pilot", "shortlisted", Phase.PILOTING, {"evaluator"}),
        ("pilots.review_pilot", "in_review", Phase.PROPOSALS, set()),
        ("pilots.review_pilot", "in_review", Phase.CLOSED, set()),
        ("pilots.review_pilot", "submitted", Phase.EVALUATION, set()),
        ("pilots.review_pilot", "accepted", Phase.EVALUATION, set()),
        # decide (open for review, shortlist, accept, decline): the curators and administrators
        ("pilots.decide_pilot", "submitted", Phase.EVALUATION, {"curator", "administrator"}),
        ("pilots.decide_pilot", "shortlisted", Phase.EVALUATION, {"curator", "administrator"}),
        ("pilots.decide_pilot", "accepted", Phase.EVALUATION, set()),
        ("pilots.decide_pilot", "draft", Phase.PROPOSALS, set()),
        ("pilots.view_reviews", "in_review", Phase.EVALUATION, {"curator", "administrator"}),
        ("pilots.view_decision", "declined", Phase.EVALUATION, {"team", "curator", "administrator"}),
        # start, discontinue: the team or the curators
        ("pilots.start_pilot", "accepted", Phase.PILOTING, {"team", "curator", "administrator"}),
        ("pilots.start_pilot", "running", Phase.PILOTING, set()),
        ("pilots.discontinue_pilot", "running", Phase.PILOTING, {"team", "curator", "administrator"}),
        ("pilots.discontinue_pilot", "completed", Phase.PILOTING, set()),
        # post updates, publish results, change the data statement: the team of a running pilot
        ("pilots.post_update", "running", Phase.PILOTING, {"team"}),
        ("pilots.post_update", "accepted", Phase.PILOTING, set()),
        ("pilots.publish_results", "running", Phase.PILOTING, {"team"}),
        ("pilots.publish_results", "completed", Phase.PILOTING, set()),
        ("pilots.change_data_statement", "accepted", Phase.PILOTING, {"team"}),
        ("pilots.change_data_statement", "completed", Phase.PILOTING, set()),
        # manage the team: its members, until the pilot has ended
        ("pilots.manage_team", "submitted", Phase.EVALUATION, {"team"}),
        ("pilots.manage_team", "declined", Phase.EVALUATION, set()),
        # sign up as a participant: anyone signed in, while the pilot is on
        ("pilots.sign_up", "running", Phase.PILOTING, SIGNED_IN),
        ("pilots.sign_up", "accepted", Phase.PILOTING, SIGNED_IN),
        ("pilots.sign_up", "completed", Phase.PILOTING, set()),
        ("pilots.sign_up", "in_review", Phase.EVALUATION, set()),
    ],
)
def test_role_by_action(make_challenge, people, organization, perm, status, phase, expected):
    pilot = pilot_in(make_challenge, people, organization, status, phase)
    assert allowed(people, perm, pilot) == expected


def test_sign_up_needs_a_place_left(make_challenge, people, organization):
    pilot = pilot_in(make_challenge, people, organization, "running", Phase.PILOTING, capacity=1)
    ParticipantFactory(pilot=pilot)
    assert allowed(people, "pilots.sign_up", pilot) == set()
    none_wanted = pilot_in(make_challenge, people, organization, "running", Phase.PILOTING, capacity=0)
    assert allowed(people, "pilots.sign_up", none_wanted) == set()


@pytest.mark.parametrize(
    ("phase", "expected"),
    [
        # Curators and evaluators judge the challenge, so they do not propose to it.
        (Phase.PROPOSALS, SIGNED_IN - {"curator", "evaluator"}),
        (Phase.IDEAS, SIGNED_IN - {"curator", "evaluator"}),
        (Phase.EVALUATION, set()),
        (Phase.DRAFT, set()),
    ],
)
def test_who_starts_a_proposal(make_challenge, people, phase, expected):
    assert allowed(people, "pilots.create_pilot", make_challenge(phase)) == expected


def test_the_ranking_is_for_curators(make_challenge, people):
    assert allowed(people, "pilots.view_ranking", make_challenge(Phase.EVALUATION)) == {
        "curator",
        "administrator",
    }


def test_an_evaluator_on_the_team_does_not_review_it(make_challenge, people, organization):
    pilot = pilot_in(make_challenge, people, organization, "in_review", team=[people["evaluator"]])
    assert allowed(people, "pilots.review_pilot", pilot) == set()


def test_the_visibility_filter_agrees_with_the_rule_for_every_role(make_challenge, people, organization):
    challenge = make_challenge(Phase.EVALUATION)
    elsewhere = make_challenge(Phase.EVALUATION)  # curated and evaluated by the same people
    unrelated = PilotFactory(status="submitted")  # a challenge with other curators and evaluators
    pilots = [unrelated]
    for status in Pilot.Status.values:
        pilots.append(
            PilotFactory(
                challenge=challenge, organization=organization, created_by=people["team"], status=status
            )
        )
        pilots.append(PilotFactory(challenge=elsewhere, status=status))
    for role, user in people.items():
        expected = {pilot.pk for pilot in pilots if user.has_perm("pilots.view_pilot", pilot)}
        assert set(selectors.pilots_visible_to(user=user).values_list("pk", flat=True)) == expected, role
    # and the filter hides something from everyone but administrators
    assert unrelated.pk not in selectors.pilots_visible_to(user=people["curator"]).values_list(
        "pk", flat=True
    )
