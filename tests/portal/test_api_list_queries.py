"""Every list the API answers costs a fixed number of SQL queries, whatever its length.

Each list is asked for twice, with a few items and then with many more (each with its related
rows: criteria, goals, co-authors, replies and likes, flags, scores, KPIs…): the count of queries
must not grow, and stays within the pin. The table names every list operation of the OpenAPI
schema (a test checks that), so a new list cannot be added without a pin.
"""

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from accounts import services as accounts
from agreements import services as agreement_services
from challenges.models import Phase
from engagement import services as engagement
from insights import opendata
from insights.services import insights_refresh
from notifications import services as notifications
from pilots.models import Attachment
from portal import uploads
from tests.accounts.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.agreements import world as aw
from tests.challenges.factories import ChallengeFactory, CriterionFactory, EvaluatorAppointmentFactory
from tests.ideas.factories import IdeaCoauthorFactory, IdeaFactory
from tests.pilots.factories import PilotFactory, ProgressUpdateFactory, ReviewFactory
from tests.portal.api_world import World

FEW, MANY = 2, 6

# The list operation as the schema names it -> (its pin, a function that adds `n` more items to
# the world, a function of the world that answers who asks and the address).
LISTS = {}


def listing(operation: str, *, pin: int):
    def register(pair):
        add, address = pair()
        LISTS[operation] = (pin, add, address)
        return pair

    return register


@listing("GET /api/v1/challenges/", pin=4)  # count, page, goals, criteria
def _():
    def add(w, n):
        for _ in range(n):
            challenge = ChallengeFactory(phase=Phase.IDEAS, goals=["health", "vitality"])
            CriterionFactory.create_batch(2, challenge=challenge)

    return add, lambda w: (w.resident, "/api/v1/challenges/?page_size=100")


# The challenge (with goals and criteria), the permission, the list.
@listing("GET /api/v1/challenges/{id}/evaluators/", pin=5)
def _():
    def add(w, n):
        EvaluatorAppointmentFactory.create_batch(n, challenge=w.open_challenge)

    return add, lambda w: (w.official, f"/api/v1/challenges/{w.open_challenge.pk}/evaluators/")


@listing("GET /api/v1/challenges/{id}/curators/", pin=5)  # as the evaluators
def _():
    def add(w, n):
        w.open_challenge.curators.add(*UserFactory.create_batch(n, is_official=True))

    return add, lambda w: (w.official, f"/api/v1/challenges/{w.open_challenge.pk}/curators/")


@listing("GET /api/v1/comments/", pin=2)  # the item, the thread with authors and likes
def _():
    def add(w, n):
        for _ in range(n):
            top = w.comment_on(w.discussed, author=UserFactory())
            w.comment_on(w.discussed, author=UserFactory(), parent=top)
            engagement.comment_like(actor=w.resident, comment=top)

    return add, lambda w: (w.resident, f"/api/v1/comments/?item=idea:{w.discussed.pk}&page_size=100")


@listing("GET /api/v1/ideas/", pin=4)  # count, page, goals, co-authors
def _():
    def add(w, n):
        for _ in range(n):
            idea = IdeaFactory(challenge=w.open_challenge, goals=["health"])
            IdeaCoauthorFactory(idea=idea)
            engagement.vote_cast(actor=w.resident, target=idea)

    return add, lambda w: (w.resident, "/api/v1/ideas/?page_size=100&expand=challenge,authors")


@listing("GET /api/v1/moderation/", pin=6)
def _():
    def add(w, n):
        for _ in range(n):
            for target in (IdeaFactory(), w.comment_on(IdeaFactory(), author=UserFactory())):
                engagement.flag_create(actor=UserFactory(), target=target, reason="spam", details="Ads")

    return add, lambda w: (w.moderator, "/api/v1/moderation/?page_size=100")


@listing("GET /api/v1/notifications/", pin=2)  # count, page
def _():
    def add(w, n):
        with TestCase.captureOnCommitCallbacks(execute=True):
            for _ in range(n):
                notifications.event_record(
                    kind="comment.on_your_item", actor=UserFactory(), target=IdeaFactory(), url="/en/",
                    title="An idea", recipients=[w.resident],
                )  # fmt: skip

    return add, lambda w: (w.resident, "/api/v1/notifications/?page_size=100")


