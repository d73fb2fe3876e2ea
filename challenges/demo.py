"""Demo challenges about Espoo, one or more in every phase, made through the services.

Dates are relative to the moment the demo is loaded, so each challenge is in the phase it is meant
to be in whenever `manage.py load_demo` runs. Publication is backdated to a week before ideas open
(or to now for the upcoming one), as the city would have done.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from challenges import services
from challenges.demo_texts import DEMO_TRANSLATIONS
from challenges.models import Challenge
from portal.models import District

CURATOR = "official@example.org"
EVALUATOR = "evaluator@example.org"


@dataclass
class DemoChallenge:
    key: str
    title: str
    summary: str
    description: str
    goals: list[str]
    department: str
    # Days from now: ideas open, ideas close, proposals open, proposals close, evaluation ends,
    # piloting ends. Negative is in the past.
    days: tuple[int, int, int, int, int, int]
    criteria: list[tuple[str, str, int, int]]  # name, description, weight, minimum score
    district: str | None = None
    site: str = ""
    budget_total: int = 0
    budget_max_per_pilot: int = 0
    offers_data: str = ""
    offers_sites: str = ""
    offers_staff: str = ""
    eligibility: str = ""
    published: bool = True
    evaluators: list[str] = field(default_factory=list)


DEMO_CHALLENGES = [
    DemoChallenge(
        key="commuting",
        title="Greener commuting to Keilaniemi and Otaniemi",
        summary=(
            "Some 40,000 people travel to work and study in Keilaniemi and Otaniemi every day, many "
            "of them alone in a car. Help them switch to greener ways that are just as easy."
        ),
        description="""Keilaniemi and Otaniemi are among the busiest workplace areas in Finland: company
headquarters, Aalto University, research institutes and start-ups share a few square kilometres
beside Ring Road I. The metro and new light rail have made the area easier to reach, yet rush
hours still fill the car parks and the Otaniementie junctions.

We are looking for **pilots that make greener commuting the easy choice**, for example:

- shared rides or shuttles planned together with employers,
- secure bike parking and e-bike trials for the last kilometres,
- incentives and information that fit people's real daily routes,
- ways for employers to compare and share what works.

Pilots run for up to six months on the streets, stops and campuses of the area. We measure the
change in how people travel, and we ask the commuters themselves what made the difference.""",
        goals=["sustainability"],
        district="suur-tapiola",
        site="Keilaniemi and Otaniemi",
        department="Urban Environment",
        budget_total=150_000,
        budget_max_per_pilot=40_000,
        offers_data=(
            "Hourly occupancy of the Keilaniemi car parks (anonymised), counts from the city bike "
            "stations and the automatic cycling counters, and the area's results of the regional "
            "travel survey."
        ),
        offers_sites=(
            "Bus stops and the park-and-ride by Keilaniemi metro station; streets on the Otaniemi campus."
        ),
        offers_staff="A traffic planner and a mobility coordinator, about four hours a week each.",
        eligibility=(
            "Companies, startups, research groups and communities. Teams are encouraged to partner "
            "with employers in the area."
        ),
        days=(-40, -10, -12, 20, 50, 230),
        criteria=[
            ("Effect on emissions", "How many car trips the pilot could replace, and how reliably.", 40, 2),
            ("Feasible in six months", "Team, plan and permits ready for a real trial.", 30, 2),
            ("Commuters' experience", "Easy, safe and pleasant for the people who travel.", 20, 0),
            ("Data and privacy", "Collects only what it needs, with consent, and says so.", 10, 3),
        ],
        evaluators=[EVALUATOR],
    ),
    DemoChallenge(
        key="customer-service",
        title="AI in the city's customer service",
        summary=(
            "Residents ask the city the same questions thousands of times a month, in many "
            "languages. Can AI answer them well, openly and fairly, and leave people time for "
            "the hard cases?"
        ),
        description="""Espoo's customer service answers questions about day care, schools, building permits,
waste, parking and much more by phone, chat and at the service points. Many questions repeat,
and many residents would rather ask in their own language, outside office hours.

We want to pilot **AI assistants that help residents and staff**, for example by answering common
questions in plain language, guiding people to the right service, or drafting answers that a
person checks.

The city will not compromise on three things:

1. People always know when they talk to an AI, and can reach a person.
2. Answers are correct and traceable to the city's own information.
3. No personal data is used to train models without consent.""",
        goals=["participation", "vitality"],
        department="Customer Service and Digital Services",
        budget_total=200_000,
        budget_max_per_pilot=60_000,
        offers_data=(
            "The questions and answers of the city's chat service (anonymised), and the service "
            "descriptions of the national service catalogue."
        ),
        offers_sites="The service points at Iso Omena, Sello and Entresse; the city's web chat.",
        offers_staff="Customer service experts for testing and feedback, two days a month.",
        eligibility=(
            "Companies and research groups. The solution must meet the EU AI Act's transparency duties."
        ),
        days=(-120, -80, -80, -10, 25, 200),
        criteria=[
            (
                "Plain language and accessibility",
                "Understandable to everyone, screen readers included.",
                30,
                3,
            ),
            ("Transparency", "Clear that an AI answers; sources shown; a person reachable.", 30, 3),
            ("Languages", "Finnish, Swedish and English at least; more is better.", 20, 0),
            ("Cost-effectiveness", "What it would cost to run for the whole city.", 20, 0),
        ],
        evaluators=[EVALUATOR],
    ),
    DemoChallenge(
        key="proactive-support",
        title="Proactive support for residents at risk",
        summary=(
            "Some residents need help long before they ask for it: after losing a job, a "
            "partner or their health. How could the city reach them in time, respectfully?"
        ),
        description="""\
