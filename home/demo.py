"""Demo content: a small Espoo to click through. `manage.py load_demo` loads it once.

Everything goes through the services, as it would for real users, so the demo also shows that
they work. Later features add their part here.
"""

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import translation

from accounts import services as account_services
from accounts.models import Membership, Organization, User
from challenges.demo import load_challenges
from pilots.demo import load_pilots
from portal import demo_pictures

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


# Logos, drawn when the demo loads.
DEMO_LOGOS = {"Polku Mobility": demo_pictures.path_logo}


def demo_is_loaded() -> bool:
    return User.objects.filter(email="official@example.org").exists()


def load_demo() -> dict[str, User]:
    # The demo's texts are written in English in the code, with the city's own texts given in
    # Finnish and Swedish beside them; a plain string goes into the English column.
    with translation.override("en"):
        return _load_demo()


@transaction.atomic
def _load_demo() -> dict[str, User]:
    from ideas.demo import load_ideas
    from insights.demo import load_insights_demo
    from insights.services import insights_refresh

    users = _load_users()
    _load_organizations(users)
    challenges = load_challenges(users)
    load_pilots(
        users,
        {
            "proposals": challenges["commuting"],
            "evaluation": challenges["customer-service"],
            "piloting": challenges["iso-omena"],
            "closed": challenges["school-food-waste"],
        },
    )
    load_ideas(users)
    load_insights_demo(users)
    # Count the figures and the open data's daily numbers now, not at the first beat.
    transaction.on_commit(insights_refresh)
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
            logo=DEMO_LOGOS[name]() if name in DEMO_LOGOS else None,
        )
        for email in members:
            Membership.objects.create(organization=organization, user=users[email])
        if verified:
            account_services.organization_verify(actor=official, organization=organization)
