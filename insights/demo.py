"""Demo content that gives the impact dashboard a year of history, made through the services.

The other demo modules set up the present: challenges in every phase, pilots at every stage, and
ideas of the last weeks. This adds what the dashboard's charts need to say something:

- residents who joined over the past year, with ideas, votes and comments spread over twelve
  months and over the districts, unevenly (Old Espoo and Greater Kauklahti take little part, so
  the dashboard has under-represented districts to point at);
- an idea promoted into a challenge, published six weeks later, that has accepted a pilot with
  resident participants (the funnel from idea to pilot, and the data-use register);
- a second completed pilot, procured by the city, so "what came of it" compares several results.

Everything is replayed with the services' `now`, as if it had happened on those days.
"""

from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import Organization, User
from challenges import services as challenge_services
from challenges.models import Challenge
from engagement import services as engagement
from ideas import services as idea_services
from ideas.models import Idea
from pilots import services as pilot_services
from pilots.models import Pilot
from pilots.services import ScoreInput
from portal.models import District
from portal.rate_limits import rate_limits_suspended

DAY = timedelta(days=1)

# email, name, language, days since joining
RESIDENTS = [
    ("helmi.aalto@example.org", "Helmi Aalto", "fi", 360),
    ("oskar.nyberg@example.org", "Oskar Nyberg", "sv", 350),
    ("leila.haddad@example.org", "Leila Haddad", "en", 340),
    ("veikko.salo@example.org", "Veikko Salo", "fi", 320),
    ("anna.lindholm@example.org", "Anna Lindholm", "sv", 300),
    ("tuomas.kivi@example.org", "Tuomas Kivi", "fi", 280),
    ("mei.chen@example.org", "Mei Chen", "en", 250),
    ("sanna.koski@example.org", "Sanna Koski", "fi", 230),
    ("johan.ek@example.org", "Johan Ek", "sv", 210),
    ("noora.heino@example.org", "Noora Heino", "fi", 190),
    ("ahmed.ali@example.org", "Ahmed Ali", "en", 170),
    ("kaisa.rinne@example.org", "Kaisa Rinne", "fi", 150),
    ("elias.holm@example.org", "Elias Holm", "sv", 130),
    ("marja.lehto@example.org", "Marja Lehto", "fi", 110),
    ("pavel.novak@example.org", "Pavel Novak", "en", 90),
    ("ilona.jarvi@example.org", "Ilona Järvi", "fi", 70),
    ("frida.sund@example.org", "Frida Sund", "sv", 50),
    ("aleksi.moilanen@example.org", "Aleksi Moilanen", "fi", 30),
]

# author (index in RESIDENTS), language, title, body, goals, district code, days ago, voters, comments
IDEAS = [
    (0, "fi", "Talvikunnossapidon kartta asukkaille",
     "Kartta, josta näkee, milloin oma katu aurataan ja hiekoitetaan. Data on jo olemassa; näytetään "
     "se asukkaille.", ["participation", "vitality"], 1, 330, 12, 3),
    (1, "sv", "Simskola för vuxna i Hagalund",
     "Många vuxna har aldrig lärt sig simma. Kvällskurser i Hagalunds simhall, på svenska och finska.",
     ["health"], 2, 310, 6, 1),
    (2, "en", "Language cafés at Iso Omena library",
     "Weekly meetups where newcomers practise Finnish and Swedish with volunteers.",
     ["participation"], 3, 290, 9, 2),
    (3, "fi", "Kuntoportaat Espoonlahden rantaan",
     "Ulkokuntoportaat rantapuistoon, valaistuina talvella.", ["health"], 4, 270, 5, 1),
    (4, "sv", "Cykelverkstad för alla i Alberga",
     "En gemensam cykelverkstad med verktyg och frivilliga som hjälper till.",
     ["sustainability"], 1, 250, 7, 1),
    (5, "fi", "Ruokahävikkiä vähemmäksi koulujen keittiöissä",
     "Koulut punnitsevat ruokahävikin päivittäin ja näyttävät sen oppilaille.",
     ["sustainability", "health"], None, 230, 10, 2),
    (6, "en", "Benches with shade at Tapiola centre",
     "Summer heat makes the centre hard for older people. Shaded benches every hundred metres.",
     ["health"], 2, 200, 4, 1),
    (7, "fi", "Leppävaaran asemalle pyöräparkki",
     "Katettu ja valvottu pyöräparkki asemalle, jotta junaan pääsee pyörällä.",
     ["sustainability"], 1, 180, 8, 2),
    (8, "sv", "Mer belysning på lederna i Mattby",
     "Lederna längs ån är mörka på vintern. Rörelsestyrd belysning skulle hjälpa.",
     ["health", "sustainability"], 3, 160, 6, 1),
    (9, "fi", "Nuorisotila Pohjois-Espooseen",
     "Kalajärvellä ei ole iltaisin paikkaa, jossa nuoret voisivat olla.",
     ["participation"], 7, 140, 5, 2),
    (10, "en", "Open data on library visitor numbers",
     "Publish hourly visitor counts of every library, so people can pick a quiet time.",
     ["participation", "vitality"], None, 120, 6, 1),
    (11, "fi", "Matinkylän metroaseman viherseinä",
     "Viherseinä metroaseman sisäänkäynnille viilentämään ja ilahduttamaan.",
     ["sustainability", "vitality"], 3, 100, 7, 1),
    (12, "sv", "Gemensamma odlingslådor i Esboviken",
     "Odlingslådor på gårdarna, skötta av grannarna, med vatten från staden.",
     ["sustainability", "participation"], 4, 80, 5, 1),
    (13, "fi", "Senioreille digiapua kirjastoon",
     "Viikoittainen digiapupiste Leppävaaran kirjastoon, vapaaehtoisten voimin.",
     ["participation", "health"], 1, 60, 8, 2),
    (14, "en", "Startup meetups at Otaniemi for residents",
     "Monthly evenings where residents try out what local startups are building.",
     ["vitality"], 2, 45, 4, 1),
    (15, "fi", "Leikkipuisto Espoon keskukseen",
     "Espoon keskuksen asukkaat toivovat uutta leikkipuistoa aseman lähelle.",
     ["health"], 6, 25, 3, 1),
    (16, "sv", "Fler papperskorgar i Hagalund",
     "Papperskorgarna är fulla på helgerna. Fler och större, med sortering.",
     ["sustainability"], 2, 15, 4, 0),
    (17, "fi", "Pyöräilyreitin opasteet Suurpeltoon",
     "Opasteet puuttuvat Suurpellon uusilta reiteiltä.", ["sustainability"], 1, 6, 3, 1),
]  # fmt: skip

