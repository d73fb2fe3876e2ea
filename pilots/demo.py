"""Demo pilots at every stage of their life, made through the services as real people would.

`load_pilots(users, challenges)` takes the demo users by email and a challenge per phase:
`"proposals"`, `"evaluation"`, `"piloting"` and `"closed"`. Each challenge should be curated by
`official@example.org` and have criteria; `evaluator@example.org` is appointed where missing.
History is replayed with the services' `now`, so dates and transitions look like a real season.
"""

from datetime import datetime, timedelta
from decimal import Decimal

from challenges.models import Challenge, EvaluatorAppointment
from pilots import services
from pilots.models import Pilot
from pilots.services import ScoreInput
from portal import demo_pictures
from portal.rate_limits import rate_limits_suspended

DAY = timedelta(days=1)


def load_pilots(users: dict, challenges: dict[str, Challenge]) -> dict[str, Pilot]:
    # The demo teams start several proposals at once: they are not held to the per-person limits.
    with rate_limits_suspended():
        return _load_pilots(users, challenges)


def _load_pilots(users: dict, challenges: dict[str, Challenge]) -> dict[str, Pilot]:
    startup = users["startup@example.org"]
    researcher = users["researcher@example.org"]
    community = users["community@example.org"]
    curator = users["official@example.org"]
    evaluator = users["evaluator@example.org"]
    for challenge in challenges.values():
        EvaluatorAppointment.objects.get_or_create(
            challenge=challenge, evaluator=evaluator, defaults={"appointed_by": curator}
        )
    polku = startup.organizations.get(name="Polku Mobility")
    lab = researcher.organizations.get(name="Otaniemi Urban Data Lab")
    neighbours = community.organizations.get(name="Matinkylä Neighbours")
    pilots = {}

    # Proposals open: Polku Mobility has one proposal in, another still a draft.
    commuting = challenges["proposals"]
    opened = commuting.proposals_open
    pilots["commuting_submitted"] = _propose(
        startup,
        commuting,
        polku,
        opened + DAY,
        title="Shared commuting routes from Espoonlahti to Keilaniemi",
        summary=(
            "An app that matches neighbours who commute the same way at the same time, with "
            "pick-up points chosen together with residents of Espoonlahti."
        ),
        problem="Rush-hour buses from Espoonlahti are full, and most cars on Länsiväylä carry one person.",
        solution=(
            "We plan **shared routes** with three employers in Keilaniemi and the residents who work "
            "there.\n\n- fixed pick-up points\n- a guaranteed ride home\n- monthly route workshops"
        ),
        test_site="Espoonlahti – Keilaniemi",
        schedule="September to November, with a route workshop each month.",
        budget_requested=Decimal("18000"),
        city_needs="Anonymous traffic counts on Länsiväylä; space for two pick-up points.",
        resident_involvement="Residents choose the pick-up points and test the app.",
        capacity=60,
        personal_data="Name, email, home and work district, commuting times.",
        data_subjects="Commuters who join the pilot.",
        data_purpose="Matching rides and measuring how many car trips are replaced.",
        legal_basis=Pilot.LegalBasis.CONSENT,
        data_retention="Deleted three months after the pilot ends.",
        data_contact="privacy@polku.example.org",
        kpis=[("Car trips replaced", "trips", 1500), ("Commuters sharing rides weekly", "people", 50)],
        team=["colleague@example.org"],
        users=users,
    )
    services.pilot_submit(actor=startup, pilot=pilots["commuting_submitted"], now=opened + 3 * DAY)
    pilots["commuting_draft"] = _propose(
        startup,
        commuting,
        polku,
        opened + 5 * DAY,
        title="Shared commuting routes for Otaniemi employers",
        summary="Carpool routes for the employers of the Otaniemi campus. Still being written.",
        problem="Parking at Otaniemi is full by eight in the morning.",
        budget_requested=Decimal("12000"),
        kpis=[("Parking places freed", "places", 100)],
        users=users,
    )

    # Evaluation: AI in customer service, reviewed and ranked.
    service = challenges["evaluation"]
    chat = _propose(
        researcher,
        service,
        lab,
        service.proposals_open + DAY,
        title="AI chat assistant for customer service",
        summary=(
            "A chat assistant that answers residents' questions about city services in Finnish, "
            "Swedish and English, and hands over to a person whenever it is unsure."
        ),
        problem="Residents queue on the phone for simple questions, such as opening hours and fees.",
        solution="A retrieval-based assistant over the city's own service pages, with a human in the loop.",
        test_site="espoo.fi customer service chat",
        schedule="Six weeks in spring.",
        budget_requested=Decimal("25000"),
        city_needs="Access to the service descriptions and two customer-service staff for feedback.",
        resident_involvement="Residents rate every answer; a panel of twelve reviews the transcripts weekly.",
        capacity=0,
        personal_data="Chat messages, which may contain personal details the resident types.",
        data_subjects="Residents who use the chat.",
        data_purpose="Answering the question and improving the answers.",
        legal_basis=Pilot.LegalBasis.PUBLIC_TASK,
        data_retention="Transcripts are deleted after 30 days.",
        data_contact="datalab@example.org",
        kpis=[("Questions answered without a person", "%", 60), ("Residents satisfied", "%", 80)],
        users=users,
    )
    services.attachment_add(actor=researcher, pilot=chat, file=demo_pictures.project_plan())
    multilingual = _propose(
        community,
        service,
        neighbours,
        service.proposals_open + 2 * DAY,
        title="Neighbourhood helpers answer with the AI assistant",
        summary="Volunteers in Matinkylä help older residents with digital services, with an AI aide.",
        problem="Older residents find digital services hard to start with.",
        solution="Weekly help desks at the library: volunteers and residents use an AI assistant together.",
        test_site="Matinkylä library",
        schedule="Every Tuesday for three months.",
        budget_requested=Decimal("6000"),
        resident_involvement="Volunteers and visitors shape the help desk.",
        capacity=40,
        collects_personal_data=False,
        data_contact="community@example.org",
        kpis=[("Residents helped", "people", 150)],
        users=users,
    )
    english_only = _propose(
        startup,
        service,
        polku,
        service.proposals_open + 3 * DAY,
        title="Chatbot for ride questions",
        summary="A chatbot that answers questions about commuting, in English.",
        problem="Questions about commuting go to the wrong desk.",
        solution="A chatbot trained on transport FAQs.",
        test_site="espoo.fi",
        schedule="Two months.",
        budget_requested=Decimal("15000"),
        resident_involvement="Residents try the bot.",
        capacity=0,
        collects_personal_data=False,
        data_contact="privacy@polku.example.org",
        kpis=[("Questions answered", "questions", 1000)],
        users=users,
    )
    closed = service.proposals_close
    for pilot, day in ((chat, 4), (multilingual, 5), (english_only, 6)):
        services.pilot_submit(actor=pilot.created_by, pilot=pilot, now=service.proposals_open + day * DAY)
        services.pilot_start_review(actor=curator, pilot=pilot, now=closed + 1 * DAY)
    _review(evaluator, chat, closed + 2 * DAY, {"Impact": 5, "Feasibility": 4, "Cost": 3}, "Well planned.")
    _review(
        evaluator,
        multilingual,
        closed + 2 * DAY,
        {"Impact": 4, "Feasibility": 4, "Cost": 5},
        "Close to people.",
    )
    _review(
        evaluator, english_only, closed + 2 * DAY, {"Impact": 1, "Feasibility": 3, "Cost": 2}, "English only."
    )
    services.pilot_shortlist(
        actor=curator, pilot=multilingual, note="Strong on participation.", now=closed + 3 * DAY
    )
    services.pilot_decide(
        actor=curator,
        pilot=english_only,
        accept=False,
        reason=(
            "City services must answer in Finnish and Swedish as well as English, and the proposal "
            "scored below the minimum on impact. You are welcome to propose again with all three languages."
        ),
        now=closed + 3 * DAY,
    )
    pilots.update(chat=chat, multilingual=multilingual, declined=english_only)

    # Piloting: the pop-up health check at Iso Omena runs, with updates and participants.
    iso_omena = challenges["piloting"]
    closed = iso_omena.proposals_close
    health = _propose(
        researcher,
        iso_omena,
        lab,
        iso_omena.proposals_open + DAY,
        title="Pop-up health check at Iso Omena",
        title_fi="Pop up -terveystarkastus Isossa Omenassa",
        title_sv="Pop up-hälsokontroll i Iso Omena",
        summary=(
            "A walk-in health check at the Iso Omena service centre: blood pressure, a short "
            "well-being survey and advice on the spot, with results shown back to the residents."
        ),
        summary_fi=(
            "Ilman ajanvarausta toimiva terveystarkastus Ison Omenan palvelutorilla: verenpaine, lyhyt "
            "hyvinvointikysely ja neuvontaa paikan päällä, ja tulokset näytetään asukkaille takaisin."
        ),
        summary_sv=(
            "En hälsokontroll utan tidsbokning på servicetorget i Iso Omena: blodtryck, en kort "
            "enkät om välbefinnande och råd på plats, med resultaten visade för invånarna."
        ),
        problem="Many working-age residents never come to a health centre until something is wrong.",
        solution="Nurses and students run a pop-up point twice a week next to the library.",
        test_site="Iso Omena service centre, Matinkylä",
        schedule="Tuesdays and Saturdays for ten weeks.",
        budget_requested=Decimal("19500"),
        city_needs="Space at the service centre and a nurse from the health station.",
        resident_involvement="Residents choose the advice topics and see the anonymous results.",
        capacity=200,
        personal_data="Age group, blood pressure, survey answers.",
        data_subjects="Residents who take part.",
        data_purpose="Giving advice and measuring the pilot's health effects.",
        legal_basis=Pilot.LegalBasis.CONSENT,
        data_retention="Pseudonymised after the visit; deleted a year after the pilot.",
        data_contact="datalab@example.org",
        kpis=[("Residents checked", "people", 400), ("Referred to a follow-up", "people", 40)],
        users=users,
    )
    services.pilot_submit(actor=researcher, pilot=health, now=iso_omena.proposals_open + 4 * DAY)
    services.pilot_start_review(actor=curator, pilot=health, now=closed + DAY)
    _review(
        evaluator, health, closed + 2 * DAY, {"Impact": 5, "Feasibility": 5, "Cost": 4}, "Exactly the idea."
    )
    services.pilot_decide(
        actor=curator, pilot=health, accept=True, reason="Welcome to Iso Omena!", now=closed + 4 * DAY
    )
    started = iso_omena.evaluation_end + DAY
    services.pilot_start(actor=researcher, pilot=health, now=started)
    services.progress_update_post(
        actor=researcher,
        pilot=health,
        title="The first two weeks",
        body="We checked **146 residents**. Saturdays are busiest; we will add a second nurse.",
        now=started + 14 * DAY,
    )
    services.progress_update_post(
        actor=researcher,
        pilot=health,
        title="Results shown back",
        body="The anonymous results of the first month are on the screen next to the library.",
        now=started + 30 * DAY,
    )
    for email, day in (
        ("resident@example.org", 2),
        ("community@example.org", 3),
        ("colleague@example.org", 5),
    ):
        services.participant_sign_up(actor=users[email], pilot=health, consent=True, now=started + day * DAY)
    pilots["health"] = health

    # Closed: a completed pilot with its results.
    earlier = challenges["closed"]
    closed = earlier.proposals_close
    bikes = _propose(
        community,
        earlier,
        neighbours,
        earlier.proposals_open + DAY,
        title="Neighbourhood e-cargo bikes in Matinkylä",
        title_fi="Korttelin sähkötavarapyörät Matinkylässä",
        title_sv="Kvarterets el-lastcyklar i Mattby",
        summary="Five shared e-cargo bikes for the families of Matinkylä, booked with a library card.",
        summary_fi="Viisi yhteistä sähkötavarapyörää Matinkylän perheille, varattavissa kirjastokortilla.",
        summary_sv="Fem delade el-lastcyklar för familjerna i Mattby, bokade med lånekort.",
        problem="Short car trips for shopping and day care.",
        solution="Shared e-cargo bikes at three yards, booked online or at the library.",
        test_site="Matinkylä",
        schedule="April to September.",
        budget_requested=Decimal("14000"),
        city_needs="Parking spaces for the bikes and the library's booking system.",
        resident_involvement="Housing companies chose the yards; users report every trip.",
        capacity=150,
        personal_data="Library card number and the trips booked.",
        data_subjects="Residents who book a bike.",
        data_purpose="Bookings and counting replaced car trips.",
        legal_basis=Pilot.LegalBasis.CONSENT,
        data_retention="Deleted at the end of the year.",
        data_contact="community@example.org",
        kpis=[("Car trips replaced", "trips", 500), ("Families who used a bike", "families", 120)],
        users=users,
    )
    services.pilot_submit(actor=community, pilot=bikes, now=earlier.proposals_open + 3 * DAY)
    services.pilot_start_review(actor=curator, pilot=bikes, now=closed + DAY)
    _review(
        evaluator, bikes, closed + 2 * DAY, {"Impact": 4, "Feasibility": 5, "Cost": 5}, "Simple and local."
    )
    services.pilot_decide(actor=curator, pilot=bikes, accept=True, now=closed + 5 * DAY)
    services.pilot_start(actor=community, pilot=bikes, now=earlier.evaluation_end)
    services.progress_update_post(
        actor=community,
        pilot=bikes,
        title="Bikes on the road",
        body="All five bikes are booked most weekdays.",
        now=earlier.evaluation_end + 20 * DAY,
    )
    services.participant_sign_up(
        actor=users["resident@example.org"], pilot=bikes, consent=True, now=earlier.evaluation_end + 2 * DAY
    )
    trips, families = bikes.kpis.all()
    services.pilot_publish_results(
        actor=community,
        pilot=bikes,
        outcomes={trips.pk: Decimal("640"), families.pk: Decimal("97")},
        notes={families.pk: "Fewer families than hoped; many shared one booking."},
        learnings={
            "en": (
                "Families used the bikes for day care and shopping, mostly on weekdays. Bookings at the "
                "library reached older residents too. **Next**: bikes at every school in the area."
            ),
            "fi": (
                "Perheet käyttivät pyöriä päiväkotimatkoihin ja kauppaan, enimmäkseen arkisin. Kirjaston "
                "kautta tehdyt varaukset tavoittivat myös iäkkäämpiä asukkaita. **Seuraavaksi**: pyörät "
                "alueen jokaiselle koululle."
            ),
            "sv": (
                "Familjerna använde cyklarna till dagvården och för att handla, mest på vardagar. Bokningar "
                "via biblioteket nådde även äldre invånare. **Härnäst**: cyklar vid varje skola i området."
            ),
        },
        next_step=Pilot.NextStep.SCALE_UP,
        now=earlier.piloting_end - 10 * DAY,
    )
    pilots["completed"] = bikes
    return pilots


def _propose(actor, challenge, organization, now: datetime, *, kpis, users, team=(), **fields) -> Pilot:
    pilot = services.pilot_create_draft(
        actor=actor, challenge=challenge, organization=organization, now=now, **fields
    )
    for name, unit, target in kpis:
        services.kpi_add(actor=actor, pilot=pilot, name=name, unit=unit, target=Decimal(target))
    for email in team:
        services.team_add(actor=actor, pilot=pilot, email=email)
    return pilot


def _review(evaluator, pilot: Pilot, now: datetime, scores: dict[str, int], comment: str) -> None:
    services.review_declare_conflict(actor=evaluator, pilot=pilot, conflict=False, now=now)
    # Criteria the demo does not name get a middling score, whatever the challenge's criteria are.
    services.review_submit(
        actor=evaluator,
        pilot=pilot,
        scores={
            criterion.pk: ScoreInput(score=scores.get(criterion.name, 3))
            for criterion in pilot.challenge.criteria.all()
        },
        comment=comment,
        now=now,
    )
