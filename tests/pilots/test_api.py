"""The pilots API: every endpoint for every role, confidentiality in lists and items, each step's
input, and the list's cost."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from challenges.models import Challenge, Phase
from pilots.models import KPI, Participant, Pilot, Review, TeamMember
from tests.accounts.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.challenges.factories import ChallengeFactory
from tests.pilots.factories import ParticipantFactory, PilotFactory, ProgressUpdateFactory, ReviewFactory

ROLES = ["visitor", "resident", "lead", "member", "other_org", "curator", "evaluator", "administrator"]
SIGNED_IN = set(ROLES) - {"visitor"}
TEAM = {"lead", "member"}
CURATING = {"curator", "administrator"}
CONFIDENTIAL = ["submitted", "in_review", "shortlisted", "declined"]
PUBLIC = ["accepted", "running", "completed", "discontinued"]


def sees(role: str, status: str) -> bool:
    """Who may see a pilot in each status, as `pilots.view_pilot` says."""
    if status in PUBLIC:
        return True
    if status == "draft":
        return role in TEAM | {"administrator"}
    return role in TEAM | CURATING | {"evaluator"}


@pytest.fixture
def api():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def people(curator, evaluator, organization):
    return {
        "visitor": None,
        "resident": UserFactory(name="Aino Resident"),
        "lead": MembershipFactory(organization=organization).user,
        "member": UserFactory(name="Mikko Member"),
        "other_org": MembershipFactory(organization=OrganizationFactory()).user,
        "curator": curator,
        "evaluator": evaluator,
        "administrator": UserFactory(is_superuser=True, is_staff=True),
    }


@pytest.fixture
def make_pilot(challenge, people, organization):
    def make(status="draft", **kwargs):
        kwargs.setdefault("challenge", challenge)
        return PilotFactory(
            status=status,
            organization=organization,
            created_by=people["lead"],
            team=[people["member"]],
            **kwargs,
        )

    return make


def as_role(api, people, role):
    if people[role] is not None:
        api.force_authenticate(people[role])
    return api


# --- Every endpoint × role ----------------------------------------------------------------------


def results_payload(pilot):
    return {
        "outcomes": [{"kpi": kpi.pk, "outcome": "120"} for kpi in pilot.kpis.all()],
        "learnings": "Neighbours like sharing.",
        "learnings_fi": "Naapurit jakavat mielellään.",
        "learnings_sv": "Grannar delar gärna.",
        "next_step": "scale_up",
    }


# name: (method, path suffix, payload, the pilot's status, allowed roles, success status)
ACTIONS = {
    "list": ("get", "", None, "draft", set(ROLES), 200),
    "retrieve draft": ("get", "{id}/", None, "draft", TEAM | {"administrator"}, 200),
    "retrieve proposal": ("get", "{id}/", None, "in_review", TEAM | CURATING | {"evaluator"}, 200),
    "retrieve public": ("get", "{id}/", None, "running", set(ROLES), 200),
    "create": ("post", "", "new", None, {"resident", "lead", "member", "other_org", "administrator"}, 201),
    "update": ("patch", "{id}/", "version", "draft", TEAM, 200),
    "add kpi": ("post", "{id}/kpis/", {"name": "Riders", "target": "40"}, "draft", TEAM, 201),
    "change kpi": ("patch", "{id}/kpis/{kpi}/", {"target": "45"}, "draft", TEAM, 200),
    "remove kpi": ("delete", "{id}/kpis/{kpi}/", None, "draft", TEAM, 204),
    "add to team": ("post", "{id}/team/", {"email": "new@example.org"}, "draft", TEAM, 201),
    "remove from team": ("delete", "{id}/team/{member}/", None, "draft", TEAM, 204),
    "submit": ("post", "{id}/submit/", None, "draft", TEAM, 200),
    "start review": ("post", "{id}/start-review/", None, "submitted", CURATING, 200),
    "shortlist": ("post", "{id}/shortlist/", {"note": "Strong."}, "in_review", CURATING, 200),
    "decide": ("post", "{id}/decide/", {"decision": "decline", "reason": "No."}, "in_review", CURATING, 200),
    "reviews": ("get", "{id}/reviews/", None, "in_review", CURATING | {"evaluator"}, 200),
    "review": ("post", "{id}/reviews/", {"conflict": False}, "in_review", {"evaluator"}, 200),
    "start": ("post", "{id}/start/", None, "accepted", TEAM | CURATING, 200),
    "updates": ("get", "{id}/updates/", None, "running", set(ROLES), 200),
    "post update": ("post", "{id}/updates/", {"title": "Week 1", "body": "Going."}, "running", TEAM, 201),
    "results": ("post", "{id}/results/", results_payload, "running", TEAM, 200),
    "discontinue": ("post", "{id}/discontinue/", {"reason": "Funding."}, "running", TEAM | CURATING, 200),
    "data statement": ("patch", "{id}/data-statement/", "version", "running", TEAM, 200),
    "sign up": ("post", "{id}/participants/", {"consent": True}, "running", SIGNED_IN, 201),
    "withdraw": ("delete", "{id}/participants/", None, "running", SIGNED_IN, 204),
}
PUBLIC_READS = {"list", "retrieve draft", "retrieve proposal", "retrieve public", "updates"}
# Allowed to ask, refused with the reason (400): curators and evaluators do not propose to their
# own challenge.
REFUSED_WITH_REASON = {("create", "curator"), ("create", "evaluator")}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_every_endpoint_for_every_role(api, people, challenge, make_pilot, role, action):
    UserFactory(email="new@example.org")
    method, suffix, payload, status, allowed, success = ACTIONS[action]
    pilot = make_pilot(status or "draft")
    if action == "withdraw" and people[role] is not None:
        ParticipantFactory(pilot=pilot, user=people[role])
    if payload == "new":
        payload = {"challenge": challenge.pk, "title": "Night buses on demand"}
    elif payload == "version":
        changes = {"capacity": 20} if action == "data statement" else {"summary": "Changed."}
        payload = {"version": pilot.version, **changes}
    elif callable(payload):
        payload = payload(pilot)
    path = "/api/v1/pilots/" + suffix.format(
        id=pilot.pk, kpi=pilot.kpis.first().pk, member=people["member"].pk
    )
    response = getattr(as_role(api, people, role), method)(path, payload, format="json")
    if (action, role) in REFUSED_WITH_REASON:
        assert response.status_code == 400, response.content
        assert "curate or evaluate" in str(response.json()["fields"])
    elif role in allowed:
        assert response.status_code == success, response.content
    elif role == "visitor" and action not in PUBLIC_READS:
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"
    elif status and not sees(role, status):
        assert response.status_code == 404, response.content  # not there for them, on any address
        assert response.json()["code"] == "not_found"
    else:
        assert response.status_code == 403, response.content
        assert response.json()["code"] == "permission_denied"


# --- Confidentiality ----------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["draft", *CONFIDENTIAL, *PUBLIC])
def test_lists_and_items_show_a_pilot_to_those_who_may_see_it_only(api, people, make_pilot, status):
    pilot = make_pilot(status)
    for role in ROLES:
        api.force_authenticate(people[role])
        listed = {item["id"] for item in api.get("/api/v1/pilots/").json()["results"]}
        item = api.get(f"/api/v1/pilots/{pilot.pk}/")
        assert (pilot.pk in listed) == sees(role, status), role
        assert item.status_code == (200 if sees(role, status) else 404), role
        for suffix in ("updates/", "reviews/", "participants/", "decide/"):
            method = api.get if suffix in ("updates/", "reviews/") else api.post
            response = method(f"/api/v1/pilots/{pilot.pk}/{suffix}", format="json")
            if not sees(role, status) and people[role] is not None:
                assert response.status_code == 404, (role, suffix)


def test_an_evaluator_of_another_challenge_sees_no_proposal(api, make_pilot, people):
    pilot = make_pilot("in_review")
    elsewhere = UserFactory()
    other = ChallengeFactory(phase=Phase.PROPOSALS)
    other.appointments.create(evaluator=elsewhere)
    api.force_authenticate(elsewhere)
    assert api.get(f"/api/v1/pilots/{pilot.pk}/").status_code == 404
    assert api.get("/api/v1/pilots/").json()["count"] == 0


def test_an_item_carries_what_its_page_shows(api, make_pilot, organization):
    pilot = make_pilot("running")
    ParticipantFactory(pilot=pilot)
    ProgressUpdateFactory(pilot=pilot, title="Week 1")
    body = api.get(f"/api/v1/pilots/{pilot.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["id"] == pilot.pk and body["title"] == pilot.title and body["status"] == "running"
    assert body["url"] == f"http://testserver/en/pilots/{pilot.pk}/"
    assert body["challenge"] == pilot.challenge_id
    assert (
        body["organization"]["id"] == organization.pk and body["organization"]["title"] == organization.name
    )
    assert body["participant_count"] == 1 and body["capacity"] == 10
    assert body["kpis"][0]["name"] == "Car trips replaced 0" and body["kpis"][0]["target"] == "100.00"
    assert body["data_statement"]["legal_basis"] == "consent" and body["data_statement"]["version"] == 1
    assert [member["role"] for member in body["team"]] == ["lead", "member"]
    assert body["results"] is None
    updates = api.get(f"/api/v1/pilots/{pilot.pk}/updates/").json()
    assert [update["title"] for update in updates["results"]] == ["Week 1"]


def test_the_decision_reason_is_for_the_team_and_curators(api, people, make_pilot):
    pilot = make_pilot("accepted", decision_reason="Strong on impact.")
    for role, reason in (("lead", "Strong on impact."), ("curator", "Strong on impact."), ("resident", None)):
        api.force_authenticate(people[role])
        assert api.get(f"/api/v1/pilots/{pilot.pk}/").json()["decision_reason"] == reason


# --- The list -----------------------------------------------------------------------------------


@pytest.mark.filterwarnings("error::django.core.paginator.UnorderedObjectListWarning")
def test_filters_search_and_ordering(api, people, make_pilot, challenge):
    draft = make_pilot("draft", title="Bike lanes")
    running = make_pilot("running", title="Air sensors")
    elsewhere = PilotFactory(status="accepted", title="Quiet parks")
    api.force_authenticate(people["lead"])

    def ids(query):
        response = api.get(f"/api/v1/pilots/?{query}")
        assert response.status_code == 200, response.content
        return [item["id"] for item in response.json()["results"]]

    assert set(ids(f"challenge={challenge.pk}")) == {draft.pk, running.pk}
    assert ids("status=draft") == [draft.pk]
    assert set(ids("status=draft&status=running")) == {draft.pk, running.pk}
    assert set(ids("mine=true")) == {draft.pk, running.pk}
    assert ids("mine=false") == [elsewhere.pk]
    assert ids("search=sensors") == [running.pk]
    assert ids("ordering=title") == [running.pk, draft.pk, elsewhere.pk]
    api.force_authenticate(None)
    assert ids("mine=true") == []
    response = api.get("/api/v1/pilots/?status=approved")
    assert response.status_code == 400 and list(response.json()["fields"]) == ["status"]
    assert api.get("/api/v1/pilots/?challenge=abc").status_code == 400


@pytest.mark.filterwarnings("error::django.core.paginator.UnorderedObjectListWarning")
@pytest.mark.parametrize("count", [5, 30])
@pytest.mark.parametrize("role", ["visitor", "curator", "evaluator", "lead", "administrator"])
def test_the_list_costs_the_same_few_queries_whatever_its_length(
    api, people, make_pilot, count, role, django_assert_max_num_queries
):
    statuses = ["draft", "submitted", "in_review", "running", "completed"]
    for n in range(count):
        pilot = make_pilot(statuses[n % len(statuses)], kpis=2)
        ParticipantFactory(pilot=pilot) if pilot.is_public else None
    api.force_authenticate(people[role])
    with django_assert_max_num_queries(3):  # count, page, KPIs
        body = api.get("/api/v1/pilots/?page_size=100").json()
    assert body["count"] == sum(sees(role, statuses[n % len(statuses)]) for n in range(count))
    with django_assert_max_num_queries(3):
        api.get("/api/v1/pilots/?status=running&ordering=-decided_at&search=Pilot&mine=true")


@pytest.mark.parametrize("path", ["abc", "0", "-1", "99999999999999999999", "1.0"])
def test_an_address_that_names_no_pilot_is_a_json_404(api, db, path):
    for suffix in ("", "updates/", "submit/"):
        response = api.get(f"/api/v1/pilots/{path}/{suffix}")
        assert response.status_code in (404, 401), response.content
        assert response.json()["code"] in ("not_found", "not_authenticated")


# --- Drafts -------------------------------------------------------------------------------------


def test_a_resident_proposes_adds_a_kpi_and_submits(api, people, challenge, organization):
    api.force_authenticate(people["lead"])
    response = api.post(
        "/api/v1/pilots/",
        {"challenge": challenge.pk, "organization": organization.pk, "title": "Ride sharing"},
        format="json",
    )
    assert response.status_code == 201, response.content
    pilot = response.json()
    assert pilot["status"] == "draft" and pilot["team"][0]["id"] == people["lead"].pk
    submit = api.post(f"/api/v1/pilots/{pilot['id']}/submit/")
    assert submit.status_code == 400 and "Fill in these" in submit.json()["fields"]["non_field_errors"][0]
    fields = {
        "summary": "Neighbours share rides.", "problem": "Full buses.", "solution": "Shared routes.",
        "test_site": "Keilaniemi", "schedule": "Autumn", "resident_involvement": "They ride.",
        "collects_personal_data": False, "data_contact": "privacy@example.org", "budget_requested": "15000",
    }  # fmt: skip
    response = api.patch(
        f"/api/v1/pilots/{pilot['id']}/", {"version": pilot["version"], **fields}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == pilot["version"] + 1
    kpi = api.post(
        f"/api/v1/pilots/{pilot['id']}/kpis/", {"name": "Riders", "unit": "", "target": 40}, format="json"
    )
    assert kpi.status_code == 201 and kpi.json()["target"] == "40.00"
    response = api.post(f"/api/v1/pilots/{pilot['id']}/submit/")
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    # Submitted: no longer a draft to edit.
    response = api.patch(f"/api/v1/pilots/{pilot['id']}/", {"version": 3, "title": "New"}, format="json")
    assert response.status_code == 400 and "can no longer be edited" in str(response.json()["fields"])


def test_a_stale_version_is_a_409_that_says_someone_else_saved(api, people, make_pilot):
    pilot = make_pilot("draft")
    api.force_authenticate(people["lead"])
    first = api.patch(
        f"/api/v1/pilots/{pilot.pk}/", {"version": pilot.version, "title": "Mine"}, format="json"
    )
    assert first.status_code == 200
    api.force_authenticate(people["member"])
    second = api.patch(
        f"/api/v1/pilots/{pilot.pk}/", {"version": pilot.version, "title": "Theirs"}, format="json"
    )
    assert second.status_code == 409
    assert second.json()["code"] == "stale" and "Someone else saved" in second.json()["detail"]
    pilot.refresh_from_db()
    assert pilot.title == "Mine"
    missing = api.patch(f"/api/v1/pilots/{pilot.pk}/", {"title": "No version"}, format="json")
    assert missing.status_code == 400 and list(missing.json()["fields"]) == ["version"]


@pytest.mark.parametrize(
    ("payload", "fields"),
    [
        ({"challenge": 999999}, {"challenge"}),
        ({"challenge": "abc"}, {"challenge"}),
        ({"challenge": None}, {"challenge"}),
        ({"title": ""}, {"title"}),
        ({"title": "x" * 201}, {"title"}),
        ({"budget_requested": "a lot"}, {"budget_requested"}),
        ({"budget_requested": "-5"}, {"budget_requested"}),
        ({"budget_requested": "25000"}, {"budget_requested"}),  # over the challenge's most per pilot
        ({"capacity": -1}, {"capacity"}),
        ({"capacity": "many"}, {"capacity"}),
        ({"legal_basis": "whim"}, {"legal_basis"}),
        ({"collects_personal_data": "perhaps"}, {"collects_personal_data"}),
        ({"organization": 999999}, {"organization"}),
        ({"status": "accepted"}, {"status"}),
        ({"version": 7}, {"version"}),
        ({"summary": "x" * 1001}, {"summary"}),
    ],
)
def test_bad_input_to_create_is_a_400_that_names_the_field_and_writes_nothing(
    api, people, challenge, payload, fields
):
    api.force_authenticate(people["resident"])
    response = api.post(
        "/api/v1/pilots/", {"challenge": challenge.pk, "title": "Fine", **payload}, format="json"
    )
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid" and set(response.json()["fields"]) == fields
    assert not Pilot.objects.exists()


def test_a_challenge_not_taking_proposals_or_not_visible_is_refused_alike(api, people, curator):
    api.force_authenticate(people["resident"])
    draft = ChallengeFactory(phase=Phase.DRAFT, curators=[curator])
    missing = api.post("/api/v1/pilots/", {"challenge": 999999, "title": "x"}, format="json").json()
    hidden = api.post("/api/v1/pilots/", {"challenge": draft.pk, "title": "x"}, format="json").json()
    assert hidden["fields"]["challenge"][0] == missing["fields"]["challenge"][0].replace(
        "999999", str(draft.pk)
    )
    closed = ChallengeFactory(phase=Phase.EVALUATION)
    response = api.post("/api/v1/pilots/", {"challenge": closed.pk, "title": "x"}, format="json")
    assert response.status_code == 400 and "closed on" in response.json()["fields"]["non_field_errors"][0]


def test_proposing_for_an_organization_one_is_not_in_is_refused(api, people, challenge, organization):
    api.force_authenticate(people["other_org"])
    response = api.post(
        "/api/v1/pilots/",
        {"challenge": challenge.pk, "organization": organization.pk, "title": "x"},
        format="json",
    )
    assert response.status_code == 403 and not Pilot.objects.exists()


@pytest.mark.parametrize("body", ["{not json", "[]", "null", '"text"', '{"title": ["a"]}'])
def test_malformed_or_mistyped_json_is_a_400(api, people, make_pilot, body):
    pilot = make_pilot("draft")
    api.force_authenticate(people["lead"])
    for method, path in (
        (api.post, "/api/v1/pilots/"),
        (api.patch, f"/api/v1/pilots/{pilot.pk}/"),
        (api.post, f"/api/v1/pilots/{pilot.pk}/kpis/"),
        (api.post, f"/api/v1/pilots/{pilot.pk}/decide/"),
        (api.post, f"/api/v1/pilots/{pilot.pk}/reviews/"),
        (api.post, f"/api/v1/pilots/{pilot.pk}/results/"),
    ):
        response = method(path, body, content_type="application/json")
        assert response.status_code in (400, 403), (path, response.content)
        assert response.json()["code"] in ("parse_error", "invalid", "permission_denied")


def test_the_team_manages_kpis_and_members(api, people, make_pilot):
    pilot = make_pilot("draft")
    kpi = pilot.kpis.get()
    api.force_authenticate(people["lead"])
    response = api.patch(f"/api/v1/pilots/{pilot.pk}/kpis/{kpi.pk}/", {"target": "55.5"}, format="json")
    assert response.status_code == 200 and response.json()["target"] == "55.50"
    assert response.json()["name"] == kpi.name
    other = PilotFactory(status="draft", created_by=people["lead"]).kpis.get()
    assert (
        api.patch(f"/api/v1/pilots/{pilot.pk}/kpis/{other.pk}/", {"target": 1}, format="json").status_code
        == 404
    )
    assert api.delete(f"/api/v1/pilots/{pilot.pk}/kpis/abc/").status_code == 404
    nobody = api.post(f"/api/v1/pilots/{pilot.pk}/team/", {"email": "nobody@example.org"}, format="json")
    assert nobody.status_code == 400 and "email" in nobody.json()["fields"]
    lead = api.delete(f"/api/v1/pilots/{pilot.pk}/team/{people['lead'].pk}/")
    assert lead.status_code == 400 and "lead" in lead.json()["fields"]["non_field_errors"][0]
    assert api.delete(f"/api/v1/pilots/{pilot.pk}/team/{people['resident'].pk}/").status_code == 404
    # A member who leaves a confidential proposal can no longer see it.
    api.force_authenticate(people["member"])
    assert api.delete(f"/api/v1/pilots/{pilot.pk}/team/{people['member'].pk}/").status_code == 204
    api.force_authenticate(User.objects.get(pk=people["member"].pk))  # as the next request loads them
    assert api.get(f"/api/v1/pilots/{pilot.pk}/").status_code == 404
    assert not TeamMember.objects.filter(pilot=pilot, user=people["member"]).exists()


# --- Selection ----------------------------------------------------------------------------------


def test_declining_needs_a_reason_and_accepting_waits_for_the_deadline(api, people, make_pilot):
    pilot = make_pilot("in_review")
    api.force_authenticate(people["curator"])
    response = api.post(f"/api/v1/pilots/{pilot.pk}/decide/", {"decision": "decline"}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["fields"]
    response = api.post(f"/api/v1/pilots/{pilot.pk}/decide/", {"decision": "accept"}, format="json")
    assert response.status_code == 400 and "after they close" in str(response.json()["fields"])
    response = api.post(f"/api/v1/pilots/{pilot.pk}/decide/", {"decision": "maybe"}, format="json")
    assert response.status_code == 400 and "decision" in response.json()["fields"]
    response = api.post(f"/api/v1/pilots/{pilot.pk}/start-review/")
    assert response.status_code == 400 and "Only a submitted proposal" in str(response.json()["fields"])
    pilot.refresh_from_db()
    assert pilot.status == "in_review"


def test_a_curator_accepts_after_the_deadline_and_the_pilot_becomes_public(
    api, people, make_pilot, evaluation_challenge
):
    pilot = make_pilot("shortlisted", challenge=evaluation_challenge)
    api.force_authenticate(people["resident"])
    assert api.get(f"/api/v1/pilots/{pilot.pk}/").status_code == 404
    api.force_authenticate(people["curator"])
    response = api.post(
        f"/api/v1/pilots/{pilot.pk}/decide/", {"decision": "accept", "reason": "Best fit."}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    assert response.json()["decision_reason"] == "Best fit."
    api.force_authenticate(people["resident"])
    assert api.get(f"/api/v1/pilots/{pilot.pk}/").json()["decision_reason"] is None


# --- Reviews ------------------------------------------------------------------------------------


def scores_for(challenge, score=4):
    return [{"criterion": criterion.pk, "score": score} for criterion in challenge.criteria.all()]


def test_an_evaluator_declares_and_scores_in_one_request_and_curators_read_it(
    api, people, make_pilot, evaluation_challenge
):
    pilot = make_pilot("in_review", challenge=evaluation_challenge)
    api.force_authenticate(people["evaluator"])
    assert api.get(f"/api/v1/pilots/{pilot.pk}/reviews/").json() == []
    response = api.post(
        f"/api/v1/pilots/{pilot.pk}/reviews/",
        {"conflict": False, "scores": scores_for(evaluation_challenge), "comment": "Solid."},
        format="json",
    )
    assert response.status_code == 200, response.content
    review = response.json()
    assert review["submitted_at"] and not review["conflict_of_interest"]
    assert sorted(score["score"] for score in review["scores"]) == [4, 4]
    again = api.post(
        f"/api/v1/pilots/{pilot.pk}/reviews/", {"scores": scores_for(evaluation_challenge, 1)}, format="json"
    )
    assert again.status_code == 400 and "already reviewed" in str(again.json()["fields"])
    api.force_authenticate(people["curator"])
    reviews = api.get(f"/api/v1/pilots/{pilot.pk}/reviews/").json()
    assert [(r["evaluator"], r["comment"]) for r in reviews] == [(people["evaluator"].pk, "Solid.")]
    api.force_authenticate(people["lead"])
    assert api.get(f"/api/v1/pilots/{pilot.pk}/reviews/").status_code == 403


def test_an_evaluator_sees_only_their_own_review(api, people, make_pilot, evaluation_challenge):
    pilot = make_pilot("in_review", challenge=evaluation_challenge)
    colleague = UserFactory(is_official=True)
    evaluation_challenge.appointments.create(evaluator=colleague)
    ReviewFactory(pilot=pilot, evaluator=colleague, comment="Theirs")
    api.force_authenticate(people["evaluator"])
    assert api.get(f"/api/v1/pilots/{pilot.pk}/reviews/").json() == []


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "non_field_errors"),
        ({"conflict": "sometimes"}, "conflict"),
        ({"conflict": False, "scores": [{"criterion": 1, "score": 9}]}, "scores"),
        ({"conflict": False, "scores": [{"criterion": 1, "score": "four"}]}, "scores"),
        ({"conflict": False, "scores": "4"}, "scores"),
        ({"conflict": False, "scores": "duplicate"}, "scores"),
        ({"conflict": False, "scores": "one missing"}, "non_field_errors"),
        ({"conflict": False, "scores": "unknown criterion"}, "non_field_errors"),
        ({"conflict": True, "scores": "all"}, "non_field_errors"),  # a conflicted evaluator does not score
        ({"scores": "all"}, "non_field_errors"),  # no declaration yet
    ],
)
def test_bad_reviews_are_400s_and_leave_nothing_behind(
    api, people, make_pilot, evaluation_challenge, payload, field
):
    pilot = make_pilot("in_review", challenge=evaluation_challenge)
    criteria = list(evaluation_challenge.criteria.all())
    scores = {
        "duplicate": [{"criterion": criteria[0].pk, "score": 3}] * 2,
        "one missing": [{"criterion": criteria[0].pk, "score": 3}],
        "unknown criterion": [*scores_for(evaluation_challenge), {"criterion": 999999, "score": 3}],
        "all": scores_for(evaluation_challenge),
    }
    if isinstance(payload.get("scores"), str) and payload["scores"] in scores:
        payload = {**payload, "scores": scores[payload["scores"]]}
    api.force_authenticate(people["evaluator"])
    response = api.post(f"/api/v1/pilots/{pilot.pk}/reviews/", payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["fields"]
    assert not Review.objects.exists()


# --- Running pilots -----------------------------------------------------------------------------


def test_a_running_pilot_posts_updates_and_publishes_its_results(api, people, make_pilot):
    pilot = make_pilot("running", kpis=2)
    kpis = list(pilot.kpis.all())
    api.force_authenticate(people["lead"])
    response = api.post(
        f"/api/v1/pilots/{pilot.pk}/updates/", {"title": "Week 1", "body": "**Good**"}, format="json"
    )
    assert response.status_code == 201 and "<strong>Good</strong>" in response.json()["body_html"]
    assert api.post(f"/api/v1/pilots/{pilot.pk}/updates/", {"title": ""}, format="json").status_code == 400
    unknown = {
        "outcomes": [{"kpi": 999999, "outcome": "1"}],
        "learnings_fi": "x",
        "learnings_sv": "x",
        "next_step": "stop",
    }
    response = api.post(f"/api/v1/pilots/{pilot.pk}/results/", unknown, format="json")
    assert response.status_code == 400 and "outcomes" in response.json()["fields"]
    partial = {
        "outcomes": [{"kpi": kpis[0].pk, "outcome": "1"}],
        "learnings_fi": "x",
        "learnings_sv": "x",
        "next_step": "stop",
    }
    response = api.post(f"/api/v1/pilots/{pilot.pk}/results/", partial, format="json")
    assert response.status_code == 400 and kpis[1].name in response.json()["fields"]["outcomes"][0]
    complete = {
        "outcomes": [
            {"kpi": kpis[0].pk, "outcome": "120", "note": "More than hoped."},
            {"kpi": kpis[1].pk, "outcome": "10"},
        ],
        "learnings": "Neighbours like sharing.",
        "learnings_fi": "Naapurit jakavat mielellään.",
        "learnings_sv": "Grannar delar gärna.",
        "next_step": "procure",
    }
    response = api.post(f"/api/v1/pilots/{pilot.pk}/results/", complete, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "completed" and body["results"]["next_step"] == "procure"
    assert [(k["outcome"], k["target_met"]) for k in body["kpis"]] == [("120.00", True), ("10.00", False)]
    assert KPI.objects.get(pk=kpis[0].pk).note == "More than hoped."


def test_residents_sign_up_with_consent_and_withdraw(api, people, make_pilot):
    pilot = make_pilot("running", capacity=1)
    api.force_authenticate(people["resident"])
    response = api.post(f"/api/v1/pilots/{pilot.pk}/participants/", {}, format="json")
    assert response.status_code == 400 and "consent" in response.json()["fields"]
    response = api.post(f"/api/v1/pilots/{pilot.pk}/participants/", {"consent": True}, format="json")
    assert response.status_code == 201 and response.json()["data_statement_version"] == 1
    api.force_authenticate(people["other_org"])
    response = api.post(f"/api/v1/pilots/{pilot.pk}/participants/", {"consent": True}, format="json")
    assert response.status_code == 400 and "full" in str(response.json()["fields"])
    api.force_authenticate(people["resident"])
    assert api.delete(f"/api/v1/pilots/{pilot.pk}/participants/").status_code == 204
    assert api.delete(f"/api/v1/pilots/{pilot.pk}/participants/").status_code == 400
    assert Participant.objects.get().withdrawn_at is not None


def test_a_draft_takes_no_participants(api, people, make_pilot):
    pilot = make_pilot("draft")
    api.force_authenticate(people["lead"])
    response = api.post(f"/api/v1/pilots/{pilot.pk}/participants/", {"consent": True}, format="json")
    assert response.status_code == 400 and "not taking participants" in str(response.json()["fields"])


def test_discontinuing_needs_a_reason(api, people, make_pilot):
    pilot = make_pilot("running")
    api.force_authenticate(people["curator"])
    response = api.post(f"/api/v1/pilots/{pilot.pk}/discontinue/", {"reason": "  "}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["fields"]
    response = api.post(
        f"/api/v1/pilots/{pilot.pk}/discontinue/", {"reason": "Funding ended."}, format="json"
    )
    assert response.status_code == 200 and response.json()["discontinued_reason"] == "Funding ended."
    assert response.json()["budget_requested"] == str(Decimal("15000.00"))


def test_the_team_changes_the_data_statement_of_a_live_pilot(api, people, make_pilot):
    pilot = make_pilot("running")
    ParticipantFactory(pilot=pilot)
    api.force_authenticate(people["lead"])
    path = f"/api/v1/pilots/{pilot.pk}/data-statement/"
    response = api.patch(path, {"version": pilot.version, "data_retention": "One year."}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["data_statement"] == {**response.json()["data_statement"], "version": 2}
    stale = api.patch(path, {"version": pilot.version, "capacity": 30}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    current = response.json()["version"]
    too_few = api.patch(path, {"version": current, "capacity": 0}, format="json")
    assert too_few.status_code == 400 and "capacity" in too_few.json()["fields"]
    assert api.patch(path, {"capacity": 30}, format="json").status_code == 400  # no version
    assert api.patch(path, {"version": current, "title": "New"}, format="json").status_code == 400


def test_a_pilots_whole_life_through_the_api_alone(api, people, challenge, organization):
    """From a draft to published results, each person using only the API, as a client app would."""

    def as_(role):
        api.force_authenticate(User.objects.get(pk=people[role].pk))  # a fresh user, as each request loads
        return api

    proposal = {
        "challenge": challenge.pk, "organization": organization.pk, "title": "Ride sharing",
        "summary": "Neighbours share rides.", "problem": "Full buses.", "solution": "Shared routes.",
        "test_site": "Keilaniemi", "schedule": "Autumn", "resident_involvement": "They ride.",
        "collects_personal_data": False, "data_contact": "privacy@example.org", "capacity": 5,
    }  # fmt: skip
    draft = as_("lead").post("/api/v1/pilots/", proposal, format="json").json()
    pilot = f"/api/v1/pilots/{draft['id']}/"
    assert api.post(f"{pilot}kpis/", {"name": "Riders", "target": 40}, format="json").status_code == 201
    assert api.post(f"{pilot}team/", {"email": people["member"].email}, format="json").status_code == 201
    assert api.post(f"{pilot}submit/").json()["status"] == "submitted"
    assert as_("curator").post(f"{pilot}start-review/").json()["status"] == "in_review"

    # Time passes: proposals close yesterday, and the evaluation begins.
    Challenge.objects.filter(pk=challenge.pk).update(proposals_close=timezone.now() - timedelta(days=1))
    scores = [{"criterion": c.pk, "score": 4} for c in challenge.criteria.all()]
    review = as_("evaluator").post(f"{pilot}reviews/", {"conflict": False, "scores": scores}, format="json")
    assert review.status_code == 200 and review.json()["submitted_at"]
    assert as_("curator").post(f"{pilot}shortlist/", {}, format="json").json()["status"] == "shortlisted"
    decided = api.post(f"{pilot}decide/", {"decision": "accept", "reason": "Convincing."}, format="json")
    assert decided.json()["status"] == "accepted"

    assert as_("member").post(f"{pilot}start/").json()["status"] == "running"
    joined = as_("resident").post(f"{pilot}participants/", {"consent": True}, format="json")
    assert joined.status_code == 201
    update = as_("lead").post(f"{pilot}updates/", {"title": "Week 1", "body": "Going."}, format="json")
    assert update.status_code == 201
    kpi = api.get(pilot).json()["kpis"][0]["id"]
    results = {
        "outcomes": [{"kpi": kpi, "outcome": 52}],
        "learnings_fi": "Toimii.",
        "learnings_sv": "Det fungerar.",
        "next_step": "scale_up",
    }
    assert api.post(f"{pilot}results/", results, format="json").json()["status"] == "completed"

    api.force_authenticate(None)
    public = api.get(pilot).json()
    assert public["status"] == "completed" and public["results"]["next_step"] == "scale_up"
    assert public["participant_count"] == 1 and public["kpis"][0]["target_met"] is True
    assert public["decision_reason"] is None  # the reason is for the team and the curators
    assert [u["title"] for u in api.get(f"{pilot}updates/").json()["results"]] == ["Week 1"]
