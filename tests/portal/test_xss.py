"""Known XSS payloads through every field that people write and a page shows: nothing executes.

For each payload in turn, every user-written field (ideas, comments and replies, challenges and
their criteria, pilot proposals, reviews, progress updates, results, organizations, names, flag
details, moderation reasons) is filled with it through the services people use (factories only for
a pilot's later stages), prefixed with a marker naming the field. Then every page that shows those
fields is fetched as the person who sees it (visitor, author, team, evaluator, curator, moderator,
administrator), and the emails that went out are read, and an HTML parser looks for anything a
browser would run. The markers prove each page really showed the fields it is listed with, so a
page that stopped showing a field cannot pass by accident.
"""

import re
from datetime import timedelta
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from accounts import services as account_services
from accounts.models import Membership
from accounts.services import invitation_token
from challenges import services as challenge_services
from challenges.models import Phase
from engagement import services as engagement
from ideas import services as idea_services
from ideas.models import Idea
from notifications.emails import digest_email
from notifications.models import Notification
from pilots import services as pilot_services
from pilots.models import KPI, Pilot, Transition
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.challenges.factories import ChallengeFactory, CriterionFactory, EvaluatorAppointmentFactory
from tests.languages import in_each_language
from tests.pilots.factories import (
    KPIFactory,
    ParticipantFactory,
    PilotFactory,
    TeamMemberFactory,
)

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert('xss')</script>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="&#106;ava&#x73;cript&colon;alert(1)">click</a>',
    '<a href=" java\tscript:alert(1)">click</a>',
    '<a href="java&#x09;script:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '![pic](x" onerror="alert(1))',
    "<javascript:alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    "<body onload=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>body{display:none}</style>",
    '<base href="https://evil.example.org/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example.org/">',
    '<form action="https://evil.example.org/"><button>Log in again</button></form>',
    '<div hx-get="/xss-probe/" hx-trigger="load">x</div>',
    '<img src="x" hx-on:error="alert(1)" data-hx-on--load="alert(1)">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)" x="',
    "' onfocus='alert(1)' autofocus x='",
    "x onmouseover=alert(1)",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "';alert(1);//",
]

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "background"}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text/html")


