from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from agreements import services
from agreements.models import Agreement, ChangeRequest, CityDecision, Instalment, Milestone, Report
from notifications.models import Event
from pilots import services as pilot_services
from pilots.models import Pilot
from portal.models import AuditEntry
from tests.agreements.conftest import due, milestone_rows
from tests.pilots.factories import PilotFactory

pytestmark = pytest.mark.django_db

REASONS = {"fi": "Hankitaan koko kaupunkiin.", "sv": "Upphandlas för hela staden."}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def approve_first(agreement, lead, curator):
    milestone = agreement.milestones.first()
    report = services.report_submit(actor=lead, agreement=agreement, milestone=milestone, summary="Done.")
    services.report_approve(actor=curator, report=report)
    return Instalment.objects.get(milestone=milestone)


class TestDrawUp:
    def test_instalments_add_up_to_the_budget_exactly(self, pilot, draw_up):
        agreement = draw_up(pilot, budget="1000.00", milestones=milestone_rows(("33.33", "33.33", "33.34")))
        amounts = list(agreement.instalments.values_list("amount", flat=True))
        assert sum(amounts) == Decimal("1000.00")
        assert all(isinstance(amount, Decimal) for amount in amounts)
        assert Event.objects.filter(kind="agreement.step", payload__step="draw_up").exists()
        assert AuditEntry.objects.filter(action="agreement.draw_up").exists()

    def test_shares_over_100_percent_are_refused(self, pilot, draw_up):
        with pytest.raises(ValidationError) as error:
            draw_up(pilot, milestones=milestone_rows(("30", "130", "40")))
        assert "cannot be over 100 %" in str(error.value)
        assert not Agreement.objects.exists()

    def test_shares_must_add_up_to_100(self, pilot, draw_up):
        with pytest.raises(ValidationError, match="add up to 90"):
            draw_up(pilot, milestones=milestone_rows(("30", "20", "40")))

    def test_due_date_outside_piloting_is_refused(self, pilot, draw_up):
        with pytest.raises(ValidationError, match="within the piloting phase"):
            draw_up(pilot, milestones=milestone_rows(days=(10, 40, 400)))

    def test_only_curators_of_an_accepted_pilot(self, pilot, draw_up, lead, challenge):
        with pytest.raises(PermissionDenied):
            services.agreement_draw_up(
                actor=lead,
                pilot=pilot,
                budget="1",
                terms="t",
                city_contact="c",
                team_contact="t",
                milestones=milestone_rows(),
            )
        declined = PilotFactory(challenge=challenge, status=Pilot.Status.DECLINED)
        with pytest.raises(PermissionDenied):
            draw_up(declined)

    def test_stale_edit_is_refused_and_nothing_changes(self, draft, curator):
        values = {
            "budget": "30000",
            "terms": "New terms",
            "city_contact": "c",
            "team_contact": "t",
            "milestones": milestone_rows(),
        }
        services.agreement_update(actor=curator, agreement=draft, expected_version=draft.version, **values)
        with pytest.raises(ValidationError, match="Someone else changed"):
            services.agreement_update(
                actor=curator, agreement=draft, expected_version=draft.version, **{**values, "terms": "Old"}
            )
        draft.refresh_from_db()
        assert draft.terms == "New terms"


class TestAccept:
    def test_team_administrator_accepts_and_who_when_is_kept(self, agreement, lead):
        assert agreement.status == Agreement.Status.ACCEPTED
        assert agreement.accepted_by == lead and agreement.accepted_at is not None

    def test_a_plain_member_cannot_accept(self, draft, member):
        with pytest.raises(PermissionDenied):
            services.agreement_accept(actor=member, agreement=draft, expected_version=draft.version)

    def test_pilot_cannot_start_before_acceptance(self, draft, lead):
        with pytest.raises(ValidationError, match="accepted the agreement"):
            pilot_services.pilot_start(actor=lead, pilot=draft.pilot)
        services.agreement_accept(actor=lead, agreement=draft, expected_version=draft.version)
        assert pilot_services.pilot_start(actor=lead, pilot=draft.pilot).status == Pilot.Status.RUNNING