Many of the city's services wait for people to come to them. Yet those who would benefit
most, such as lonely older people or families under sudden strain, often come only when things
are already difficult.

This challenge asks for **ideas first**: what signs could tell that someone might need support,
who could notice them, and how should the city get in touch so that it feels like help and not
surveillance? The best ideas shape the call for pilots that follows.

Humanizing data is the heart of it: data used to build services around people, always with their
consent and in the open.""",
        goals=["health", "participation"],
        department="Social and Health Services",
        budget_total=120_000,
        budget_max_per_pilot=30_000,
        offers_data="Statistics on service use by area and age group (aggregate, no personal data).",
        offers_sites="Libraries, senior centres and family centres in every district.",
        offers_staff="Social workers and a data protection officer for advice on each pilot.",
        eligibility=(
            "Anyone can propose ideas. Pilots: communities, associations, companies and research groups."
        ),
        days=(-10, 25, 25, 70, 100, 300),
        criteria=[
            ("Reaches people early", "Finds those who need support before a crisis.", 35, 2),
            ("Respect and consent", "People stay in control of their data and of the contact.", 35, 3),
            ("Works with existing services", "Leads to help that exists, without a new silo.", 20, 0),
            ("Could cover all of Espoo", "Would scale to the whole city if it works.", 10, 0),
        ],
    ),
    DemoChallenge(
        key="iso-omena",
        title="Iso Omena service centre as a test site",
        summary=(
            "The service centre in the Iso Omena shopping centre serves thousands of visitors a "
            "day. It is open to pilots that make public services easier to find and use."
        ),
        description="""The Iso Omena service centre in Matinkylä brings a library, health and social services,
youth services, a maternity clinic and customer service under one roof, in one of Finland's
busiest shopping centres, beside the metro.

The city opens the service centre as a **living lab**: pilots can try out wayfinding,
queueing, booking, multilingual guidance or new services together with visitors and staff, and
measure what changes.

The selected pilots are now running. Visitors can take part and give feedback on the spot.""",
        goals=["vitality", "participation"],
        district="suur-matinkyla",
        site="Iso Omena service centre",
        department="Business Espoo",
        budget_total=100_000,
        budget_max_per_pilot=25_000,
        offers_data=(
            "Visitor counts by hour and service, queueing times, and anonymised feedback from the "
            "service centre."
        ),
        offers_sites="Space in the service centre's lobby and library, and screens on its walls.",
        offers_staff="The service centre's manager and a host from each service for the pilot period.",
        eligibility="Companies, startups, communities and research groups.",
        days=(-220, -180, -180, -120, -80, 100),
        criteria=[
            ("Value to visitors", "Makes the visit easier, quicker or more pleasant.", 40, 2),
            ("Fits the place", "Works in a busy public space and its opening hours.", 20, 0),
            ("Involves residents", "Visitors help shape and assess the pilot.", 20, 0),
            ("Measurable results", "Clear targets and a way to measure them.", 20, 2),
        ],
        evaluators=[EVALUATOR],
    ),
    DemoChallenge(
        key="school-food-waste",
        title="Less food waste in school kitchens",
        summary=(
            "Espoo's schools serve some 40,000 lunches a day. Pilots tried ways to throw less of it away."
        ),
        description="""\
Around a tenth of the food cooked in school kitchens ended up as waste. The city asked for
pilots that help kitchens cook the right amounts and pupils take what they will eat.

Three pilots ran in Leppävaara's schools during the spring term: a forecasting tool for kitchens,
plate-waste measurement with pupils, and a menu vote. **The challenge has ended**; the pilots'
results are published on their pages.""",
        goals=["sustainability", "health"],
        district="suur-leppavaara",
        department="Education and Cultural Services",
        budget_total=60_000,
        budget_max_per_pilot=20_000,
        offers_data="Daily meal counts and weighed waste per school kitchen.",
        offers_sites="School kitchens and dining halls in Leppävaara.",
        offers_staff="Kitchen managers and a nutrition expert.",
        eligibility="Companies, startups and research groups; pupils' associations as partners.",
        days=(-460, -420, -420, -380, -350, -30),
        criteria=[
            ("Less waste", "How much the pilot could cut food waste.", 50, 2),
            ("Pupils involved", "Pupils take part in designing and running it.", 30, 0),
            ("Easy for kitchens", "Fits the kitchen staff's day.", 20, 0),
        ],
    ),
    DemoChallenge(
        key="welcome",
        title="Welcoming new residents in their own language",
        summary=(
            "Thousands of people move to Espoo every year, many from abroad. What would help them "
            "find their way, their neighbours and the city's services in their first months?"
        ),
        description="""\
