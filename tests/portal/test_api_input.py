"""Every write endpoint refuses a field it does not take, with a 400 that names the field, and
writes nothing; the same request without that field goes through.

The table names every write operation of the OpenAPI schema (a test checks that), so a new
endpoint cannot be added without joining it. Actions that take no body count any field as unknown.
"""

import pytest
from django.db import connection
from drf_spectacular.generators import SchemaGenerator
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts import services as accounts
from challenges.models import Phase
from engagement import services as engagement
from ideas import services as ideas
from pilots import services as pilots
from tests.accounts.factories import UserFactory
from tests.challenges.factories import timeline
from tests.pilots.factories import ParticipantFactory
from tests.portal.api_world import World
from tests.portal.files import photo

UNKNOWN = "surely_not_a_field"
WRITES = {"post", "put", "patch", "delete"}


# Each case: the operation as the schema names it -> a function of the world that answers
# (who asks, the address, a body that the endpoint takes; None for actions without one).
CASES = {}


def case(operation: str):
    def register(function):
        CASES[operation] = function
        return function

    return register


# --- People and organizations -------------------------------------------------------------------


@case("POST /api/v1/auth/token/")
def _(w):
    return None, "/api/v1/auth/token/", {"email": w.resident.email, "password": "a-good-password-42"}


@case("DELETE /api/v1/auth/token/")
def _(w):
    Token.objects.create(user=w.resident)
    return w.resident, "/api/v1/auth/token/", None


@case("PATCH /api/v1/me/")
def _(w):
    return w.resident, "/api/v1/me/", {"name": "Aino V."}


@case("POST /api/v1/me/export/")
def _(w):
    return w.resident, "/api/v1/me/export/", None


@case("POST /api/v1/organizations/")
def _(w):
    return w.resident, "/api/v1/organizations/", {"name": "Repair café", "kind": "community"}


@case("PUT /api/v1/organizations/{id}/")
def _(w):
    return w.org_admin, f"/api/v1/organizations/{w.organization.pk}/", {"name": "Polku Oy", "kind": "company"}


@case("PATCH /api/v1/organizations/{id}/")
def _(w):
    return w.org_admin, f"/api/v1/organizations/{w.organization.pk}/", {"description": "Routes."}


@case("POST /api/v1/organizations/{id}/verify/")
def _(w):
    return w.official, f"/api/v1/organizations/{w.organization.pk}/verify/", None


@case("DELETE /api/v1/organizations/{id}/verify/")
def _(w):
    accounts.organization_verify(actor=w.official, organization=w.organization)
    return w.official, f"/api/v1/organizations/{w.organization.pk}/verify/", None


@case("POST /api/v1/organizations/{id}/invitations/")
def _(w):
    return (
        w.org_admin,
        f"/api/v1/organizations/{w.organization.pk}/invitations/",
        {"email": "new@example.org"},
    )


@case("DELETE /api/v1/organizations/{id}/invitations/{invitation_id}/")
def _(w):
    invitation = accounts.invitation_create(
        actor=w.org_admin, organization=w.organization, email="n@example.org"
    )
    return w.org_admin, f"/api/v1/organizations/{w.organization.pk}/invitations/{invitation.pk}/", None


@case("POST /api/v1/organizations/invitations/accept/")
def _(w):
    invitation = accounts.invitation_create(
        actor=w.org_admin, organization=w.organization, email=w.resident.email
    )
    token = accounts.invitation_token(invitation)
    return w.resident, "/api/v1/organizations/invitations/accept/", {"token": token}


@case("PUT /api/v1/organizations/{id}/logo/")
def _(w):
    return w.org_admin, f"/api/v1/organizations/{w.organization.pk}/logo/", {"logo": photo()}


@case("DELETE /api/v1/organizations/{id}/logo/")
def _(w):
    accounts.organization_update(actor=w.org_admin, organization=w.organization, logo=photo())
    return w.org_admin, f"/api/v1/organizations/{w.organization.pk}/logo/", None


@case("POST /api/v1/organizations/{id}/leave/")
def _(w):
    w.org_admin  # noqa: B018 - an administrator stays behind
    return w.org_member, f"/api/v1/organizations/{w.organization.pk}/leave/", None


