"""Known XSS payloads through every field that a page renders: no script, handler or js: link survives.

Each app's fields are filled with the payloads through the same services people use, then the
pages that show them are fetched and searched for anything a browser would execute.
"""

from datetime import timedelta
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from accounts import services as account_services
from challenges import services as challenge_services
from challenges.models import Phase
from pilots import services as pilot_services
from pilots.models import Pilot
from tests.challenges.factories import ChallengeFactory, CriterionFactory
from tests.pilots.factories import PilotFactory

PAYLOADS = [
    "<script>alert('xss')</script>",
    '"><script>alert(1)</script>',
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    '<iframe src="javascript:alert(1)"></iframe>',
    "<body onload=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "';alert(1);//",
]
PAYLOAD = " ".join(PAYLOADS)


class ExecutableFinder(HTMLParser):
    """Collects what a browser would execute: scripts, handlers, javascript: addresses, frames."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not (attributes.get("src") or "").startswith("/static/"):
            self.found.append(f"<script {attributes}>")
        if tag in ("iframe", "object", "embed", "frame"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                ("javascript:", "data:text/html")
            ):
                self.found.append(f"<{tag} {name}={value}>")
            if name == "style":
                self.found.append(f"<{tag} style=...>")


def assert_inert(html: str, where: str) -> None:
    finder = ExecutableFinder()
    finder.feed(html)
    assert not finder.found, f"{where}: {finder.found[:5]}"


def fit(model, name: str) -> str:
    """The payload cut to the field's length, so the services accept it."""
    length = model._meta.get_field(name).max_length
    return PAYLOAD[:length] if length else PAYLOAD


@pytest.fixture
def now():
    return timezone.now()


def test_organization_fields(client, resident):
    organization = account_services.organization_create(
        actor=resident,
        name=PAYLOAD[:200],
        kind="community",
        description=PAYLOAD,
        website="https://ok.example.org",
    )
    client.force_login(resident)
    for url in (organization.get_absolute_url(), "/en/organizations/", "/en/accounts/profile/"):
        assert_inert(client.get(url).content.decode(), url)


def test_challenge_fields(client, official, now):
    day = timedelta(days=1)
    challenge = challenge_services.challenge_create(
        actor=official,
        title=PAYLOAD[:200],
        summary=PAYLOAD[:500],
        description=PAYLOAD,
        department=PAYLOAD[:200],
        site=PAYLOAD[:200],
        offers_data=PAYLOAD,
        offers_sites=PAYLOAD,
        offers_staff=PAYLOAD,
        eligibility=PAYLOAD,
        goals=["health"],
        budget_total=Decimal("1000"),
        budget_max_per_pilot=Decimal("100"),
        ideas_open=now + day,
        ideas_close=now + 2 * day,
        proposals_open=now + 2 * day,
        proposals_close=now + 3 * day,
        evaluation_end=now + 4 * day,
        piloting_end=now + 5 * day,
        criteria=[{"name": PAYLOAD[:200], "description": PAYLOAD, "weight": 1, "min_score": 0}],
    )
    client.force_login(official)
    for url in (challenge.get_absolute_url(), "/en/challenges/", f"/en/challenges/{challenge.slug}/edit/"):
        assert_inert(client.get(url).content.decode(), url)


def test_pilot_fields(client, official):
    challenge = ChallengeFactory(phase=Phase.PILOTING, curators=[official])
    CriterionFactory(challenge=challenge)
    names = (
        "title", "summary", "partners", "test_site", "schedule", "city_needs", "resident_involvement",
        "personal_data", "data_subjects", "data_purpose", "data_retention", "data_contact", "decision_reason",
    )  # fmt: skip
    text_fields = {name: fit(Pilot, name) for name in names}
    pilot = PilotFactory(
        challenge=challenge, status="running", problem=PAYLOAD, solution=PAYLOAD, **text_fields
    )
    pilot_services.progress_update_post(
        actor=pilot.created_by, pilot=pilot, title=PAYLOAD[:200], body=PAYLOAD
    )
    client.force_login(pilot.created_by)
    for url in (pilot.get_absolute_url(), challenge.get_absolute_url()):
        assert_inert(client.get(url).content.decode(), url)
    client.force_login(official)
    url = f"/en/challenges/{challenge.slug}/proposals/"
    assert_inert(client.get(url).content.decode(), url)


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href=" JavaScript:alert(1)">x</a>',
        "<iframe></iframe>",
        '<p style="color:red">x</p>',
        '<script src="https://evil.example.org/x.js"></script>',
    ],
)
def test_the_finder_catches_executable_markup(html):
    # The check above is only as good as its finder: it must see each of these.
    with pytest.raises(AssertionError):
        assert_inert(html, "sample")


def test_the_finder_lets_escaped_text_and_our_scripts_pass():
    assert_inert(
        '<p>&lt;script&gt;alert(1)&lt;/script&gt; onerror=</p><script src="/static/js/portal.js"></script>',
        "ok",
    )