COMMENTS = [
    "Hyvä idea, kannatan!",
    "This would help my family a lot.",
    "Bra förslag, jag håller med.",
    "Voisiko tämän yhdistää kirjaston palveluihin?",
    "Could the city try this first in one neighbourhood?",
]


def load_insights_demo(users: dict[str, User]) -> None:
    """Add a year of history. `users` are the demo users by email (see `portal.demo`)."""
    with rate_limits_suspended():
        now = timezone.now()
        residents = _residents(now)
        ideas = _ideas(residents, users, now)
        _promoted_challenge_and_pilot(users, residents, ideas[0], now)
        _procured_pilot(users)


def _residents(now: datetime) -> list[User]:
    residents = []
    for email, name, language, days in RESIDENTS:
        # No password: these residents are there to be counted, not to log in as.
        residents.append(
            User.objects.create_user(
                email=email, password=None, name=name, language=language, date_joined=now - days * DAY
            )
        )
    return residents


def _ideas(residents: list[User], users: dict[str, User], now: datetime) -> list[Idea]:
    people = residents + [users[email] for email in ("resident@example.org", "community@example.org")]
    # The demo's own people take part in the last weeks only.
    joined = {person.pk: min(person.date_joined, now - 20 * DAY) for person in people}
    ideas = []
    for author, language, title, body, goals, district, days_ago, voters, comments in IDEAS:
        created = now - days_ago * DAY
        idea = idea_services.idea_create(
            actor=residents[author],
            title=title,
            body=body,
            language=language,
            goals=goals,
            district=District.objects.get(code=district) if district else None,
            now=created,
        )
        ideas.append(idea)
        # Votes and comments come in over the weeks after the idea, from people who had joined.
        for n in range(voters):
            moment = created + min(days_ago - 1, 2 + n * 3) * DAY
            voter = _someone(people, joined, moment, exclude=residents[author], turn=author + 3 * n)
            if voter is not None:
                engagement.vote_cast(actor=voter, target=idea, now=moment)
        for n in range(comments):
            moment = created + min(days_ago - 1, 1 + n * 4) * DAY
            commenter = _someone(people, joined, moment, exclude=residents[author], turn=author + 5 * n + 1)
            if commenter is not None:
                engagement.comment_create(
                    actor=commenter, target=idea, body=COMMENTS[(author + n) % len(COMMENTS)], now=moment
                )
    official = users["official@example.org"]
    idea_services.idea_answer(
        actor=official,
        idea=ideas[5],
        status=Idea.Status.ACCEPTED,
        answer={
            "fi": "Koulujen keittiöt alkavat punnita hävikin; katso haaste koulujen ruokahävikistä.",
            "sv": "Skolköken börjar väga svinnet; se utmaningen om matsvinn i skolorna.",
            "en": "School kitchens will start weighing their waste; see the school food-waste challenge.",
        },
    )
    idea_services.idea_answer(
        actor=official,
        idea=ideas[13],
        status=Idea.Status.IMPLEMENTED,
        answer={
            "fi": "Digiapu on Leppävaaran kirjastossa tiistaisin kello 14–16.",
            "sv": "Digihjälpen finns på Alberga bibliotek på tisdagar klockan 14–16.",
            "en": "Digital help is at Leppävaara library on Tuesdays from 2 to 4 pm.",
        },
    )
    return ideas