class TestReports:
    def test_approval_releases_the_instalment(self, agreement, lead, curator):
        instalment = approve_first(agreement, lead, curator)
        assert instalment.status == Instalment.Status.APPROVED
        assert instalment.milestone.status == Milestone.Status.APPROVED

    def test_return_and_resubmit_keeps_every_version(self, agreement, lead, curator, media_root):
        milestone = agreement.milestones.first()
        kpi = agreement.pilot.kpis.first()
        first = services.report_submit(
            actor=lead,
            agreement=agreement,
            milestone=milestone,
            summary="Half done.",
            kpi_values={kpi.pk: "12,5"},
            files=[SimpleUploadedFile("plan.pdf", PDF)],
        )
        assert first.kpi_values[0]["value"] == "12.5"
        assert first.attachments.count() == 1
        with pytest.raises(ValidationError, match="waiting for review"):
            services.report_submit(actor=lead, agreement=agreement, milestone=milestone, summary="Again")
        with pytest.raises(ValidationError, match="what to change"):
            services.report_return(actor=curator, report=first, comment=" ")
        services.report_return(actor=curator, report=first, comment="Add the survey.")
        second = services.report_submit(actor=lead, agreement=agreement, milestone=milestone, summary="All.")
        assert [r.number for r in Report.objects.filter(milestone=milestone)] == [1, 2]
        assert Report.objects.get(pk=first.pk).status == Report.Status.RETURNED
        assert second.status == Report.Status.SUBMITTED

    def test_report_on_another_pilots_milestone_is_refused(
        self, agreement, lead, challenge, draw_up, curator
    ):
        other_pilot = PilotFactory(challenge=challenge, created_by=lead, status=Pilot.Status.ACCEPTED)
        other = draw_up(other_pilot)
        with pytest.raises(ValidationError, match="another pilot"):
            services.report_submit(
                actor=lead, agreement=agreement, milestone=other.milestones.first(), summary="x"
            )
        assert not Report.objects.exists()

    def test_kpi_of_another_pilot_is_refused(self, agreement, lead):
        with pytest.raises(ValidationError, match="not one of this pilot's KPIs"):
            services.report_submit(
                actor=lead,
                agreement=agreement,
                milestone=agreement.milestones.first(),
                summary="x",
                kpi_values={999999: "1"},
            )

    def test_outsiders_cannot_report_or_review(self, agreement, resident, lead, finance):
        milestone = agreement.milestones.first()
        with pytest.raises(PermissionDenied):
            services.report_submit(actor=resident, agreement=agreement, milestone=milestone, summary="x")
        report = services.report_submit(actor=lead, agreement=agreement, milestone=milestone, summary="x")
        for actor in (lead, finance):
            with pytest.raises(PermissionDenied):
                services.report_approve(actor=actor, report=report)


class TestPayment:
    def test_finance_marks_paid_once(self, agreement, lead, curator, finance):
        instalment = approve_first(agreement, lead, curator)
        services.instalment_mark_paid(
            actor=finance, instalment=instalment, paid_on=timezone.localdate(), reference="SAP-1"
        )
        with pytest.raises(ValidationError, match="already marked paid"):
            services.instalment_mark_paid(
                actor=finance, instalment=instalment, paid_on=timezone.localdate(), reference="SAP-2"
            )
        instalment.refresh_from_db()
        assert instalment.payment_reference == "SAP-1"
        assert AuditEntry.objects.filter(action="agreement.instalment_paid").count() == 1

    def test_not_before_approval_not_in_the_future_not_by_curators(self, agreement, lead, curator, finance):
        planned = agreement.instalments.first()
        with pytest.raises(ValidationError, match="once its milestone"):
            services.instalment_mark_paid(actor=finance, instalment=planned, paid_on=due(0), reference="R")
        instalment = approve_first(agreement, lead, curator)
        with pytest.raises(ValidationError, match="future"):
            services.instalment_mark_paid(actor=finance, instalment=instalment, paid_on=due(3), reference="R")
        with pytest.raises(PermissionDenied):
            services.instalment_mark_paid(actor=curator, instalment=instalment, paid_on=due(0), reference="R")


class TestChangeRequests:
    def test_approved_date_change_updates_the_agreement_with_history(self, agreement, lead, curator):
        milestone = agreement.milestones.first()
        change = services.change_request_create(
            actor=lead,
            agreement=agreement,
            kind="dates",
            reason="Parts arrive late.",
            milestones={milestone.pk: {"due_date": due(20)}},
        )
        assert change.status == ChangeRequest.Status.PENDING
        services.change_request_decide(actor=curator, change=change, approve=True)
        milestone.refresh_from_db()
        change.refresh_from_db()
        assert milestone.due_date.isoformat() == due(20)
        assert change.changes == [
            {"what": "due_date", "milestone": "Milestone 1", "before": due(10), "after": due(20)}
        ]

    def test_budget_change_that_breaks_the_sum_is_refused(self, agreement, lead):
        milestone = agreement.milestones.first()
        with pytest.raises(ValidationError, match="add up exactly"):
            services.change_request_create(
                actor=lead,
                agreement=agreement,
                kind="budget",
                reason="More sensors.",
                budget="32000",
                milestones={milestone.pk: {"amount": "9500"}},
            )
        change = services.change_request_create(
            actor=lead,
            agreement=agreement,
            kind="budget",
            reason="More sensors.",
            budget="32000",
            milestones={milestone.pk: {"amount": "11000"}},
        )
        assert change.proposed["budget"] == "32000.00"

    def test_approval_refused_when_an_instalment_was_approved_meanwhile(self, agreement, lead, curator):
        milestone = agreement.milestones.first()
        change = services.change_request_create(
            actor=lead,
            agreement=agreement,
            kind="budget",
            reason="More.",
            budget="32000",
            milestones={milestone.pk: {"amount": "11000"}},
        )
        approve_first(agreement, lead, curator)
        with pytest.raises(ValidationError, match="already approved or paid"):
            services.change_request_decide(actor=curator, change=change, approve=True)
        agreement.refresh_from_db()
        assert agreement.budget == Decimal("30000")
        assert sum(agreement.instalments.values_list("amount", flat=True)) == Decimal("30000")

    def test_decline_needs_a_comment(self, agreement, lead, curator):
        change = services.change_request_create(
            actor=lead,
            agreement=agreement,
            kind="scope",
            reason="Simpler.",
            milestones={agreement.milestones.first().pk: {"title": "Smaller"}},
        )
        with pytest.raises(ValidationError, match="why"):
            services.change_request_decide(actor=curator, change=change, approve=False)
        services.change_request_decide(actor=curator, change=change, approve=False, comment="Keep it.")