@listing("GET /api/v1/notifications/preferences/", pin=1)
def _():
    def add(w, n):
        kinds = ["comment.on_your_item", "comment.reply", "pilot.update"][:n]
        notifications.preferences_set(actor=w.resident, frequencies=dict.fromkeys(kinds, "never"))

    return add, lambda w: (w.resident, "/api/v1/notifications/preferences/")


@listing("GET /api/v1/organizations/", pin=2)  # count, page with member counts
def _():
    def add(w, n):
        for _ in range(n):
            MembershipFactory.create_batch(2, organization=OrganizationFactory())

    return add, lambda w: (None, "/api/v1/organizations/?page_size=100")


@listing("GET /api/v1/organizations/{id}/members/", pin=2)  # the organization, its members
def _():
    def add(w, n):
        MembershipFactory.create_batch(n, organization=w.organization)

    return add, lambda w: (None, f"/api/v1/organizations/{w.organization.pk}/members/")


# The organization, the membership that the permission asks for, the list.
@listing("GET /api/v1/organizations/{id}/invitations/", pin=3)
def _():
    def add(w, n):
        for _ in range(n):
            accounts.invitation_create(
                actor=w.org_admin, organization=w.organization, email=UserFactory.build().email
            )

    return add, lambda w: (w.org_admin, f"/api/v1/organizations/{w.organization.pk}/invitations/")


@listing("GET /api/v1/pilots/", pin=3)  # count, page, KPIs
def _():
    def add(w, n):
        for status in ["running", "submitted", "completed"] * n:
            PilotFactory(status=status, challenge=w.open_challenge, created_by=w.lead, kpis=2)

    return add, lambda w: (w.lead, "/api/v1/pilots/?page_size=100")


@listing("GET /api/v1/pilots/{id}/reviews/", pin=6)  # pilot, 2 permissions, reviews, scores, criteria
def _():
    def add(w, n):
        criteria = list(w.reviewed.challenge.criteria.all())
        for _ in range(n):
            evaluator = UserFactory(is_official=True)
            EvaluatorAppointmentFactory(challenge=w.reviewed.challenge, evaluator=evaluator)
            ReviewFactory(pilot=w.reviewed, evaluator=evaluator, scores=dict.fromkeys(criteria, 3))

    return add, lambda w: (w.official, f"/api/v1/pilots/{w.reviewed.pk}/reviews/")


# The pilot, 3 permissions (team, curator, evaluator: the evaluator is the last tried), the list.
@listing("GET /api/v1/pilots/{id}/attachments/", pin=5)
def _():
    def add(w, n):
        for _ in range(n):
            attachment = Attachment(pilot=w.reviewed, name="Plan.pdf", content_type="application/pdf")
            clean = uploads.CleanFile(b"%PDF-1.4 %%EOF", "pdf", "Plan.pdf")
            attachment.size = clean.size
            uploads.store(attachment.file, clean)
            attachment.save()

    return add, lambda w: (w.evaluator, f"/api/v1/pilots/{w.reviewed.pk}/attachments/")


@listing("GET /api/v1/pilots/{id}/updates/", pin=3)  # the pilot, count, page
def _():
    def add(w, n):
        ProgressUpdateFactory.create_batch(n, pilot=w.running, author=w.lead)

    return add, lambda w: (None, f"/api/v1/pilots/{w.running.pk}/updates/?page_size=100")


@listing("GET /api/v1/open-data/", pin=0)
def _():
    return (lambda w, n: None), lambda w: (None, "/api/v1/open-data/")


def _open_data(slug: str):
    def add(w, n):
        for _ in range(n):
            challenge = ChallengeFactory(phase=Phase.PILOTING, goals=["health"])
            idea = IdeaFactory(goals=["vitality"])
            engagement.vote_cast(actor=UserFactory(), target=idea)
            engagement.comment_create(actor=UserFactory(), target=idea, body="Yes")
            PilotFactory(status="running", challenge=challenge, kpis=2)
        insights_refresh()

    return add, lambda w: (None, f"/api/v1/open-data/{slug}/?page_size=100")