def _someone(people: list[User], joined: dict, moment: datetime, *, exclude: User, turn: int) -> User | None:
    """One of the people who had joined by `moment`, taking turns."""
    present = [person for person in people if joined[person.pk] <= moment and person != exclude]
    return present[turn % len(present)] if present else None


def _promoted_challenge_and_pilot(users, residents, idea: Idea, now: datetime) -> None:
    """The snow-clearing map idea becomes a challenge six weeks later, and a pilot runs in it."""
    official = users["official@example.org"]
    researcher = users["researcher@example.org"]
    challenge = idea_services.idea_promote(actor=official, idea=idea)
    published = idea.created_at + 42 * DAY
    challenge_services.challenge_update(
        actor=official,
        challenge=challenge,
        title={
            "en": "Snow-clearing data shown to residents",
            "fi": "Lumitöiden tiedot asukkaiden nähtäville",
            "sv": "Snöröjningens data synlig för invånarna",
        },
        summary={
            "en": (
                "Residents asked to see when their street is ploughed and gritted. The city has the data; "
                "help us show it so that it is useful on a winter morning."
            ),
            "fi": (
                "Asukkaat halusivat nähdä, milloin heidän katunsa aurataan ja hiekoitetaan. Kaupungilla on "
                "tiedot; auta näyttämään ne niin, että niistä on hyötyä talviaamuna."
            ),
            "sv": (
                "Invånarna ville se när deras gata plogas och sandas. Staden har uppgifterna; hjälp oss "
                "att visa dem så att de är till nytta en vintermorgon."
            ),
        },
        description={
            "en": "Residents asked for it in an idea: **when is my street cleared?**",
            "fi": "Asukkaat pyysivät tätä ideassa: **milloin minun katuni aurataan?**",
            "sv": "Invånarna bad om det i en idé: **när röjs min gata?**",
        },
        department="Urban Environment",
        budget_total=Decimal("60000"),
        budget_max_per_pilot=Decimal("30000"),
        offers_data={
            "en": "Live positions of the ploughs and the routes of every contractor.",
            "fi": "Aurauskaluston reaaliaikaiset sijainnit ja jokaisen urakoitsijan reitit.",
            "sv": "Plogarnas positioner i realtid och varje entreprenörs rutter.",
        },
        ideas_open=published + 7 * DAY,
        ideas_close=published + 30 * DAY,
        proposals_open=published + 30 * DAY,
        proposals_close=published + 60 * DAY,
        evaluation_end=published + 80 * DAY,
        piloting_end=now + 120 * DAY,
        criteria=[
            {
                "name": {
                    "en": "Usefulness to residents",
                    "fi": "Hyöty asukkaille",
                    "sv": "Nytta för invånarna",
                },
                "description": "",
                "weight": 3,
                "min_score": 2,
            },
            {
                "name": {"en": "Feasibility", "fi": "Toteutettavuus", "sv": "Genomförbarhet"},
                "description": "",
                "weight": 2,
                "min_score": 0,
            },
            {
                "name": {"en": "Cost", "fi": "Kustannus", "sv": "Kostnad"},
                "description": "",
                "weight": 1,
                "min_score": 0,
            },
        ],
    )
    challenge_services.challenge_publish(actor=official, challenge=challenge, now=published)
    challenge_services.evaluator_appoint(actor=official, challenge=challenge, email="evaluator@example.org")
    lab = Organization.objects.get(name="Otaniemi Urban Data Lab")
    pilot = pilot_services.pilot_create_draft(
        actor=researcher,
        challenge=challenge,
        organization=lab,
        now=challenge.proposals_open + 2 * DAY,
        title="Plough map on the street corner",
        title_fi="Aurauskartta kadunkulmassa",
        title_sv="Plogkarta i gathörnet",
        summary="A live map of ploughing and gritting, on the web and on screens at metro stations.",
        summary_fi="Reaaliaikainen kartta aurauksesta ja hiekoituksesta verkossa ja metroasemien näytöillä.",
        summary_sv="En karta i realtid över plogning och sandning, på webben och vid metrostationerna.",
        problem="Residents cannot tell when their street will be cleared.",
        solution="A map fed by the ploughs' positions, with a notice to your phone when your street is done.",
        test_site="Greater Leppävaara",
        schedule="One winter.",
        budget_requested=Decimal("28000"),
        city_needs="The contractors' route data.",
        resident_involvement="Residents who sign up get the notices and rate how useful they were.",
        capacity=300,
        personal_data="Email address, the street you follow, your ratings.",
        data_subjects="Residents who sign up for notices.",
        data_purpose="Sending the notices and measuring how useful they were.",
        legal_basis=Pilot.LegalBasis.CONSENT,
        data_retention="Deleted two months after the pilot.",
        data_contact="datalab@example.org",
    )
    for name, unit, target in (("Residents notified", "people", 250), ("Found it useful", "%", 70)):
        pilot_services.kpi_add(actor=researcher, pilot=pilot, name=name, unit=unit, target=Decimal(target))
    pilot_services.pilot_submit(actor=researcher, pilot=pilot, now=challenge.proposals_open + 5 * DAY)
    closed = challenge.proposals_close
    pilot_services.pilot_start_review(actor=official, pilot=pilot, now=closed + DAY)
    _review(users["evaluator@example.org"], pilot, closed + 3 * DAY, 4)
    pilot_services.pilot_decide(
        actor=official,
        pilot=pilot,
        accept=True,
        reason="Exactly what residents asked for.",
        now=closed + 6 * DAY,
    )
    # Accepted and taking sign-ups; it starts when the first snow falls.
    for index, resident in enumerate(residents[:9]):
        pilot_services.participant_sign_up(
            actor=resident, pilot=pilot, consent=True, now=closed + (index + 7) * DAY
        )