@case("PATCH /api/v1/organizations/{id}/members/{user_id}/")
def _(w):
    path = f"/api/v1/organizations/{w.organization.pk}/members/{w.org_member.pk}/"
    return w.org_admin, path, {"role": "admin"}


@case("DELETE /api/v1/organizations/{id}/members/{user_id}/")
def _(w):
    return w.org_admin, f"/api/v1/organizations/{w.organization.pk}/members/{w.org_member.pk}/", None


# --- Notifications ------------------------------------------------------------------------------


@case("POST /api/v1/notifications/{id}/read/")
def _(w):
    return w.resident, f"/api/v1/notifications/{w.notify_resident().pk}/read/", None


@case("POST /api/v1/notifications/read-all/")
def _(w):
    w.notify_resident()
    return w.resident, "/api/v1/notifications/read-all/", None


@case("PATCH /api/v1/notifications/preferences/")
def _(w):
    return w.resident, "/api/v1/notifications/preferences/", [{"kind": "pilot.update", "frequency": "never"}]


# --- Ideas --------------------------------------------------------------------------------------


@case("POST /api/v1/ideas/")
def _(w):
    return w.resident, "/api/v1/ideas/", {"title": "Shade trees", "body": "Plant oaks."}


@case("PATCH /api/v1/ideas/{id}/")
def _(w):
    return w.resident, f"/api/v1/ideas/{w.idea(author=w.resident).pk}/", {"title": "Changed"}


@case("POST /api/v1/ideas/{id}/flag/")
def _(w):
    return w.resident, f"/api/v1/ideas/{w.idea().pk}/flag/", {"reason": "spam"}


@case("POST /api/v1/ideas/{id}/vote/")
def _(w):
    return w.resident, f"/api/v1/ideas/{w.idea().pk}/vote/", None


@case("DELETE /api/v1/ideas/{id}/vote/")
def _(w):
    idea = w.idea()
    engagement.vote_cast(actor=w.resident, target=idea)
    return w.resident, f"/api/v1/ideas/{idea.pk}/vote/", None


@case("POST /api/v1/ideas/{id}/follow/")
def _(w):
    return w.resident, f"/api/v1/ideas/{w.idea().pk}/follow/", None


@case("DELETE /api/v1/ideas/{id}/follow/")
def _(w):
    idea = w.idea()
    engagement.follow_start(actor=w.resident, target=idea)
    return w.resident, f"/api/v1/ideas/{idea.pk}/follow/", None


@case("POST /api/v1/ideas/{id}/updates/")
def _(w):
    idea = w.idea(author=w.resident)
    engagement.vote_cast(actor=UserFactory(), target=idea)  # updates follow the first vote
    return w.resident, f"/api/v1/ideas/{idea.pk}/updates/", {"body": "News"}


@case("POST /api/v1/ideas/{id}/status/")
def _(w):
    return (
        w.official,
        f"/api/v1/ideas/{w.idea().pk}/status/",
        {"status": "accepted", "answer_fi": "Kyllä.", "answer_sv": "Ja."},
    )


@case("POST /api/v1/ideas/{id}/merge/")
def _(w):
    return w.official, f"/api/v1/ideas/{w.idea().pk}/merge/", {"into": w.idea().pk}


@case("POST /api/v1/ideas/{id}/promote/")
def _(w):
    return w.official, f"/api/v1/ideas/{w.idea().pk}/promote/", None


def _idea_with_image(w):
    idea = w.idea(author=w.resident)
    return ideas.idea_set_image(actor=w.resident, idea=idea, image=photo(), image_alt="A bench.")


@case("PUT /api/v1/ideas/{id}/image/")
def _(w):
    return (
        w.resident,
        f"/api/v1/ideas/{w.idea(author=w.resident).pk}/image/",
        {"image": photo(), "alt": "A bench."},
    )


@case("DELETE /api/v1/ideas/{id}/image/")
def _(w):
    return w.resident, f"/api/v1/ideas/{_idea_with_image(w).pk}/image/", None


# --- Comments, votes, follows, moderation -------------------------------------------------------


@case("POST /api/v1/comments/")
def _(w):
    return w.resident, "/api/v1/comments/", {"item": f"idea:{w.idea().pk}", "body": "Hi"}


