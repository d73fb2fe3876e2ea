"""Demo content: a small Espoo to click through. `manage.py load_demo` loads it once.

Everything goes through the services, as it would for real users, so the demo also shows that
they work. Later features add their part here.
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts import services as account_services
from accounts.models import Membership, Organization, User
from challenges.models import Challenge, Criterion, EvaluatorAppointment
from pilots.demo import load_pilots
from portal.markdown import render_markdown

DEMO_PASSWORD = "garden-demo"

DEMO_USERS = [
    # email, name, language, roles
    ("resident@example.org", "Aino Virtanen", "fi", {}),
    ("startup@example.org", "Mikael Lindqvist", "sv", {}),
    ("official@example.org", "Leena Korhonen", "fi", {"official": True}),
    ("evaluator@example.org", "Jussi Mäkelä", "en", {"official": True}),
    ("moderator@example.org", "Sara Nieminen", "fi", {"moderator": True}),
    ("admin@example.org", "Pekka Admin", "en", {"administrator": True}),
    ("colleague@example.org", "Elina Heikkinen", "fi", {}),
    ("researcher@example.org", "Dr. Ravi Menon", "en", {}),
    ("community@example.org", "Riitta Laine", "fi", {}),
]

DEMO_ORGANIZATIONS = [
    # creator, name, kind, business ID, description, website, verified, other members
    (
        "startup@example.org",
        "Polku Mobility",
        Organization.Kind.COMPANY,
        "",
        "A startup from Otaniemi that plans shared commuting routes with employers and residents.",
        "https://polku.example.org",
        True,
        ["colleague@example.org"],
    ),
    (
        "official@example.org",
        "City of Espoo",
        Organization.Kind.PUBLIC,
        "0101263-6",
        "The City of Espoo: services for some 320,000 residents, guided by the Espoo Story.",
        "https://www.espoo.fi",
        True,
        ["evaluator@example.org"],
    ),
    (
        "researcher@example.org",
        "Otaniemi Urban Data Lab",
        Organization.Kind.RESEARCH,
        "",
        "Researchers who study how open data and AI can make city services more human.",
        "",
        True,
        [],
    ),
    (
        "community@example.org",
        "Matinkylä Neighbours",
        Organization.Kind.COMMUNITY,
        "",
        "Residents of Matinkylä and Olari who organise clean-ups, repair cafés and walks.",
        "",
        False,
        ["resident@example.org"],
    ),
]


def demo_is_loaded() -> bool:
    return User.objects.filter(email="official@example.org").exists()


@transaction.atomic
def load_demo() -> dict[str, User]:
    users = _load_users()
    _load_organizations(users)
    load_pilots(users, _placeholder_challenges(users))
    return users


def _load_users() -> dict[str, User]:
    users = {}
    admin = None
    for email, name, language, roles in DEMO_USERS:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, name=name, language=language)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        users[email] = user
        if roles.get("administrator"):
            user.is_superuser = user.is_staff = True
            user.save(update_fields=["is_superuser", "is_staff"])
            admin = user
    for email, _name, _language, roles in DEMO_USERS:
        if roles and not roles.get("administrator"):
            account_services.user_set_roles(
                actor=admin,
                user=users[email],
                official=roles.get("official", False),
                moderator=roles.get("moderator", False),
                administrator=False,
            )
    return users


def _load_organizations(users: dict[str, User]) -> None:
    official = users["official@example.org"]
    for creator, name, kind, business_id, description, website, verified, members in DEMO_ORGANIZATIONS:
        organization = account_services.organization_create(
            actor=users[creator],
            name=name,
            kind=kind,
            business_id=business_id,
            description=description,
            website=website,
        )
        for email in members:
            Membership.objects.create(organization=organization, user=users[email])
        if verified:
            account_services.organization_verify(actor=official, organization=organization)


# --- TEMPORARY (pilots branch) ------------------------------------------------------------------
# Minimal challenges, one per phase, so the demo pilots have somewhere to live. At merge, replace
# this with the challenges branch's demo challenges: pass them to load_pilots keyed by phase.

PLACEHOLDER_CHALLENGES = [
    # phase key, days since ideas opened, slug, title, summary
    ("proposals", 30, "greener-commuting", "Greener commuting to Keilaniemi",
     "Fewer cars at rush hour between Espoo's homes and its biggest workplaces."),
    ("evaluation", 60, "ai-in-customer-service", "AI in customer service",
     "Help residents find answers about city services faster, in their own language."),
    ("piloting", 90, "iso-omena-test-site", "The Iso Omena service centre as a test site",
     "Try new services where residents already are: the Iso Omena service centre in Matinkylä."),
    ("closed", 400, "cargo-bikes-for-families", "Everyday trips without a car",
     "Short trips for shopping and day care, without a car."),
]  # fmt: skip


def _placeholder_challenges(users: dict[str, User]) -> dict[str, Challenge]:
    now, day = timezone.now(), timedelta(days=1)
    official = users["official@example.org"]
    challenges = {}
    for key, started, slug, title, summary in PLACEHOLDER_CHALLENGES:
        ideas_open = now - started * day
        challenge = Challenge.objects.create(
            title=title,
            slug=slug,
            summary=summary,
            description=summary,
            description_html=render_markdown(summary),
            department="City of Espoo",
            budget_total=100000,
            budget_max_per_pilot=20000 if key != "evaluation" else 30000,
            ideas_open=ideas_open,
            ideas_close=ideas_open + 20 * day,
            proposals_open=ideas_open + 20 * day,
            proposals_close=ideas_open + 50 * day,
            evaluation_end=ideas_open + 70 * day,
            piloting_end=ideas_open + 250 * day,
            created_by=official,
            published_at=ideas_open - 7 * day,
        )
        challenge.curators.add(official)
        EvaluatorAppointment.objects.create(
            challenge=challenge, evaluator=users["evaluator@example.org"], appointed_by=official
        )
        for position, (name, weight, minimum) in enumerate(
            [("Impact", 3, 2), ("Feasibility", 2, 0), ("Cost", 1, 0)]
        ):
            Criterion.objects.create(
                challenge=challenge, name=name, weight=weight, min_score=minimum, position=position
            )
        challenges[key] = challenge
    return challenges