def _procured_pilot(users) -> None:
    """A second pilot in the closed school food-waste challenge, whose result the city procures."""
    official = users["official@example.org"]
    startup = users["startup@example.org"]
    challenge = Challenge.objects.get(
        curators=official, pilots__title="Neighbourhood e-cargo bikes in Matinkylä"
    )
    polku = Organization.objects.get(name="Polku Mobility")
    pilot = pilot_services.pilot_create_draft(
        actor=startup,
        challenge=challenge,
        organization=polku,
        now=challenge.proposals_open + 4 * DAY,
        title="Leftover lunch boxes for families",
        title_fi="Ylijäämälounaat perheille",
        title_sv="Överbliven lunch till familjer",
        summary="Families pick up the school's leftover lunch in returnable boxes at the end of the day.",
        summary_fi="Perheet noutavat koulun ylijäämälounaan palautettavissa rasioissa päivän päätteeksi.",
        summary_sv="Familjerna hämtar skolans överblivna lunch i returlådor i slutet av dagen.",
        problem="Good food is thrown away every afternoon.",
        solution="An app that tells families what is left and where to pick it up.",
        test_site="Schools of Greater Leppävaara",
        schedule="One school term.",
        budget_requested=Decimal("16000"),
        resident_involvement="Families and pupils tell what works at the pick-up points.",
        capacity=0,
        collects_personal_data=False,
        data_contact="privacy@polku.example.org",
    )
    for name, unit, target in (("Food saved", "kg", 3000), ("Schools taking part", "schools", 8)):
        pilot_services.kpi_add(actor=startup, pilot=pilot, name=name, unit=unit, target=Decimal(target))
    pilot_services.pilot_submit(actor=startup, pilot=pilot, now=challenge.proposals_open + 6 * DAY)
    closed = challenge.proposals_close
    pilot_services.pilot_start_review(actor=official, pilot=pilot, now=closed + DAY)
    _review(users["evaluator@example.org"], pilot, closed + 2 * DAY, 4)
    pilot_services.pilot_decide(actor=official, pilot=pilot, accept=True, now=closed + 5 * DAY)
    pilot_services.pilot_start(actor=startup, pilot=pilot, now=challenge.evaluation_end)
    food, schools = pilot.kpis.all()
    pilot_services.pilot_publish_results(
        actor=startup,
        pilot=pilot,
        outcomes={food.pk: Decimal("4120"), schools.pk: Decimal("6")},
        notes={schools.pk: "Two schools had no kitchen of their own."},
        learnings={
            "en": "Families came every day once the app told them in time. The city procures the service.",
            "fi": "Perheet tulivat joka päivä, kun sovellus kertoi ajoissa. Kaupunki hankkii palvelun.",
            "sv": "Familjerna kom varje dag när appen sade till i tid. Staden upphandlar tjänsten.",
        },
        next_step=Pilot.NextStep.PROCURE,
        now=challenge.piloting_end - 15 * DAY,
    )


def _review(evaluator: User, pilot: Pilot, now: datetime, score: int) -> None:
    pilot_services.review_declare_conflict(actor=evaluator, pilot=pilot, conflict=False, now=now)
    pilot_services.review_submit(
        actor=evaluator,
        pilot=pilot,
        scores={criterion.pk: ScoreInput(score=score) for criterion in pilot.challenge.criteria.all()},
        comment="Clear plan and useful to residents.",
        now=now,
    )