Espoo grows by several thousand residents a year, and one in five speaks a language other
than Finnish or Swedish at home. The first months decide much: finding day care, a doctor, work,
hobbies and friends.

Ideas open soon. We will ask residents, newcomers above all, what would have helped them, and
then invite pilots.""",
        goals=["participation", "vitality"],
        department="Employment and Integration Services",
        budget_total=80_000,
        budget_max_per_pilot=20_000,
        offers_sites="The International House Espoo and the libraries.",
        offers_staff="Integration coordinators who speak a dozen languages.",
        days=(12, 45, 45, 90, 120, 300),
        criteria=[
            ("Helps in the first months", "Practical help where newcomers need it most.", 40, 2),
            ("In many languages", "Reaches people in their own language.", 30, 0),
            ("Builds connections", "Brings newcomers and neighbours together.", 30, 0),
        ],
    ),
    DemoChallenge(
        key="school-routes",
        title="Safe school routes in Kauklahti",
        summary=(
            "Kauklahti is growing fast, and so is traffic around its schools. A draft still being prepared."
        ),
        description="""\
Draft: the curators are still gathering traffic data and talking with schools and parents
before this challenge is published.""",
        goals=["health", "sustainability"],
        district="suur-kauklahti",
        department="Urban Environment",
        budget_total=50_000,
        budget_max_per_pilot=15_000,
        days=(30, 60, 60, 100, 130, 320),
        criteria=[
            ("Safety", "Fewer dangerous spots on the way to school.", 50, 2),
            ("Children walk and cycle more", "More pupils travel on their own feet.", 30, 0),
            ("Parents and pupils involved", "Designed with those who use the routes.", 20, 0),
        ],
        published=False,
    ),
]


def load_challenges(users: dict[str, User]) -> dict[str, Challenge]:
    """Create the demo challenges as the demo official, and appoint the demo evaluator."""
    curator = users[CURATOR]
    now = timezone.now()
    # Dates at 16:00 Helsinki time, as a city would set them; the offsets keep the phases right.
    base = timezone.localtime(now).replace(hour=16, minute=0, second=0, microsecond=0)
    day = timedelta(days=1)
    challenges = {}
    for demo in DEMO_CHALLENGES:
        dates = [base + offset * day for offset in demo.days]
        texts = _in_each_language(demo)
        challenge = services.challenge_create(
            actor=curator,
            title=texts["title"],
            summary=texts["summary"],
            description=texts["description"],
            goals=demo.goals,
            district=District.objects.get(slug=demo.district) if demo.district else None,
            site=texts["site"],
            department=demo.department,
            budget_total=Decimal(demo.budget_total),
            budget_max_per_pilot=Decimal(demo.budget_max_per_pilot),
            offers_data=texts["offers_data"],
            offers_sites=texts["offers_sites"],
            offers_staff=texts["offers_staff"],
            eligibility=texts["eligibility"],
            ideas_open=dates[0],
            ideas_close=dates[1],
            proposals_open=dates[2],
            proposals_close=dates[3],
            evaluation_end=dates[4],
            piloting_end=dates[5],
            criteria=_criteria_in_each_language(demo),
        )
        if demo.published:
            services.challenge_publish(actor=curator, challenge=challenge, now=min(now, dates[0] - 7 * day))
        for email in demo.evaluators:
            services.evaluator_appoint(actor=curator, challenge=challenge, email=email)
        challenges[demo.key] = challenge
    return challenges


TEXT_FIELDS = ("title", "summary", "description", "site", "offers_data", "offers_sites", "offers_staff",
               "eligibility")  # fmt: skip


def _in_each_language(demo: DemoChallenge) -> dict[str, dict[str, str]]:
    """Each text as language → text: English from the list above, Finnish and Swedish from
    `demo_texts` (a text left empty in English stays empty in every language)."""
    translations = DEMO_TRANSLATIONS[demo.key]
    return {
        field: {
            "en": getattr(demo, field),
            **{
                code: translations[code].get(field, "") if getattr(demo, field) else ""
                for code in ("fi", "sv")
            },
        }
        for field in TEXT_FIELDS
    }


def _criteria_in_each_language(demo: DemoChallenge) -> list[dict]:
    translations = DEMO_TRANSLATIONS[demo.key]
    criteria = []
    for position, (name, description, weight, min_score) in enumerate(demo.criteria):
        (name_fi, description_fi), (name_sv, description_sv) = (
            translations[code]["criteria"][position] for code in ("fi", "sv")
        )
        criteria.append(
            {
                "name": {"en": name, "fi": name_fi, "sv": name_sv},
                "description": {"en": description, "fi": description_fi, "sv": description_sv},
                "weight": weight,
                "min_score": min_score,
            }
        )
    return criteria
