"""Agreements in the API test world (tests/portal/api_world.py): made through the services."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from agreements import services
from agreements.models import Agreement, ChangeRequest, FinanceContact, Instalment, Milestone, Report
from pilots.models import Pilot
from tests.accounts.factories import UserFactory


def day(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def milestones(days=(50, 100, 150), shares=("30", "30", "40")) -> list[dict]:
    return [
        {"title": f"Milestone {n}", "deliverable": "A deliverable.", "due_date": day(d), "share": share}
        for n, (d, share) in enumerate(zip(days, shares, strict=True), start=1)
    ]


def draw_up_body(pilot: Pilot) -> dict:
    return {
        "pilot": pilot.pk,
        "budget": "30000",
        "terms": "Terms.",
        "city_contact": "City",
        "team_contact": "Team",
        "milestones": milestones(),
    }


def finance(w):
    if not hasattr(w, "_finance"):
        w._finance = UserFactory(name="Fredrik Finance", is_official=True)
        FinanceContact.objects.create(challenge=w.open_challenge, user=w._finance)
    return w._finance


def agreement(w, *, accepted: bool = True, pilot_status: str = "accepted") -> Agreement:
    pilot = w.pilot("accepted")
    body = draw_up_body(pilot)
    body.pop("pilot")
    made = services.agreement_draw_up(actor=w.official, pilot=pilot, **body)
    finance(w)
    if accepted:
        made = services.agreement_accept(actor=w.lead, agreement=made, expected_version=made.version)
    if pilot_status != "accepted":
        Pilot.objects.filter(pk=pilot.pk).update(status=pilot_status, started_at=timezone.now())
    return made


def submitted_report(w, a: Agreement) -> Report:
    return services.report_submit(actor=w.lead, agreement=a, milestone=a.milestones.first(), summary="Done.")


def approved_instalment(w, a: Agreement) -> Instalment:
    services.report_approve(actor=w.official, report=submitted_report(w, a))
    return Instalment.objects.get(milestone=a.milestones.first())


def pending_change(w, a: Agreement) -> ChangeRequest:
    return services.change_request_create(
        actor=w.lead,
        agreement=a,
        kind="dates",
        reason="Later.",
        milestones={a.milestones.first().pk: {"due_date": day(60)}},
    )


def ended_with_final_report(w) -> Agreement:
    a = agreement(w, pilot_status="running")
    services.final_report_submit(actor=w.lead, agreement=a, body="All done.")
    Pilot.objects.filter(pk=a.pilot_id).update(status="discontinued", discontinued_reason="Over.")
    return a


def add_milestones(a: Agreement, n: int) -> None:
    """Rows for the list tests (the sums do not matter to how many queries a list costs)."""
    start = a.milestones.count()
    for k in range(n):
        milestone = Milestone.objects.create(
            agreement=a,
            position=start + k,
            title=f"Extra {k}",
            deliverable="d",
            due_date=timezone.localdate(),
            share=Decimal("1"),
        )
        Instalment.objects.create(agreement=a, milestone=milestone, amount=Decimal("1"))