class TestEnd:
    def test_final_report_then_the_city_decides_publicly(self, agreement, lead, curator):
        pilot = pilot_services.pilot_start(actor=lead, pilot=agreement.pilot)
        services.final_report_submit(actor=lead, agreement=agreement, body="It worked.")
        with pytest.raises(PermissionDenied):  # still running
            services.city_decide(actor=curator, agreement=agreement, decision="procure", reasons=REASONS)
        pilot_services.pilot_discontinue(actor=lead, pilot=pilot, reason="Done early.")
        with pytest.raises(ValidationError) as error:
            services.city_decide(
                actor=curator, agreement=agreement, decision="maybe", reasons={"fi": "Hyvä."}
            )
        assert set(error.value.message_dict) == {"decision", "reasons_sv"}
        decision = services.city_decide(
            actor=curator, agreement=agreement, decision="procure", reasons=REASONS
        )
        assert decision.decision == CityDecision.Decision.PROCURE
        assert Event.objects.filter(kind="pilot.city_decision").exists()


class TestReserve:
    def test_no_reserve_without_a_ranked_proposal(self, pilot, challenge, curator, lead):
        PilotFactory(challenge=challenge, status=Pilot.Status.DECLINED)  # never scored
        with pytest.raises(PermissionDenied):  # not withdrawn yet
            services.reserve_offer(actor=curator, withdrawn=pilot)
        pilot_services.pilot_discontinue(actor=lead, pilot=pilot, reason="We withdraw.")
        with pytest.raises(ValidationError, match="No proposal is left"):
            services.reserve_offer(actor=curator, withdrawn=pilot)

    def test_offer_accepted_makes_the_proposal_an_accepted_pilot(self, pilot, challenge, curator, lead):
        reserve = scored_proposal(challenge)
        pilot_services.pilot_discontinue(actor=lead, pilot=pilot, reason="We withdraw.")
        offer = services.reserve_offer(actor=curator, withdrawn=pilot, days=7)
        assert offer.offered_pilot == reserve
        assert Event.objects.filter(kind="agreement.reserve_offer").exists()
        with pytest.raises(ValidationError, match="already offered"):
            services.reserve_offer(actor=curator, withdrawn=pilot)
        services.reserve_offer_answer(actor=reserve.created_by, offer=offer, accept=True)
        reserve.refresh_from_db()
        assert reserve.status == Pilot.Status.ACCEPTED

    def test_expired_offer_cannot_be_accepted(self, pilot, challenge, curator, lead):
        reserve = scored_proposal(challenge)
        pilot_services.pilot_discontinue(actor=lead, pilot=pilot, reason="We withdraw.")
        offer = services.reserve_offer(actor=curator, withdrawn=pilot, days=1)
        later = timezone.now() + timedelta(days=2)
        with pytest.raises(ValidationError, match="expired"):
            services.reserve_offer_answer(actor=reserve.created_by, offer=offer, accept=True, now=later)
        assert services.reserve_offers_expire(now=later) == 1


def scored_proposal(challenge):
    from pilots.models import Review, Score
    from tests.accounts.factories import UserFactory
    from tests.challenges.factories import CriterionFactory

    reserve = PilotFactory(challenge=challenge, status=Pilot.Status.DECLINED)
    criterion = challenge.criteria.first() or CriterionFactory(challenge=challenge, name="Impact", weight=1)
    review = Review.objects.create(pilot=reserve, evaluator=UserFactory(), submitted_at=timezone.now())
    Score.objects.create(review=review, criterion=criterion, score=4)
    return reserve