for _slug in opendata.DATASETS:
    # count, page, and the goals of the page (challenges, ideas)
    listing(f"GET /api/v1/open-data/{_slug}/", pin=3)(lambda slug=_slug: _open_data(slug))


def _queries(actor, path) -> tuple[int, dict]:
    api = APIClient()
    if actor is not None:
        # A fresh copy of the person, as a real request loads: nothing remembered from the last one.
        api.force_authenticate(type(actor).objects.get(pk=actor.pk))
    with CaptureQueriesContext(connection) as captured:
        response = api.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, response.content
    return len(captured.captured_queries), response.json()


def _length(body) -> int:
    return len(body["results"] if isinstance(body, dict) else body)


def test_every_list_operation_of_the_schema_is_pinned():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    lists = set()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            content = operation["responses"].get("200", {}).get("content", {}).get("application/json", {})
            answer = content.get("schema", {})
            if method == "get" and (
                answer.get("type") == "array" or answer.get("$ref", "").split("/")[-1].startswith("Paginated")
            ):
                lists.add(f"GET {path}")
    assert lists == set(LISTS)


@pytest.mark.parametrize("operation", LISTS)
def test_a_list_costs_the_same_few_queries_however_long(db, operation):
    pin, add, address = LISTS[operation]
    world = World()
    actor, path = address(world)
    add(world, FEW)
    _queries(actor, path)  # the first request fills the process's caches (content types)
    few, body = _queries(actor, path)
    shorter = _length(body)
    add(world, MANY)
    many, body = _queries(actor, path)
    assert _length(body) > shorter or operation.endswith(("/open-data/", "/preferences/"))
    assert many == few, f"{few} queries for {shorter} items, {many} for {_length(body)}"
    assert many <= pin, many


# --- Agreements (the helpers are in tests/agreements/world.py) ----------------------------------


@listing("GET /api/v1/agreements/", pin=5)  # count, page, milestones, instalments, the finance role
def _():
    def add(w, n):
        for _ in range(n):
            aw.agreement(w)

    return add, lambda w: (w.official, "/api/v1/agreements/?page_size=100")


def _one_agreement(w):
    if not hasattr(w, "_agreement"):
        w._agreement = aw.agreement(w)
    return w._agreement


@listing("GET /api/v1/agreements/{id}/milestones/", pin=6)
def _():
    return (
        lambda w, n: aw.add_milestones(_one_agreement(w), n),
        lambda w: (w.official, f"/api/v1/agreements/{_one_agreement(w).pk}/milestones/"),
    )


@listing("GET /api/v1/agreements/{id}/instalments/", pin=6)
def _():
    return (
        lambda w, n: aw.add_milestones(_one_agreement(w), n),
        lambda w: (w.official, f"/api/v1/agreements/{_one_agreement(w).pk}/instalments/"),
    )


@listing("GET /api/v1/agreements/{id}/reports/", pin=6)
def _():
    def add(w, n):
        a = _one_agreement(w)
        aw.add_milestones(a, n)
        for milestone in a.milestones.filter(status="pending")[:n]:
            services_report(w, a, milestone)

    return add, lambda w: (w.official, f"/api/v1/agreements/{_one_agreement(w).pk}/reports/")


@listing("GET /api/v1/agreements/{id}/change-requests/", pin=6)
def _():
    def add(w, n):
        a = _one_agreement(w)
        for _ in range(n):
            change = aw.pending_change(w, a)
            agreement_services.change_request_decide(
                actor=w.official, change=change, approve=False, comment="No."
            )

    return add, lambda w: (w.official, f"/api/v1/agreements/{_one_agreement(w).pk}/change-requests/")


def services_report(w, a, milestone):
    return agreement_services.report_submit(actor=w.lead, agreement=a, milestone=milestone, summary="Done.")
