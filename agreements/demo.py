"""Demo agreements at the Iso Omena service centre, made through the services as people would.

- "Wayfinding screens at Iso Omena" (Polku Mobility) runs under an accepted agreement: the first
  milestone is done and its instalment paid, the second done and approved, waiting for payment
  (its first report was returned and resubmitted), the third is overdue, the fourth still due; a
  change of scope was approved, a change of dates waits for the curators.
- "Library robot guide" (Otaniemi Urban Data Lab) was accepted, and withdrew before starting;
  its place is offered to the next proposal on the ranking, "Signs in plain language"
  (Matinkylä Neighbours), which has ten days to answer.

The city's texts (terms) are in Finnish and Swedish, as Espoo writes its agreements.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from agreements import services
from challenges.models import Challenge
from pilots import services as pilot_services
from pilots.demo import _propose, _review
from portal.rate_limits import rate_limits_suspended

DAY = timedelta(days=1)

TERMS = """**Sopimusehdot (suomeksi)**

Tiimi toteuttaa pilotin hakemuksensa mukaisesti Ison Omenan palvelutorilla. Kaupunki maksaa
erät, kun välitavoitteen raportti on hyväksytty. Tiimi raportoi KPI-tavoitteiden edistymisestä
jokaisen välitavoitteen yhteydessä. Henkilötietoja käsitellään tietosuojaselosteen mukaisesti.

**Avtalsvillkor (på svenska)**