@case("PATCH /api/v1/comments/{id}/")
def _(w):
    return w.resident, f"/api/v1/comments/{w.comment(author=w.resident).pk}/", {"body": "Changed"}


@case("DELETE /api/v1/comments/{id}/")
def _(w):
    return w.resident, f"/api/v1/comments/{w.comment(author=w.resident).pk}/", None


@case("POST /api/v1/comments/{id}/flag/")
def _(w):
    return w.resident, f"/api/v1/comments/{w.comment().pk}/flag/", {"reason": "spam"}


@case("POST /api/v1/comments/{id}/like/")
def _(w):
    return w.resident, f"/api/v1/comments/{w.comment().pk}/like/", None


@case("DELETE /api/v1/comments/{id}/like/")
def _(w):
    comment = w.comment()
    engagement.comment_like(actor=w.resident, comment=comment)
    return w.resident, f"/api/v1/comments/{comment.pk}/like/", None


@case("POST /api/v1/votes/")
def _(w):
    return w.resident, "/api/v1/votes/", {"item": f"idea:{w.idea().pk}"}


@case("DELETE /api/v1/votes/{item}/")
def _(w):
    idea = w.idea()
    engagement.vote_cast(actor=w.resident, target=idea)
    return w.resident, f"/api/v1/votes/idea:{idea.pk}/", None


@case("POST /api/v1/follows/")
def _(w):
    return w.resident, "/api/v1/follows/", {"item": f"idea:{w.idea().pk}"}


@case("DELETE /api/v1/follows/{item}/")
def _(w):
    idea = w.idea()
    engagement.follow_start(actor=w.resident, target=idea)
    return w.resident, f"/api/v1/follows/idea:{idea.pk}/", None


@case("POST /api/v1/moderation/{item}/hide/")
def _(w):
    return w.moderator, f"/api/v1/moderation/comment:{w.comment().pk}/hide/", {"reason": "Rude."}


@case("POST /api/v1/moderation/{item}/restore/")
def _(w):
    idea = w.idea()
    engagement.moderation_hide(actor=w.moderator, target=idea, reason="Checking.")
    return w.moderator, f"/api/v1/moderation/idea:{idea.pk}/restore/", {"reason": "Fine."}


# --- Challenges ---------------------------------------------------------------------------------


@case("POST /api/v1/challenges/")
def _(w):
    dates = {name: value.isoformat() for name, value in timeline(Phase.UPCOMING).items()}
    payload = {"title": "Quieter streets", "summary": "Less noise.", "description": "At night.",
               "department": "Urban Environment", **dates}  # fmt: skip
    return w.official, "/api/v1/challenges/", payload


@case("PATCH /api/v1/challenges/{id}/")
def _(w):
    return w.official, f"/api/v1/challenges/{w.open_challenge.pk}/", {"summary": "Changed."}


@case("POST /api/v1/challenges/{id}/publish/")
def _(w):
    return w.official, f"/api/v1/challenges/{w.challenge(Phase.DRAFT).pk}/publish/", None


@case("POST /api/v1/challenges/{id}/close/")
def _(w):
    return w.official, f"/api/v1/challenges/{w.open_challenge.pk}/close/", None


@case("POST /api/v1/challenges/{id}/curators/")
def _(w):
    colleague = UserFactory(is_official=True)
    return w.official, f"/api/v1/challenges/{w.open_challenge.pk}/curators/", {"email": colleague.email}


@case("DELETE /api/v1/challenges/{id}/curators/{user_id}/")
def _(w):
    colleague = UserFactory(is_official=True)
    w.open_challenge.curators.add(colleague)
    return w.official, f"/api/v1/challenges/{w.open_challenge.pk}/curators/{colleague.pk}/", None


@case("POST /api/v1/challenges/{id}/evaluators/")
def _(w):
    expert = UserFactory()
    return w.official, f"/api/v1/challenges/{w.open_challenge.pk}/evaluators/", {"email": expert.email}


@case("DELETE /api/v1/challenges/{id}/evaluators/{user_id}/")
def _(w):
    return w.official, f"/api/v1/challenges/{w.open_challenge.pk}/evaluators/{w.evaluator.pk}/", None


# --- Pilots -------------------------------------------------------------------------------------


