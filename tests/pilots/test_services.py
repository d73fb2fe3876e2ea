"""The services: every transition allowed and refused, with who and when, and bad input."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from challenges.models import Phase
from pilots import services
from pilots.models import KPI, Participant, Pilot, Review, Score, TeamMember, Transition
from pilots.services import ScoreInput
from tests.accounts.factories import UserFactory
from tests.languages import in_each_language
from tests.pilots.factories import ParticipantFactory, PilotFactory, TeamMemberFactory

Status = Pilot.Status


def message(error) -> str:
    return " ".join(error.value.messages)


def full_scores(challenge, value=4):
    return {criterion.pk: ScoreInput(score=value, comment="ok") for criterion in challenge.criteria.all()}


# --- Drafts -----------------------------------------------------------------------------------


class TestCreateDraft:
    def test_organization_member_starts_a_draft_for_the_organization(
        self, challenge, organization, org_member
    ):
        pilot = services.pilot_create_draft(
            actor=org_member,
            challenge=challenge,
            organization=organization,
            title="  Shared commuting routes ",
            problem="Buses are *full*.",
            budget_requested=Decimal("20000"),
        )
        assert (pilot.status, pilot.title, pilot.organization, pilot.version) == (
            Status.DRAFT,
            "Shared commuting routes",
            organization,
            1,
        )
        assert pilot.problem_html == "<p>Buses are <em>full</em>.</p>"
        assert list(pilot.team_members.values_list("user", "role")) == [(org_member.pk, "lead")]
        transition = pilot.transitions.get()
        assert (transition.from_status, transition.to_status, transition.actor) == ("", "draft", org_member)

    def test_a_resident_proposes_as_a_group_of_residents(self, challenge, resident):
        pilot = services.pilot_create_draft(actor=resident, challenge=challenge, title="Repair café")
        assert pilot.organization is None and pilot.created_by == resident

    def test_drafts_can_start_before_proposals_open(self, make_challenge, resident):
        challenge = make_challenge(Phase.IDEAS)
        assert (
            services.pilot_create_draft(actor=resident, challenge=challenge, title="Early").status == "draft"
        )

    def test_not_for_an_organization_one_is_not_a_member_of(self, challenge, organization, resident):
        with pytest.raises(PermissionDenied):
            services.pilot_create_draft(
                actor=resident, challenge=challenge, organization=organization, title="X"
            )
        assert not Pilot.objects.exists()

    def test_a_visitor_cannot(self, challenge):
        with pytest.raises(PermissionDenied):
            services.pilot_create_draft(actor=AnonymousUser(), challenge=challenge, title="X")

    def test_curators_and_evaluators_do_not_propose_to_their_challenge(self, challenge, curator, evaluator):
        for insider in (curator, evaluator):
            with pytest.raises(ValidationError) as error:
                services.pilot_create_draft(actor=insider, challenge=challenge, title="X")
            assert "curate or evaluate" in message(error)
        assert not Pilot.objects.exists()

    def test_not_after_the_deadline(self, make_challenge, resident):
        challenge = make_challenge(Phase.EVALUATION)
        with pytest.raises(ValidationError) as error:
            services.pilot_create_draft(actor=resident, challenge=challenge, title="Late")
        assert "closed on" in message(error)

    @pytest.mark.parametrize("phase", [Phase.DRAFT, Phase.CLOSED])
    def test_not_to_an_unpublished_or_closed_challenge(self, make_challenge, resident, phase):
        with pytest.raises(ValidationError):
            services.pilot_create_draft(actor=resident, challenge=make_challenge(phase), title="X")

    def test_budget_over_the_maximum_is_refused(self, challenge, resident):
        with pytest.raises(ValidationError) as error:
            services.pilot_create_draft(
                actor=resident, challenge=challenge, title="X", budget_requested=Decimal("20000.01")
            )
        assert "20,000 €" in error.value.message_dict["budget_requested"][0]
        assert not Pilot.objects.exists()


class TestUpdateDraft:
    def test_the_team_edits_and_the_version_goes_up(self, challenge):
        member = UserFactory()
        pilot = PilotFactory(challenge=challenge, team=[member])
        pilot = services.pilot_update_draft(
            actor=member, pilot=pilot, expected_version=1, title="Better title", solution="**Bold**"
        )
        pilot.refresh_from_db()
        assert (pilot.title, pilot.version) == ("Better title", 2)
        assert pilot.solution_html == "<p><strong>Bold</strong></p>"

    def test_a_stale_save_is_refused_and_the_saved_draft_stays(self, challenge):
        pilot = PilotFactory(challenge=challenge)
        colleague = TeamMemberFactory(pilot=pilot).user
        services.pilot_update_draft(
            actor=pilot.created_by, pilot=pilot, expected_version=1, title="First save"
        )
        with pytest.raises(ValidationError) as error:
            services.pilot_update_draft(actor=colleague, pilot=pilot, expected_version=1, title="Overwrite")
        assert "Someone else saved this proposal" in message(error)
        pilot.refresh_from_db()
        assert (pilot.title, pilot.version) == ("First save", 2)

    @pytest.mark.parametrize("who", ["resident", "org_admin", "curator", "administrator"])
    def test_only_the_team_edits(self, request, challenge, organization, who):
        pilot = PilotFactory(challenge=challenge, organization=organization)
        with pytest.raises(PermissionDenied):
            services.pilot_update_draft(
                actor=request.getfixturevalue(who), pilot=pilot, expected_version=1, title="Mine now"
            )
        pilot.refresh_from_db()
        assert pilot.title != "Mine now"

    def test_not_after_submission(self, challenge):
        pilot = PilotFactory(challenge=challenge, status=Status.SUBMITTED)
        with pytest.raises(ValidationError) as error:
            services.pilot_update_draft(actor=pilot.created_by, pilot=pilot, expected_version=1, title="Late")
        assert "can no longer be edited" in message(error)

    def test_budget_over_the_maximum_keeps_the_saved_draft(self, challenge):
        pilot = PilotFactory(challenge=challenge, budget_requested=Decimal("1000"))
        with pytest.raises(ValidationError):
            services.pilot_update_draft(
                actor=pilot.created_by, pilot=pilot, expected_version=1, budget_requested=Decimal("99999")
            )
        pilot.refresh_from_db()
        assert (pilot.budget_requested, pilot.version) == (Decimal("1000"), 1)

    def test_the_summary_is_at_most_1000_characters(self, challenge):
        pilot = PilotFactory(challenge=challenge)
        with pytest.raises(ValidationError) as error:
            services.pilot_update_draft(
                actor=pilot.created_by, pilot=pilot, expected_version=1, summary="x" * 1001
            )
        assert "summary" in error.value.message_dict


class TestTeam:
    def test_a_team_member_adds_someone_by_email(self, challenge):
        pilot = PilotFactory(challenge=challenge)
        newcomer = UserFactory(email="newcomer@example.org")
        member = services.team_add(actor=pilot.created_by, pilot=pilot, email="NEWCOMER@example.org")
        assert (member.user, member.role) == (newcomer, "member")

    def test_unknown_address_twice_added_and_insiders_are_refused(self, challenge, curator, evaluator):
        pilot = PilotFactory(challenge=challenge)
        with pytest.raises(ValidationError) as error:
            services.team_add(actor=pilot.created_by, pilot=pilot, email="nobody@example.org")
        assert "Ask them to sign up" in message(error)
        with pytest.raises(ValidationError):
            services.team_add(actor=pilot.created_by, pilot=pilot, email=pilot.created_by.email)
        for insider in (curator, evaluator):
            with pytest.raises(ValidationError) as error:
                services.team_add(actor=pilot.created_by, pilot=pilot, email=insider.email)
            assert "curates or evaluates" in message(error)
        assert pilot.team_members.count() == 1

    def test_outsiders_cannot_change_the_team(self, challenge, resident):
        pilot = PilotFactory(challenge=challenge)
        member = TeamMemberFactory(pilot=pilot)
        with pytest.raises(PermissionDenied):
            services.team_add(actor=resident, pilot=pilot, email=resident.email)
        with pytest.raises(PermissionDenied):
            services.team_remove(actor=resident, member=member)

    def test_members_are_removed_but_not_the_lead(self, challenge):
        pilot = PilotFactory(challenge=challenge)
        member = TeamMemberFactory(pilot=pilot)
        services.team_remove(actor=member.user, member=member)  # leaving
        assert not TeamMember.objects.filter(pk=member.pk).exists()
        lead = pilot.team_members.get()
        with pytest.raises(ValidationError):
            services.team_remove(actor=pilot.created_by, member=lead)

    def test_the_team_of_an_ended_pilot_stays(self, challenge):
        pilot = PilotFactory(challenge=challenge, status=Status.COMPLETED)
        with pytest.raises(ValidationError):
            services.team_add(actor=pilot.created_by, pilot=pilot, email=UserFactory().email)


class TestKPIs:
    def test_add_update_remove_in_a_draft(self, challenge):
        pilot = PilotFactory(challenge=challenge, kpis=0)
        kpi = services.kpi_add(
            actor=pilot.created_by, pilot=pilot, name="Riders", unit="people", target=Decimal(50)
        )
        services.kpi_update(actor=pilot.created_by, kpi=kpi, name="Riders", unit="people", target=Decimal(80))
        assert KPI.objects.get().target == 80
        services.kpi_remove(actor=pilot.created_by, kpi=kpi)
        assert not KPI.objects.exists()

    def test_not_by_outsiders_nor_after_submission(self, challenge, resident):
        pilot = PilotFactory(challenge=challenge)
        with pytest.raises(PermissionDenied):
            services.kpi_add(actor=resident, pilot=pilot, name="X", target=Decimal(1))
        pilot = PilotFactory(challenge=challenge, status=Status.SUBMITTED)
        with pytest.raises(ValidationError) as error:
            services.kpi_add(actor=pilot.created_by, pilot=pilot, name="X", target=Decimal(1))
        assert "while the proposal is a draft" in message(error)


# --- Submission -------------------------------------------------------------------------------


class TestSubmit:
    def test_the_team_submits_before_the_deadline(self, challenge):
        member = UserFactory()
        pilot = PilotFactory(challenge=challenge, team=[member])
        pilot = services.pilot_submit(actor=member, pilot=pilot)
        assert pilot.status == Status.SUBMITTED and pilot.submitted_at is not None
        transition = pilot.transitions.last()
        assert (transition.from_status, transition.to_status, transition.actor) == (
            "draft",
            "submitted",
            member,
        )

    def test_submitting_twice_is_out_of_order(self, challenge):
        pilot = PilotFactory(challenge=challenge, status=Status.SUBMITTED)
        with pytest.raises(ValidationError) as error:
            services.pilot_submit(actor=pilot.created_by, pilot=pilot)
        assert "already been submitted" in message(error)

    def test_after_the_deadline_is_refused_and_the_draft_stays(self, make_challenge):
        pilot = PilotFactory(challenge=make_challenge(Phase.EVALUATION))
        with pytest.raises(ValidationError) as error:
            services.pilot_submit(actor=pilot.created_by, pilot=pilot)
        assert "closed on" in message(error)
        pilot.refresh_from_db()
        assert pilot.status == Status.DRAFT and not pilot.transitions.filter(to_status="submitted").exists()

    def test_before_proposals_open_is_refused(self, make_challenge):
        pilot = PilotFactory(challenge=make_challenge(Phase.IDEAS))
        with pytest.raises(ValidationError) as error:
            services.pilot_submit(actor=pilot.created_by, pilot=pilot)
        assert "can be submitted from" in message(error)

    def test_a_challenge_closed_early_takes_no_more(self, challenge):
        challenge.closed_early_at = timezone.now()
        challenge.save()
        pilot = PilotFactory(challenge=challenge)
        with pytest.raises(ValidationError) as error:
            services.pilot_submit(actor=pilot.created_by, pilot=pilot)
        assert "does not take proposals" in message(error)

    def test_an_incomplete_proposal_says_what_is_missing(self, challenge):
        pilot = PilotFactory(challenge=challenge, problem="", legal_basis="")
        with pytest.raises(ValidationError) as error:
            services.pilot_submit(actor=pilot.created_by, pilot=pilot)
        assert "problem" in message(error) and "legal basis" in message(error)

    def test_without_personal_data_the_statement_needs_only_a_contact(self, challenge):
        pilot = PilotFactory(
            challenge=challenge,
            collects_personal_data=False,
            personal_data="",
            legal_basis="",
            data_retention="",
        )
        assert services.pilot_submit(actor=pilot.created_by, pilot=pilot).status == Status.SUBMITTED

    def test_a_proposal_needs_a_kpi(self, challenge):
        pilot = PilotFactory(challenge=challenge, kpis=0)
        with pytest.raises(ValidationError) as error:
            services.pilot_submit(actor=pilot.created_by, pilot=pilot)
        assert "KPI" in message(error)

    def test_budget_over_the_maximum_is_checked_again(self, challenge):
        pilot = PilotFactory(challenge=challenge, budget_requested=Decimal("20000"))
        challenge.budget_max_per_pilot = Decimal("10000")  # the curators lowered it
        challenge.save()
        with pytest.raises(ValidationError) as error:
            services.pilot_submit(actor=pilot.created_by, pilot=pilot)
        assert "10,000 €" in message(error)

    @pytest.mark.parametrize("who", ["resident", "curator", "administrator", "org_admin"])
    def test_only_the_team_submits(self, request, challenge, organization, who):
        pilot = PilotFactory(challenge=challenge, organization=organization)
        with pytest.raises(PermissionDenied):
            services.pilot_submit(actor=request.getfixturevalue(who), pilot=pilot)


# --- Selection --------------------------------------------------------------------------------


class TestSelection:
    def test_the_whole_way_to_acceptance_is_recorded(self, evaluation_challenge, curator):
        pilot = PilotFactory(challenge=evaluation_challenge, status=Status.SUBMITTED)
        services.pilot_start_review(actor=curator, pilot=pilot)
        services.pilot_shortlist(actor=curator, pilot=pilot, note="Strong on impact")
        pilot = services.pilot_decide(actor=curator, pilot=pilot, accept=True, reason="Welcome!")
        assert (pilot.status, pilot.decided_by, pilot.decision_reason) == (
            Status.ACCEPTED,
            curator,
            "Welcome!",
        )
        steps = list(pilot.transitions.values_list("from_status", "to_status", "actor", "note"))
        assert steps[-3:] == [
            ("submitted", "in_review", curator.pk, ""),
            ("in_review", "shortlisted", curator.pk, "Strong on impact"),
            ("shortlisted", "accepted", curator.pk, "Welcome!"),
        ]
        assert pilot.version == 4

    def test_an_administrator_may_decide_too(self, evaluation_challenge, administrator):
        pilot = PilotFactory(challenge=evaluation_challenge, status=Status.IN_REVIEW)
        assert services.pilot_decide(actor=administrator, pilot=pilot, accept=True).status == Status.ACCEPTED

    @pytest.mark.parametrize("who", ["official", "evaluator", "resident", "team"])
    def test_only_curators_decide(self, request, evaluation_challenge, who):
        pilot = PilotFactory(challenge=evaluation_challenge, status=Status.IN_REVIEW)
        actor = pilot.created_by if who == "team" else request.getfixturevalue(who)
        for action in (
            lambda: services.pilot_start_review(actor=actor, pilot=pilot),
            lambda: services.pilot_shortlist(actor=actor, pilot=pilot),
            lambda: services.pilot_decide(actor=actor, pilot=pilot, accept=True),
            lambda: services.pilot_decide(actor=actor, pilot=pilot, accept=False, reason="No"),
        ):
            with pytest.raises(PermissionDenied):
                action()
        pilot.refresh_from_db()
        assert pilot.status == Status.IN_REVIEW

    def test_a_curator_who_is_no_longer_an_official_cannot(self, evaluation_challenge, curator):
        curator.is_official = False
        curator.save()
        pilot = PilotFactory(challenge=evaluation_challenge, status=Status.SUBMITTED)
        with pytest.raises(PermissionDenied):
            services.pilot_start_review(actor=curator, pilot=pilot)

    @pytest.mark.parametrize(
        ("status", "action", "words"),
        [
            ("draft", "start_review", "Only a submitted proposal"),
            ("in_review", "start_review", "Only a submitted proposal"),
            ("submitted", "shortlist", "Only a proposal in review"),
            ("shortlisted", "shortlist", "Only a proposal in review"),
            ("submitted", "accept", "accepted after review"),
            ("declined", "accept", "accepted after review"),
            ("accepted", "decline", "Only a proposal waiting"),
            ("running", "decline", "Only a proposal waiting"),
        ],
    )
    def test_transitions_out_of_order_are_refused_clearly(
        self, evaluation_challenge, curator, status, action, words
    ):
        pilot = PilotFactory(challenge=evaluation_challenge, status=status)
        call = {
            "start_review": lambda: services.pilot_start_review(actor=curator, pilot=pilot),
            "shortlist": lambda: services.pilot_shortlist(actor=curator, pilot=pilot),
            "accept": lambda: services.pilot_decide(actor=curator, pilot=pilot, accept=True),
            "decline": lambda: services.pilot_decide(actor=curator, pilot=pilot, accept=False, reason="No"),
        }[action]
        with pytest.raises(ValidationError) as error:
            call()
        assert words in message(error)
        assert f"“{Status(status).label}”" in message(error)
        pilot.refresh_from_db()
        assert pilot.status == status

    def test_accepting_waits_for_the_deadline(self, challenge, curator):
        pilot = PilotFactory(challenge=challenge, status=Status.IN_REVIEW)
        with pytest.raises(ValidationError) as error:
            services.pilot_decide(actor=curator, pilot=pilot, accept=True)
        assert "accepted after they close" in message(error)

    def test_declining_needs_a_reason_the_team_reads(self, evaluation_challenge, curator):
        pilot = PilotFactory(challenge=evaluation_challenge, status=Status.SUBMITTED)
        with pytest.raises(ValidationError) as error:
            services.pilot_decide(actor=curator, pilot=pilot, accept=False, reason="  ")
        assert "reason" in error.value.message_dict
        pilot = services.pilot_decide(actor=curator, pilot=pilot, accept=False, reason="Outside the budget.")
        assert (pilot.status, pilot.decision_reason) == (Status.DECLINED, "Outside the budget.")
        assert pilot.transitions.last().note == "Outside the budget."


# --- Reviews ----------------------------------------------------------------------------------


class TestReviews:
    @pytest.fixture
    def pilot(self, evaluation_challenge):
        return PilotFactory(challenge=evaluation_challenge, status=Status.IN_REVIEW)

    def test_declare_then_score_every_criterion(self, pilot, evaluator):
        review = services.review_declare_conflict(actor=evaluator, pilot=pilot, conflict=False)
        assert review.submitted_at is None
        scores = full_scores(pilot.challenge, 4)
        review = services.review_submit(actor=evaluator, pilot=pilot, scores=scores, comment="Solid")
        assert review.submitted_at is not None and review.comment == "Solid"
        assert sorted(review.scores.values_list("criterion__name", "score")) == [
            ("Feasibility", 4),
            ("Impact", 4),
        ]

    def test_scoring_comes_after_the_declaration(self, pilot, evaluator):
        with pytest.raises(ValidationError) as error:
            services.review_submit(actor=evaluator, pilot=pilot, scores=full_scores(pilot.challenge))
        assert "conflict of interest" in message(error)
        assert not Score.objects.exists()

    def test_a_conflicted_evaluator_cannot_score_and_cannot_undo_it(self, pilot, evaluator):
        services.review_declare_conflict(actor=evaluator, pilot=pilot, conflict=True, note="I advise them.")
        with pytest.raises(ValidationError) as error:
            services.review_submit(actor=evaluator, pilot=pilot, scores=full_scores(pilot.challenge))
        assert "cannot score" in message(error)
        with pytest.raises(ValidationError):
            services.review_declare_conflict(actor=evaluator, pilot=pilot, conflict=False)
        review = Review.objects.get()
        assert review.conflict_of_interest and review.conflict_note == "I advise them."
        assert not review.scores.exists()

    def test_a_conflict_can_still_be_declared_before_scoring(self, pilot, evaluator):
        services.review_declare_conflict(actor=evaluator, pilot=pilot, conflict=False)
        review = services.review_declare_conflict(actor=evaluator, pilot=pilot, conflict=True)
        assert review.conflict_of_interest and Review.objects.count() == 1

    def test_a_second_review_is_refused_and_the_first_stays(self, pilot, evaluator):
        services.review_declare_conflict(actor=evaluator, pilot=pilot, conflict=False)
        services.review_submit(
            actor=evaluator, pilot=pilot, scores=full_scores(pilot.challenge, 5), comment="Great"
        )
        with pytest.raises(ValidationError) as error:
            services.review_submit(actor=evaluator, pilot=pilot, scores=full_scores(pilot.challenge, 0))
        assert "already reviewed" in message(error)
        with pytest.raises(ValidationError):
            services.review_declare_conflict(actor=evaluator, pilot=pilot, conflict=True)
        review = Review.objects.get()
        assert set(review.scores.values_list("score", flat=True)) == {5}
        assert (review.comment, review.conflict_of_interest) == ("Great", False)

    @pytest.mark.parametrize("bad", [6, -1, None, "4", True])
    def test_a_score_outside_the_scale_is_refused(self, pilot, evaluator, bad):
        services.review_declare_conflict(actor=evaluator, pilot=pilot, conflict=False)
        scores = full_scores(pilot.challenge, 3)
        impact = pilot.challenge.criteria.get(name="Impact")
        scores[impact.pk] = ScoreInput(score=bad)
        with pytest.raises(ValidationError) as error:
            services.review_submit(actor=evaluator, pilot=pilot, scores=scores)
        assert "Impact: give a score from 0 to 5" in message(error)
        assert not Score.objects.exists() and Review.objects.get().submitted_at is None

    def test_every_criterion_must_be_scored(self, pilot, evaluator):
        services.review_declare_conflict(actor=evaluator, pilot=pilot, conflict=False)
        impact = pilot.challenge.criteria.get(name="Impact")
        with pytest.raises(ValidationError) as error:
            services.review_submit(actor=evaluator, pilot=pilot, scores={impact.pk: ScoreInput(score=3)})
        assert "Feasibility" in message(error)
        assert not Score.objects.exists()

    def test_no_scoring_before_proposals_close(self, challenge, evaluator):
        pilot = PilotFactory(challenge=challenge, status=Status.IN_REVIEW)
        services.review_declare_conflict(actor=evaluator, pilot=pilot, conflict=False)
        with pytest.raises(ValidationError) as error:
            services.review_submit(actor=evaluator, pilot=pilot, scores=full_scores(challenge))
        assert "Scoring opens when proposals close" in message(error)

    def test_only_proposals_in_review_are_reviewed(self, evaluation_challenge, evaluator):
        for status in (Status.DRAFT, Status.SUBMITTED, Status.ACCEPTED, Status.DECLINED):
            pilot = PilotFactory(challenge=evaluation_challenge, status=status)
            with pytest.raises(ValidationError) as error:
                services.review_declare_conflict(actor=evaluator, pilot=pilot, conflict=False)
            assert "not open for review" in message(error)

    def test_shortlisted_proposals_are_still_reviewed(self, evaluation_challenge, evaluator):
        pilot = PilotFactory(challenge=evaluation_challenge, status=Status.SHORTLISTED)
        services.review_declare_conflict(actor=evaluator, pilot=pilot, conflict=False)
        assert services.review_submit(actor=evaluator, pilot=pilot, scores=full_scores(evaluation_challenge))

    @pytest.mark.parametrize("who", ["curator", "official", "resident", "administrator"])
    def test_only_appointed_evaluators_review(self, request, pilot, who):
        with pytest.raises(PermissionDenied):
            services.review_declare_conflict(actor=request.getfixturevalue(who), pilot=pilot, conflict=False)

    def test_an_evaluator_on_the_team_cannot_review_it(self, evaluation_challenge, evaluator):
        pilot = PilotFactory(challenge=evaluation_challenge, status=Status.IN_REVIEW, team=[evaluator])
        with pytest.raises(PermissionDenied):
            services.review_declare_conflict(actor=evaluator, pilot=pilot, conflict=False)


# --- Running pilots ---------------------------------------------------------------------------


class TestRunning:
    def test_the_team_or_a_curator_starts_an_accepted_pilot(self, evaluation_challenge, curator):
        pilot = PilotFactory(challenge=evaluation_challenge, status=Status.ACCEPTED)
        pilot = services.pilot_start(actor=pilot.created_by, pilot=pilot)
        assert pilot.status == Status.RUNNING and pilot.started_at
        other = PilotFactory(challenge=evaluation_challenge, status=Status.ACCEPTED)
        assert services.pilot_start(actor=curator, pilot=other).status == Status.RUNNING

    def test_starting_is_for_accepted_pilots_and_insiders(self, evaluation_challenge, resident):
        pilot = PilotFactory(challenge=evaluation_challenge, status=Status.SHORTLISTED)
        with pytest.raises(ValidationError) as error:
            services.pilot_start(actor=pilot.created_by, pilot=pilot)
        assert "Only an accepted pilot" in message(error)
        pilot = PilotFactory(challenge=evaluation_challenge, status=Status.ACCEPTED)
        with pytest.raises(PermissionDenied):
            services.pilot_start(actor=resident, pilot=pilot)

    def test_progress_updates_come_from_the_team_while_running(self, evaluation_challenge, curator):
        pilot = PilotFactory(challenge=evaluation_challenge, status=Status.RUNNING)
        update = services.progress_update_post(
            actor=pilot.created_by, pilot=pilot, title="Week 1", body="*Good*"
        )
        assert update.body_html == "<p><em>Good</em></p>" and update.author == pilot.created_by
        with pytest.raises(PermissionDenied):
            services.progress_update_post(actor=curator, pilot=pilot, title="X", body="Y")
        accepted = PilotFactory(challenge=evaluation_challenge, status=Status.ACCEPTED)
        with pytest.raises(ValidationError) as error:
            services.progress_update_post(actor=accepted.created_by, pilot=accepted, title="X", body="Y")
        assert "while the pilot runs" in message(error)

    def test_results_end_the_pilot(self, evaluation_challenge):
        pilot = PilotFactory(challenge=evaluation_challenge, status=Status.RUNNING, kpis=2)
        first, second = pilot.kpis.all()
        pilot = services.pilot_publish_results(
            actor=pilot.created_by,
            pilot=pilot,
            outcomes={first.pk: Decimal("120"), second.pk: "80.5"},
            notes={second.pk: "Winter slowed us down."},
            learnings=in_each_language("People *share* rides."),
            next_step=Pilot.NextStep.SCALE_UP,
        )
        assert pilot.status == Status.COMPLETED and pilot.results_published_at and pilot.ended_at
        assert pilot.learnings_html == "<p>People <em>share</em> rides.</p>"
        first.refresh_from_db()
        second.refresh_from_db()
        assert (first.outcome, first.target_met) == (Decimal("120"), True)
        assert (second.outcome, second.target_met, second.note) == (
            Decimal("80.5"),
            False,
            "Winter slowed us down.",
        )
        assert pilot.transitions.last().to_status == "completed"

    def test_results_need_every_outcome_learnings_and_a_next_step(self, evaluation_challenge):
        pilot = PilotFactory(challenge=evaluation_challenge, status=Status.RUNNING, kpis=2)
        first = pilot.kpis.first()
        with pytest.raises(ValidationError) as error:
            services.pilot_publish_results(
                actor=pilot.created_by, pilot=pilot, outcomes={first.pk: 5}, learnings=" ", next_step="later"
            )
        assert set(error.value.message_dict) == {"outcomes", "learnings", "next_step"}
        pilot.refresh_from_db()
        assert pilot.status == Status.RUNNING and not KPI.objects.filter(outcome__isnull=False).exists()

    def test_results_only_for_running_pilots_by_the_team(self, evaluation_challenge, curator):
        pilot = PilotFactory(challenge=evaluation_challenge, status=Status.ACCEPTED)
        with pytest.raises(ValidationError):
            services.pilot_publish_results(
                actor=pilot.created_by,
                pilot=pilot,
                outcomes={},
                learnings=in_each_language("x"),
                next_step="stop",
            )
        running = PilotFactory(challenge=evaluation_challenge, status=Status.RUNNING)
        with pytest.raises(PermissionDenied):
            services.pilot_publish_results(
                actor=curator, pilot=running, outcomes={}, learnings=in_each_language("x"), next_step="stop"
            )

    def test_discontinuing_needs_a_reason(self, evaluation_challenge, curator):
        pilot = PilotFactory(challenge=evaluation_challenge, status=Status.RUNNING)
        with pytest.raises(ValidationError):
            services.pilot_discontinue(actor=curator, pilot=pilot, reason="")
        pilot = services.pilot_discontinue(actor=curator, pilot=pilot, reason="The site closed.")
        assert (pilot.status, pilot.discontinued_reason) == (Status.DISCONTINUED, "The site closed.")
        with pytest.raises(ValidationError):
            services.pilot_discontinue(actor=curator, pilot=pilot, reason="Again")

    def test_discontinuing_is_for_the_team_and_curators(self, evaluation_challenge, resident, evaluator):
        pilot = PilotFactory(challenge=evaluation_challenge, status=Status.ACCEPTED)
        for outsider in (resident, evaluator):
            with pytest.raises(PermissionDenied):
                services.pilot_discontinue(actor=outsider, pilot=pilot, reason="No")
        assert services.pilot_discontinue(actor=pilot.created_by, pilot=pilot, reason="Team left").status == (
            Status.DISCONTINUED
        )


class TestParticipants:
    def test_sign_up_with_consent_to_the_current_statement(self, evaluation_challenge, resident):
        pilot = PilotFactory(challenge=evaluation_challenge, status=Status.RUNNING, data_statement_version=3)
        participant = services.participant_sign_up(actor=resident, pilot=pilot, consent=True)
        assert (participant.user, participant.data_statement_version, participant.is_active) == (
            resident,
            3,
            True,
        )

    def test_consent_is_required(self, evaluation_challenge, resident):
        pilot = PilotFactory(challenge=evaluation_challenge, status=Status.RUNNING)
        with pytest.raises(ValidationError) as error:
            services.participant_sign_up(actor=resident, pilot=pilot, consent=False)
        assert "consent" in error.value.message_dict
        assert not Participant.objects.exists()

    def test_capacity_holds(self, evaluation_challenge):
        pilot = PilotFactory(challenge=evaluation_challenge, status=Status.ACCEPTED, capacity=2)
        ParticipantFactory(pilot=pilot)
        ParticipantFactory(pilot=pilot, withdrawn_at=timezone.now())  # a withdrawn place is free again
        services.participant_sign_up(actor=UserFactory(), pilot=pilot, consent=True)
        with pytest.raises(ValidationError) as error:
            services.participant_sign_up(actor=UserFactory(), pilot=pilot, consent=True)
        assert "full: all 2 places" in message(error)
        no_places = PilotFactory(challenge=evaluation_challenge, status=Status.RUNNING, capacity=0)
        with pytest.raises(ValidationError) as error:
            services.participant_sign_up(actor=UserFactory(), pilot=no_places, consent=True)
        assert "does not take participants" in message(error)

    @pytest.mark.parametrize("status", ["submitted", "in_review", "declined", "completed", "discontinued"])
    def test_only_accepted_or_running_pilots_take_participants(self, evaluation_challenge, resident, status):
        pilot = PilotFactory(challenge=evaluation_challenge, status=status)
        with pytest.raises(ValidationError):
            services.participant_sign_up(actor=resident, pilot=pilot, consent=True)

    def test_a_visitor_cannot_sign_up(self, evaluation_challenge):
        pilot = PilotFactory(challenge=evaluation_challenge, status=Status.RUNNING)
        with pytest.raises(PermissionDenied):
            services.participant_sign_up(actor=AnonymousUser(), pilot=pilot, consent=True)

    def test_twice_is_refused_withdraw_and_come_back(self, evaluation_challenge, resident):
        pilot = PilotFactory(challenge=evaluation_challenge, status=Status.RUNNING)
        services.participant_sign_up(actor=resident, pilot=pilot, consent=True)
        with pytest.raises(ValidationError) as error:
            services.participant_sign_up(actor=resident, pilot=pilot, consent=True)
        assert "already taking part" in message(error)
        withdrawn = services.participant_withdraw(actor=resident, pilot=pilot)
        assert withdrawn.withdrawn_at is not None
        with pytest.raises(ValidationError):
            services.participant_withdraw(actor=resident, pilot=pilot)
        services.participant_sign_up(actor=resident, pilot=pilot, consent=True)
        assert (
            pilot.participants.count() == 2
            and pilot.participants.filter(withdrawn_at__isnull=True).count() == 1
        )

    def test_withdrawing_works_after_the_pilot_ends(self, evaluation_challenge, resident):
        pilot = PilotFactory(challenge=evaluation_challenge, status=Status.COMPLETED)
        ParticipantFactory(pilot=pilot, user=resident)
        assert services.participant_withdraw(actor=resident, pilot=pilot).withdrawn_at

    def test_a_changed_statement_gets_a_new_version_and_a_new_consent(self, evaluation_challenge, resident):
        pilot = PilotFactory(challenge=evaluation_challenge, status=Status.RUNNING)
        services.participant_sign_up(actor=resident, pilot=pilot, consent=True)
        pilot = services.pilot_update_data_statement(
            actor=pilot.created_by, pilot=pilot, expected_version=pilot.version, capacity=20
        )
        assert pilot.data_statement_version == 1  # capacity is not part of the statement
        pilot = services.pilot_update_data_statement(
            actor=pilot.created_by, pilot=pilot, expected_version=pilot.version, data_retention="One year."
        )
        assert pilot.data_statement_version == 2
        participant = services.participant_sign_up(actor=resident, pilot=pilot, consent=True)
        assert participant.data_statement_version == 2 and Participant.objects.count() == 1

    def test_the_statement_change_is_for_the_team_of_a_live_pilot(self, evaluation_challenge, resident):
        pilot = PilotFactory(challenge=evaluation_challenge, status=Status.RUNNING, capacity=1)
        with pytest.raises(PermissionDenied):
            services.pilot_update_data_statement(actor=resident, pilot=pilot, expected_version=1, capacity=5)
        ParticipantFactory(pilot=pilot)
        with pytest.raises(ValidationError) as error:
            services.pilot_update_data_statement(
                actor=pilot.created_by, pilot=pilot, expected_version=1, capacity=0
            )
        assert "capacity" in error.value.message_dict
        with pytest.raises(ValidationError):
            services.pilot_update_data_statement(
                actor=pilot.created_by, pilot=pilot, expected_version=7, capacity=5
            )
        draft = PilotFactory(challenge=evaluation_challenge)
        with pytest.raises(ValidationError):
            services.pilot_update_data_statement(
                actor=draft.created_by, pilot=draft, expected_version=1, capacity=5
            )


def test_history_replays_with_now(evaluation_challenge, curator):
    """The demo replays a history by passing `now`; the transitions carry those times."""
    pilot = PilotFactory(challenge=evaluation_challenge)
    submitted = evaluation_challenge.proposals_close - timedelta(days=1)
    services.pilot_submit(actor=pilot.created_by, pilot=pilot, now=submitted)
    assert Transition.objects.filter(pilot=pilot, to_status="submitted").get().at == submitted