class ExecutableFinder(HTMLParser):
    """Collects what a browser would run or obey: scripts, handlers, dangerous addresses, frames,
    styles, base and refresh tags, forms sent elsewhere, htmx attributes that the page did not set.

    `allowed_styles` are style attributes our own email templates use (emails cannot link a style
    sheet); a `<style>` in the head of an email is ours too. Pages allow none: their CSP has no
    inline style.
    """

    def __init__(self, allowed_styles=frozenset()):
        super().__init__(convert_charrefs=True)
        self.allowed_styles = allowed_styles
        self.found = []
        self.in_head = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "head":
            self.in_head = True
        if tag == "script" and not (attributes.get("src") or "").startswith("/static/"):
            self.found.append(f"<script {attributes}>")
        if tag in ("iframe", "frame", "frameset", "object", "embed", "applet", "base"):
            self.found.append(f"<{tag}>")
        if tag == "style" and not (self.allowed_styles and self.in_head):
            self.found.append("<style>")
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.found.append("<meta refresh>")
        if tag == "link" and not (attributes.get("href") or "").startswith("/static/"):
            self.found.append(f"<link {attributes}>")
        if tag == "form" and re.match(r"\s*(\w+:|//)", attributes.get("action") or ""):
            self.found.append(f"<form action={attributes['action']}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in URL_ATTRIBUTES:
                # As a browser reads an address (WHATWG URL): leading and trailing controls and
                # spaces dropped, tabs and line breaks dropped anywhere; other spaces stay, and
                # "java script:" is then a harmless relative address.
                address = re.sub(r"[\t\n\r]", "", value.strip("".join(map(chr, range(33))))).lower()
                if address.startswith(DANGEROUS_SCHEMES):
                    self.found.append(f"<{tag} {name}={value}>")
            if name == "style" and value not in self.allowed_styles:
                self.found.append(f"<{tag} style={value}>")
            bare = name.removeprefix("data-")
            if bare.startswith("hx-on") or (bare.startswith("hx-") and "xss-probe" in value):
                self.found.append(f"<{tag} {name}={value}>")

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def executable_parts(html: str, allowed_styles=frozenset()) -> list[str]:
    finder = ExecutableFinder(allowed_styles)
    finder.feed(html)
    finder.close()
    return finder.found


def email_styles() -> frozenset:
    """The style attributes our email templates write themselves."""
    folder = Path(settings.BASE_DIR) / "templates"
    found = set()
    for template in [*folder.glob("**/email/*.html"), *folder.glob("email/*.html")]:
        found.update(re.findall(r'style="([^"{}]*)"', template.read_text()))
    return frozenset(found)


# --- The content ----------------------------------------------------------------------------------


class Marked:
    """Values for each field: a marker naming the field, then the payload, cut to the field's length.

    The marker survives Markdown, sanitizing and escaping unchanged, and slugs change it (capitals
    and a colon), so finding it on a page means the page shows that field.
    """

    def __init__(self, payload: str):
        self.payload = payload

    def __call__(self, field: str, max_length: int | None = None) -> str:
        value = f"MK:{field} {self.payload}"
        return value[:max_length] if max_length else value


def build_world(payload: str, now) -> dict:
    """Everything people write, each field holding the payload; returns who and what was made."""
    mark = Marked(payload)
    day = timedelta(days=1)
    writer = UserFactory(language="en")
    neighbour = UserFactory(language="en")
    official = UserFactory(is_official=True, language="en")
    moderator = UserFactory(is_moderator=True, language="en")
    evaluator = UserFactory(is_official=True, language="en")
    admin = UserFactory(is_superuser=True, is_staff=True, language="en")
    account_services.user_update_profile(actor=writer, name=mark("writer.name", 150), language="en")
    account_services.user_update_profile(actor=neighbour, name=mark("neighbour.name", 150), language="en")
    account_services.user_update_profile(actor=official, name=mark("official.name", 150), language="en")
    account_services.user_update_profile(actor=moderator, name=mark("moderator.name", 150), language="en")

    organization = account_services.organization_create(
        actor=writer,
        name=mark("organization.name", 200),
        kind="community",
        description=mark("organization.description"),
        website="https://ok.example.org",
    )
    invitation = account_services.invitation_create(
        actor=writer, organization=organization, email=neighbour.email
    )

    challenge = challenge_services.challenge_create(
        actor=official,
        title=in_each_language(mark("challenge.title", 200)),
        summary=in_each_language(mark("challenge.summary", 500)),
        description=in_each_language(mark("challenge.description")),
        department=mark("challenge.department", 200),
        site=in_each_language(mark("challenge.site", 200)),
        offers_data=in_each_language(mark("challenge.offers_data")),
        offers_sites=in_each_language(mark("challenge.offers_sites")),
        offers_staff=in_each_language(mark("challenge.offers_staff")),
        eligibility=in_each_language(mark("challenge.eligibility")),
        goals=["health"],
        budget_total=Decimal("1000"),
        budget_max_per_pilot=Decimal("100"),
        ideas_open=now - day,
        ideas_close=now + day,
        proposals_open=now + day,
        proposals_close=now + 2 * day,
        evaluation_end=now + 3 * day,
        piloting_end=now + 4 * day,
        criteria=[
            {
                "name": in_each_language(mark("criterion.name", 200)),
                "description": in_each_language(mark("criterion.description")),
                "weight": 1,
                "min_score": 0,
            }
        ],
    )
    challenge_services.challenge_publish(actor=official, challenge=challenge)
    engagement.follow_start(actor=neighbour, target=challenge)

    # An idea in the challenge, discussed, answered, updated, flagged and partly moderated.
    idea = idea_services.idea_create(
        actor=writer,
        title=mark("idea.title", 150),
        body=mark("idea.body"),
        language="en",
        challenge=challenge,
    )
    comment = engagement.comment_create(actor=neighbour, target=idea, body=mark("comment.body"))
    reply = engagement.comment_create(actor=writer, target=idea, body=mark("reply.body"), parent=comment)
    idea_services.idea_post_update(actor=writer, idea=idea, body=mark("idea_update.body"))
    idea_services.idea_answer(
        actor=official,
        idea=idea,
        status=Idea.Status.UNDER_CONSIDERATION,
        answer=in_each_language(mark("idea.answer")),
    )
    engagement.flag_create(actor=neighbour, target=reply, reason="spam", details=mark("flag.details"))
    engagement.flag_create(actor=neighbour, target=idea, reason="spam", details=mark("idea_flag.details"))
    rude = engagement.comment_create(actor=writer, target=idea, body=mark("hidden_comment.body"))
    engagement.moderation_hide(actor=moderator, target=rude, reason=mark("moderation.reason"))

    # Pilots at the stages where people write: a draft, one under review, one running, one done.
    pilot_texts = {
        name: mark(f"pilot.{name}", Pilot._meta.get_field(name).max_length)
        for name in (
            "title", "summary", "partners", "test_site", "schedule", "city_needs", "resident_involvement",
            "personal_data", "data_subjects", "data_purpose", "data_retention", "data_contact",
        )
    }  # fmt: skip
    proposals = ChallengeFactory(phase=Phase.PROPOSALS, title=mark("proposals.title", 200))
    draft = pilot_services.pilot_create_draft(
        actor=writer,
        challenge=proposals,
        organization=organization,
        **pilot_texts,
        problem=mark("pilot.problem"),
        solution=mark("pilot.solution"),
        budget_requested=Decimal("100"),
    )
    TeamMemberFactory(pilot=draft, user=neighbour)
    draft_kpi = pilot_services.kpi_add(
        actor=writer,
        pilot=draft,
        name=mark("kpi.name", KPI._meta.get_field("name").max_length),
        target=Decimal("10"),
        unit=mark("kpi.unit", KPI._meta.get_field("unit").max_length),
        note=mark("kpi.note", KPI._meta.get_field("note").max_length),
    )

    evaluation = ChallengeFactory(phase=Phase.EVALUATION, curators=[official])
    CriterionFactory(
        challenge=evaluation, name=mark("criterion.name", 200), description=mark("criterion.description")
    )
    EvaluatorAppointmentFactory(challenge=evaluation, evaluator=evaluator)
    other_evaluator = UserFactory(is_official=True, name=mark("evaluator.name", 150))
    EvaluatorAppointmentFactory(challenge=evaluation, evaluator=other_evaluator)
    in_review = PilotFactory(
        challenge=evaluation, status=Pilot.Status.IN_REVIEW, created_by=writer, organization=organization,
        problem=mark("pilot.problem"), solution=mark("pilot.solution"), **pilot_texts,
    )  # fmt: skip
    Transition.objects.create(
        pilot=in_review, from_status="submitted", to_status="in_review", actor=official,
        note=mark("transition.note"),
    )  # fmt: skip
    pilot_services.review_declare_conflict(actor=evaluator, pilot=in_review, conflict=False)
    criterion = evaluation.criteria.get()
    pilot_services.review_declare_conflict(actor=other_evaluator, pilot=in_review, conflict=False)
    pilot_services.review_submit(
        actor=other_evaluator,
        pilot=in_review,
        scores={criterion.pk: pilot_services.ScoreInput(score=4, comment=mark("score.comment"))},
        comment=mark("review.comment"),
    )
    conflicted = UserFactory(is_official=True)
    EvaluatorAppointmentFactory(challenge=evaluation, evaluator=conflicted)
    pilot_services.review_declare_conflict(
        actor=conflicted, pilot=in_review, conflict=True, note=mark("conflict.note")
    )
    declined = PilotFactory(
        challenge=evaluation, status=Pilot.Status.DECLINED, created_by=writer,
        decision_reason=mark("pilot.decision_reason"), title=mark("declined.title", 200),
    )  # fmt: skip

    piloting = ChallengeFactory(phase=Phase.PILOTING, curators=[official], title=mark("piloting.title", 200))
    running = PilotFactory(
        challenge=piloting, status=Pilot.Status.RUNNING, created_by=writer, organization=organization,
        problem=mark("pilot.problem"), solution=mark("pilot.solution"), kpis=0, **pilot_texts,
    )  # fmt: skip
    KPIFactory(
        pilot=running, name=mark("kpi.name", 200), unit=mark("kpi.unit", 50), note=mark("kpi.note", 500)
    )
    ParticipantFactory(pilot=running, user=neighbour)
    pilot_services.progress_update_post(
        actor=writer, pilot=running, title=mark("progress.title", 200), body=mark("progress.body")
    )
    completed = PilotFactory(
        challenge=piloting, status=Pilot.Status.RUNNING, created_by=writer, kpis=0,
        title=mark("completed.title", 200),
    )  # fmt: skip
    kpi = KPIFactory(pilot=completed, name=mark("kpi.name", 200), unit=mark("kpi.unit", 50))
    pilot_services.pilot_publish_results(
        actor=writer,
        pilot=completed,
        outcomes={kpi.pk: Decimal("12")},
        notes={kpi.pk: mark("kpi_result.note", 500)},
        learnings=in_each_language(mark("pilot.learnings")),
        next_step=Pilot.NextStep.SCALE_UP,
    )
    discontinued = PilotFactory(challenge=piloting, status=Pilot.Status.RUNNING, created_by=writer)
    pilot_services.pilot_discontinue(
        actor=writer, pilot=discontinued, reason=mark("pilot.discontinued_reason")
    )
    MembershipFactory(organization=organization, user=UserFactory(), role=Membership.Role.MEMBER)

    return {
        "writer": writer, "neighbour": neighbour, "official": official, "moderator": moderator,
        "evaluator": evaluator, "admin": admin, "organization": organization, "challenge": challenge,
        "idea": idea, "comment": comment, "reply": reply, "draft": draft, "draft_kpi": draft_kpi,
        "in_review": in_review, "declined": declined, "running": running, "completed": completed,
        "discontinued": discontinued, "evaluation": evaluation, "piloting": piloting,
        "invitation": invitation,
    }  # fmt: skip


def pages(world: dict) -> list[tuple[str | None, str, set[str]]]:
    """(who looks, the address, the fields the page must show) for every page that shows them."""
    w = world
    idea, challenge, organization = w["idea"], w["challenge"], w["organization"]
    draft, in_review, running, completed = w["draft"], w["in_review"], w["running"], w["completed"]
    idea_fields = {"idea.title", "idea.body", "idea.answer", "idea_update.body", "writer.name"}
    discussion = {"comment.body", "reply.body", "neighbour.name"}
    challenge_fields = {
        "challenge.title", "challenge.summary", "challenge.description", "challenge.department",
        "challenge.site", "challenge.offers_data", "challenge.offers_sites", "challenge.offers_staff",
        "challenge.eligibility", "criterion.name", "criterion.description",
    }  # fmt: skip
    proposal = {
        "pilot.title", "pilot.summary", "pilot.problem", "pilot.solution", "pilot.partners",
        "pilot.test_site", "pilot.schedule", "pilot.city_needs", "pilot.resident_involvement",
        "pilot.personal_data", "pilot.data_subjects", "pilot.data_purpose", "pilot.data_retention",
        "pilot.data_contact", "organization.name",
    }  # fmt: skip
    running_page = proposal | {"progress.title", "progress.body", "kpi.name"}
    draft_page = proposal | {"kpi.name", "kpi.unit", "kpi.note", "proposals.title"}
    kpi = {"kpi.name", "kpi.unit", "kpi.note"}
    data_statement = {"pilot.personal_data", "pilot.data_purpose"}
    reviews = {"review.comment", "score.comment", "transition.note", "conflict.note", "evaluator.name"}
    flagged = {"idea.title", "reply.body", "flag.details", "idea_flag.details", "writer.name"}
    flagged_reply = {"reply.body", "flag.details", "neighbour.name"}
    flagged_idea = {"idea.title", "idea.body", "idea_flag.details"}
    hidden = {"hidden_comment.body", "moderation.reason"}
    ranking = {"pilot.title", "organization.name", "criterion.name"}
    evaluation, org_url = w["evaluation"].slug, organization.get_absolute_url()
    invitation = f"/en/organizations/invitations/{invitation_token(w['invitation'])}/"
    return [
        # What everybody sees.
        (None, "/en/", set()),
        (None, "/en/challenges/", {"challenge.title", "challenge.summary"}),
        (None, challenge.get_absolute_url(), challenge_fields),
        (None, "/en/ideas/", {"idea.title"}),
        (None, "/en/ideas/?q=MK", {"idea.title"}),
        (None, f"/en/ideas/similar/?{urlencode({'title': idea.title})}", {"idea.title"}),
        (None, idea.get_absolute_url(), idea_fields | discussion),
        (None, "/en/organizations/", {"organization.name"}),
        (None, org_url, {"organization.name", "organization.description"}),
        (None, running.get_absolute_url(), running_page),
        (None, completed.get_absolute_url(), {"completed.title", "pilot.learnings", "kpi_result.note"}),
        (None, w["discontinued"].get_absolute_url(), {"pilot.discontinued_reason"}),
        (None, w["piloting"].get_absolute_url(), {"piloting.title", "completed.title", "pilot.title"}),
        (None, "/en/insights/", set()),
        (None, "/en/insights/data-use/", {"pilot.title"} | data_statement),
        # The author: their profile, ideas, hidden comment with its reason, notifications, drafts.
        ("writer", "/en/accounts/profile/", {"writer.name", "organization.name", "pilot.title"}),
        ("writer", "/en/ideas/mine/", {"idea.title"}),
        ("writer", "/en/accounts/data/", set()),
        ("writer", idea.get_absolute_url(), idea_fields | discussion | hidden),
        ("writer", f"/en/comments/{w['reply'].pk}/edit/", {"reply.body"}),
        ("writer", f"/en/engage/ideas.idea/{idea.pk}/comments/?parent={w['comment'].pk}", {"comment.body"}),
        ("writer", "/en/notifications/", {"neighbour.name", "idea.title"}),
        ("writer", f"{org_url}edit/", {"organization.name", "organization.description"}),
        ("writer", draft.get_absolute_url(), draft_page),
        ("writer", f"/en/pilots/{draft.pk}/edit/", proposal - {"organization.name"}),
        ("writer", f"/en/pilots/{draft.pk}/kpis/{w['draft_kpi'].pk}/edit/", kpi),
        ("writer", w["declined"].get_absolute_url(), {"declined.title", "pilot.decision_reason"}),
        ("writer", f"/en/pilots/{running.pk}/data-statement/", data_statement),
        ("writer", f"/en/pilots/{running.pk}/results/", {"kpi.name"}),
        ("writer", f"/en/pilots/{running.pk}/updates/new/", {"pilot.title"}),
        # A follower of the challenge, invited to the organization, taking part in a pilot.
        ("neighbour", "/en/notifications/", {"idea.title", "writer.name"}),
        ("neighbour", invitation, {"organization.name"}),
        ("neighbour", "/en/accounts/profile/", {"pilot.title"}),
        # The evaluator scoring on the challenge's criteria.
        ("evaluator", f"/en/pilots/{in_review.pk}/review/", {"criterion.name", "criterion.description"}),
        ("evaluator", in_review.get_absolute_url(), proposal),
        # The curators: reviews, ranking, report, editing and people.
        ("official", in_review.get_absolute_url(), proposal | reviews),
        ("official", f"/en/challenges/{evaluation}/proposals/", ranking),
        ("official", f"/en/insights/challenges/{evaluation}/", {"pilot.title"}),
        ("official", f"/en/challenges/{challenge.slug}/edit/", challenge_fields - {"criterion.description"}),
        ("official", f"/en/challenges/{challenge.slug}/people/", {"official.name"}),
        ("official", "/en/notifications/", set()),
        # The moderators' queue and each flagged item, with the flag details.
        ("moderator", "/en/moderation/", flagged),
        ("moderator", f"/en/moderation/engagement.comment/{w['reply'].pk}/", flagged_reply),
        ("moderator", f"/en/moderation/ideas.idea/{idea.pk}/", flagged_idea),
        # The administrators' audit log (the admin has no CSP, so escaping is all there is).
        ("admin", "/en/admin/portal/auditentry/", {"challenge.title", "idea.title"}),
    ]  # fmt: skip


@pytest.fixture(params=PAYLOADS, ids=[f"payload{n}" for n in range(len(PAYLOADS))])
def payload(request):
    return request.param


def test_nothing_people_wrote_runs_on_a_page_or_in_an_email(
    client, payload, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # events dispatched, emails sent
        world = build_world(payload, timezone.now())
    problems = []
    for who, url, fields in pages(world):
        if who is None:
            client.logout()
        else:
            client.force_login(world[who])
        response = client.get(url)
        if response.status_code != 200:
            problems.append(f"{who} {url}: status {response.status_code}")
            continue
        html = response.content.decode()
        if found := executable_parts(html):
            problems.append(f"{who} {url}: {found[:3]}")
        if missing := sorted(field for field in fields if f"MK:{field}" not in html):
            problems.append(f"{who} {url} does not show {missing}")

    # The emails: those sent at once (comments, replies, answers, the invitation) and a digest.
    neighbour = world["neighbour"]
    digest = digest_email(
        user=neighbour,
        notifications=list(Notification.objects.filter(recipient=neighbour).select_related("event")),
        frequency="daily",
    )
    allowed = email_styles()
    quoted = ""
    for message in [*mail.outbox, digest]:
        html = [body for body, kind in message.alternatives if kind == "text/html"]
        if not html:
            problems.append(f"email {message.subject!r} has no HTML part")
            continue
        if found := executable_parts(html[0], allowed):
            problems.append(f"email {message.subject!r}: {found[:3]}")
        quoted += html[0]
    # They did quote what people wrote: names, titles, the organization.
    for field in ("neighbour.name", "writer.name", "idea.title", "challenge.title", "organization.name"):
        if f"MK:{field}" not in quoted:
            problems.append(f"no email shows {field}")
    assert not problems, "\n".join(problems)


def test_an_organization_website_must_be_a_web_address(resident):
    for website in ("javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:x"):
        with pytest.raises(Exception) as error:
            account_services.organization_create(
                actor=resident, name="Polku", kind="community", description="", website=website
            )
        assert "website" in getattr(error.value, "message_dict", {}), website


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href=" JavaScript:alert(1)">x</a>',
        '<a href="java\tscript:alert(1)">x</a>',
        '<a href="\x01 java\nscript:alert(1)">x</a>',
        "<iframe></iframe>",
        '<p style="color:red">x</p>',
        "<style>p{}</style>",
        '<script src="https://evil.example.org/x.js"></script>',
        '<base href="https://evil.example.org/">',
        '<meta http-equiv="refresh" content="0;url=https://evil.example.org/">',
        '<form action="https://evil.example.org/"></form>',
        '<form action="//evil.example.org/"></form>',
        '<div hx-on:click="alert(1)"></div>',
        '<div data-hx-get="/xss-probe/"></div>',
        '<object data="javascript:alert(1)"></object>',
    ],
)
def test_the_finder_catches_executable_markup(html):
    # The checks above are only as good as the finder: it must see each of these.
    assert executable_parts(html)


def test_the_finder_lets_escaped_text_and_our_own_markup_pass():
    assert not executable_parts(
        '<p>&lt;script&gt;alert(1)&lt;/script&gt; onerror=</p><script src="/static/js/portal.js"></script>'
        '<form method="post" action="/en/ideas/1/" hx-post="/en/ideas/1/" hx-target="#x"></form>'
        '<input value="&quot; onmouseover=&quot;alert(1)"><a href="https://example.org/">x</a>'
        '<a href=" java  script:alert(1)">a relative address, for a browser too</a>'
    )
    styles = email_styles()
    assert styles, "the email templates were not found"
    style = next(iter(styles))
    email = f'<html><head><style>p {{}}</style></head><body><h2 style="{style}">x</h2></body></html>'
    assert not executable_parts(email, styles)
    assert executable_parts(email)  # a page allows neither