@case("POST /api/v1/pilots/")
def _(w):
    return w.resident, "/api/v1/pilots/", {"challenge": w.open_challenge.pk, "title": "Night buses"}


@case("PATCH /api/v1/pilots/{id}/")
def _(w):
    pilot = w.pilot("draft")
    return w.lead, f"/api/v1/pilots/{pilot.pk}/", {"version": pilot.version, "summary": "Changed."}


@case("PATCH /api/v1/pilots/{id}/data-statement/")
def _(w):
    pilot = w.pilot("running")
    return w.lead, f"/api/v1/pilots/{pilot.pk}/data-statement/", {"version": pilot.version, "capacity": 20}


@case("POST /api/v1/pilots/{id}/kpis/")
def _(w):
    return w.lead, f"/api/v1/pilots/{w.pilot('draft').pk}/kpis/", {"name": "Riders", "target": "40"}


@case("PATCH /api/v1/pilots/{id}/kpis/{kpi_id}/")
def _(w):
    pilot = w.pilot("draft")
    return w.lead, f"/api/v1/pilots/{pilot.pk}/kpis/{pilot.kpis.get().pk}/", {"target": "45"}


@case("DELETE /api/v1/pilots/{id}/kpis/{kpi_id}/")
def _(w):
    pilot = w.pilot("draft")
    return w.lead, f"/api/v1/pilots/{pilot.pk}/kpis/{pilot.kpis.get().pk}/", None


@case("POST /api/v1/pilots/{id}/attachments/")
def _(w):
    return w.lead, f"/api/v1/pilots/{w.pilot('draft').pk}/attachments/", {"file": photo()}


@case("DELETE /api/v1/pilots/{id}/attachments/{attachment_id}/")
def _(w):
    pilot = w.pilot("draft")
    attachment = pilots.attachment_add(actor=w.lead, pilot=pilot, file=photo())
    return w.lead, f"/api/v1/pilots/{pilot.pk}/attachments/{attachment.pk}/", None


@case("POST /api/v1/pilots/{id}/team/")
def _(w):
    return w.lead, f"/api/v1/pilots/{w.pilot('draft').pk}/team/", {"email": UserFactory().email}


@case("DELETE /api/v1/pilots/{id}/team/{user_id}/")
def _(w):
    return w.lead, f"/api/v1/pilots/{w.pilot('draft').pk}/team/{w.team_member.pk}/", None


@case("POST /api/v1/pilots/{id}/submit/")
def _(w):
    return w.lead, f"/api/v1/pilots/{w.pilot('draft').pk}/submit/", None


@case("POST /api/v1/pilots/{id}/start-review/")
def _(w):
    return w.official, f"/api/v1/pilots/{w.pilot('submitted').pk}/start-review/", None


@case("POST /api/v1/pilots/{id}/shortlist/")
def _(w):
    return w.official, f"/api/v1/pilots/{w.pilot('in_review').pk}/shortlist/", {"note": "Strong."}


@case("POST /api/v1/pilots/{id}/decide/")
def _(w):
    payload = {"decision": "decline", "reason": "Not this time."}
    return w.official, f"/api/v1/pilots/{w.pilot('in_review').pk}/decide/", payload


@case("POST /api/v1/pilots/{id}/reviews/")
def _(w):
    return w.evaluator, f"/api/v1/pilots/{w.pilot('in_review').pk}/reviews/", {"conflict": False}


@case("POST /api/v1/pilots/{id}/start/")
def _(w):
    return w.lead, f"/api/v1/pilots/{w.pilot('accepted').pk}/start/", None


@case("POST /api/v1/pilots/{id}/updates/")
def _(w):
    return w.lead, f"/api/v1/pilots/{w.pilot('running').pk}/updates/", {"title": "Week 1", "body": "Going."}


@case("POST /api/v1/pilots/{id}/results/")
def _(w):
    pilot = w.pilot("running")
    payload = {
        "outcomes": [{"kpi": kpi.pk, "outcome": "120"} for kpi in pilot.kpis.all()],
        "learnings": "Neighbours like sharing.",
        "learnings_fi": "Naapurit jakavat mielellään.",
        "learnings_sv": "Grannar delar gärna.",
        "next_step": "scale_up",
    }
    return w.lead, f"/api/v1/pilots/{pilot.pk}/results/", payload