Teamet genomför piloten enligt sin ansökan på servicetorget i Iso Omena. Staden betalar raterna
när rapporten för en delmål har godkänts. Teamet rapporterar hur KPI-målen framskrider vid varje
delmål. Personuppgifter behandlas enligt dataskyddsbeskrivningen."""


def load_agreements(users: dict, challenges: dict[str, Challenge]) -> None:
    with rate_limits_suspended():
        _load(users, challenges)


def _load(users: dict, challenges: dict[str, Challenge]) -> None:
    curator = users["official@example.org"]
    finance = users["finance@example.org"]
    evaluator = users["evaluator@example.org"]
    startup, researcher, community = (
        users["startup@example.org"],
        users["researcher@example.org"],
        users["community@example.org"],
    )
    challenge = challenges["piloting"]
    services.finance_contact_appoint(actor=curator, challenge=challenge, email=finance.email)
    opened, closed = challenge.proposals_open, challenge.proposals_close
    today = timezone.localdate()

    screens = _propose(
        startup,
        challenge,
        startup.organizations.get(name="Polku Mobility"),
        opened + 2 * DAY,
        title="Wayfinding screens at Iso Omena",
        summary="Screens that show visitors of the service centre the way, the queue and what is on today.",
        problem="Visitors cannot find the services on the second floor, and queues build at the info desk.",
        solution="Four screens with a map, queue times and the events of the day, in three languages.",
        test_site="Iso Omena service centre, Matinkylä",
        schedule="Eight months.",
        budget_requested=Decimal("24000"),
        city_needs="Power and network at four spots; queue data.",
        resident_involvement="Visitors test the screens and vote on the layout.",
        capacity=0,
        collects_personal_data=False,
        data_contact="privacy@polku.example.org",
        kpis=[("Questions at the info desk", "per day", 120), ("Visitors who found their way", "%", 90)],
        users=users,
    )
    robot = _propose(
        researcher,
        challenge,
        researcher.organizations.get(name="Otaniemi Urban Data Lab"),
        opened + 3 * DAY,
        title="Library robot guide",
        summary="A robot that walks visitors from the entrance to the library and the service points.",
        problem="The library is hard to find from the metro.",
        solution="A guide robot, tried for six months.",
        test_site="Iso Omena library",
        schedule="Six months.",
        budget_requested=Decimal("22000"),
        city_needs="A charging spot.",
        resident_involvement="Visitors rate each walk.",
        capacity=0,
        collects_personal_data=False,
        data_contact="datalab@example.org",
        kpis=[("Walks guided", "walks", 2000)],
        users=users,
    )
    signs = _propose(
        community,
        challenge,
        community.organizations.get(name="Matinkylä Neighbours"),
        opened + 4 * DAY,
        title="Signs in plain language",
        summary="Residents rewrite the service centre's signs in plain Finnish, Swedish and English.",
        problem="The signs use the city's words, not the visitors'.",
        solution="Workshops and new signs.",
        test_site="Iso Omena service centre",
        schedule="Four months.",
        budget_requested=Decimal("8000"),
        city_needs="Printing of the signs.",
        resident_involvement="Residents write the signs.",
        capacity=0,
        collects_personal_data=False,
        data_contact="community@example.org",
        kpis=[("Signs rewritten", "signs", 40)],
        users=users,
    )
    for pilot, score in ((screens, 5), (robot, 4), (signs, 3)):
        pilot_services.pilot_submit(actor=pilot.created_by, pilot=pilot, now=opened + 5 * DAY)
        pilot_services.pilot_start_review(actor=curator, pilot=pilot, now=closed + DAY)
        _review(evaluator, pilot, closed + 2 * DAY, {"Impact": score, "Feasibility": score}, "Clear plan.")
    for pilot in (screens, robot):
        pilot_services.pilot_decide(
            actor=curator, pilot=pilot, accept=True, reason="Welcome!", now=closed + 4 * DAY
        )
    pilot_services.pilot_decide(
        actor=curator,
        pilot=signs,
        accept=False,
        now=closed + 4 * DAY,
        reason="A good plan, but the budget covers two pilots; it stays on the reserve list.",
    )

    # The running pilot and its agreement.
    start = timezone.localdate(challenge.evaluation_end) + DAY
    agreement = services.agreement_draw_up(
        actor=curator,
        pilot=screens,
        budget="24000.00",
        terms=TERMS,
        city_contact="Leena Korhonen, official@example.org",
        team_contact="Mikael Lindqvist, startup@example.org",
        now=closed + 6 * DAY,
        milestones=[
            {
                "title": "Screens installed",
                "deliverable": "Four screens in place and working.",
                "due_date": start + 20 * DAY,
                "share": "25",
            },
            {
                "title": "Queue data on the screens",
                "deliverable": "Live queue times from the info desk.",
                "due_date": start + 50 * DAY,
                "share": "25",
            },
            {
                "title": "Visitor survey",
                "deliverable": "A survey of 300 visitors and the layout they chose.",
                "due_date": today - 3 * DAY,
                "share": "20",
            },
            {
                "title": "Final report",
                "deliverable": "Results against the KPIs, and what to do next.",
                "due_date": timezone.localdate(challenge.piloting_end) - 10 * DAY,
                "share": "30",
            },
        ],
    )
    agreement = services.agreement_accept(
        actor=startup, agreement=agreement, expected_version=agreement.version, now=closed + 8 * DAY
    )
    started = challenge.evaluation_end + DAY
    pilot_services.pilot_start(actor=startup, pilot=screens, now=started)
    first, second, third, _fourth = agreement.milestones.all()
    questions, found = screens.kpis.all()
    report = services.report_submit(
        actor=startup,
        agreement=agreement,
        milestone=first,
        now=started + 18 * DAY,
        summary="All four screens are up: at the entrance, by the lifts, at the library and the info desk.",
        kpi_values={questions.pk: "150"},
    )
    services.report_approve(actor=curator, report=report, comment="Looks great.", now=started + 19 * DAY)
    services.instalment_mark_paid(
        actor=finance,
        instalment=first.instalment,
        paid_on=timezone.localdate(started + 25 * DAY),
        reference="ESPOO-2026-0412",
        now=started + 25 * DAY,
    )
    report = services.report_submit(
        actor=startup,
        agreement=agreement,
        milestone=second,
        now=started + 48 * DAY,
        summary="Queue times show on two screens.",
        kpi_values={questions.pk: "110"},
    )
    services.report_return(
        actor=curator,
        report=report,
        now=started + 49 * DAY,
        comment="The agreement says all four screens; tell us when the other two show the queue.",
    )
    report = services.report_submit(
        actor=startup,
        agreement=agreement,
        milestone=second,
        now=started + 53 * DAY,
        summary="Queue times now show on all four screens, updated every minute.",
        kpi_values={questions.pk: "95", found.pk: "84"},
    )
    services.report_approve(actor=curator, report=report, now=started + 54 * DAY)
    change = services.change_request_create(
        actor=startup,
        agreement=agreement,
        kind="scope",
        now=started + 60 * DAY,
        reason="Visitors asked for the day's events more than the map.",
        milestones={third.pk: {"deliverable": "A survey of 300 visitors, and the events view they chose."}},
    )
    services.change_request_decide(actor=curator, change=change, approve=True, now=started + 62 * DAY)
    services.change_request_create(
        actor=startup,
        agreement=agreement,
        kind="dates",
        now=timezone.now() - DAY,
        reason="The survey waits for the school holidays to end, when families visit again.",
        milestones={third.pk: {"due_date": today + 14 * DAY}},
    )

    # The withdrawn pilot, passed to the reserve.
    pilot_services.pilot_discontinue(
        actor=researcher,
        pilot=robot,
        now=closed + 10 * DAY,
        reason="The robot's maker went out of business; we withdraw before starting.",
    )
    services.reserve_offer(actor=curator, withdrawn=robot, days=10)