@case("POST /api/v1/pilots/{id}/discontinue/")
def _(w):
    return w.lead, f"/api/v1/pilots/{w.pilot('running').pk}/discontinue/", {"reason": "Funding ended."}


@case("POST /api/v1/pilots/{id}/participants/")
def _(w):
    return w.resident, f"/api/v1/pilots/{w.pilot('running').pk}/participants/", {"consent": True}


@case("DELETE /api/v1/pilots/{id}/participants/")
def _(w):
    pilot = w.pilot("running")
    ParticipantFactory(pilot=pilot, user=w.resident)
    return w.resident, f"/api/v1/pilots/{pilot.pk}/participants/", None


# --- The checks ---------------------------------------------------------------------------------


def database_state() -> dict[str, str]:
    """A fingerprint of every table's rows, to tell that a refused request wrote nothing."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        # The table names are the database's own, quoted; nothing here comes from a request.
        rows = "SELECT %s, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {} t"
        query = " UNION ALL ".join(rows.format(connection.ops.quote_name(name)) for name in tables)
        cursor.execute(query, tables)
        return dict(cursor.fetchall())


def with_unknown_field(payload):
    if isinstance(payload, list):
        return [{**item, UNKNOWN: "x"} for item in payload]
    return {**(payload or {}), UNKNOWN: "x"}


def send(api, method: str, path: str, payload):
    """JSON, or `multipart/form-data` when the body carries a file (read from its start each time)."""
    files = (
        [value for value in (payload or {}).values() if hasattr(value, "read")]
        if isinstance(payload, dict)
        else []
    )
    for file in files:
        file.seek(0)
    return getattr(api, method)(path, payload, format="multipart" if files else "json")


def client(actor) -> APIClient:
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if actor is not None:
        api.force_authenticate(actor)
    return api


def test_every_write_operation_of_the_schema_is_here():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    writes = {
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
        if method in WRITES
    }
    assert writes == set(CASES)


@pytest.mark.parametrize("operation", CASES)
def test_a_field_the_endpoint_does_not_take_is_refused_and_nothing_is_written(db, operation):
    actor, path, payload = CASES[operation](World())
    method = operation.split()[0].lower()
    api = client(actor)
    before = database_state()
    response = send(api, method, path, with_unknown_field(payload))
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid" and body["fields"] == {UNKNOWN: ["This field is not known here."]}
    assert database_state() == before
    # The same request without the field goes through: the field alone was the trouble.
    response = send(api, method, path, payload)
    assert 200 <= response.status_code < 300, response.content
    assert database_state() != before


@pytest.mark.parametrize(
    ("operation", "nest"),
    [
        ("POST /api/v1/pilots/{id}/results/", lambda payload: payload["outcomes"][0]),
        ("POST /api/v1/notifications/read-all/", None),
    ],
)
def test_nested_items_are_held_to_their_fields_too(db, operation, nest):
    actor, path, payload = CASES[operation](World())
    if nest is None:
        payload = ["a", "list"]
    else:
        nest(payload)[UNKNOWN] = "x"
    before = database_state()
    response = getattr(client(actor), operation.split()[0].lower())(path, payload, format="json")
    assert response.status_code == 400, response.content
    assert database_state() == before


def test_a_criterion_with_a_field_it_does_not_take_is_refused(db):
    world = World()
    actor, path, payload = CASES["POST /api/v1/challenges/"](world)
    payload["criteria"] = [{"name": "Impact", "weight": 3, "colour": "red"}]
    response = client(actor).post(path, payload, format="json")
    assert response.status_code == 400
    assert response.json()["fields"] == {"criteria": ["This field is not known here."]}


def test_the_refusal_speaks_the_requested_language(db):
    world = World()
    api = client(world.resident)
    answers = {
        language: api.patch("/api/v1/me/", {"nmae": "x"}, format="json", HTTP_ACCEPT_LANGUAGE=language).json()
        for language in ("en", "fi", "sv")
    }
    assert answers["en"]["fields"] == {"nmae": ["This field is not known here."]}
    messages = {language: answer["fields"]["nmae"][0] for language, answer in answers.items()}
    assert len(set(messages.values())) == 3, messages
    assert len({answer["detail"] for answer in answers.values()}) == 3
