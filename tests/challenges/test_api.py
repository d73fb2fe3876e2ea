"""The challenges API: every endpoint for every role, the list's filters and cost, and bad input."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from challenges.models import Challenge, EvaluatorAppointment, Phase
from pilots.models import Pilot
from portal.models import District
from tests.accounts.factories import UserFactory
from tests.challenges.factories import ChallengeFactory, CriterionFactory, timeline
from tests.pilots.factories import PilotFactory, ReviewFactory

ROLES = ["visitor", "resident", "official", "evaluator", "curator", "administrator"]
CURATING = {"curator", "administrator"}


@pytest.fixture
def api():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def people(resident, official, evaluator, curator, administrator):
    return {"visitor": None, "resident": resident, "official": official, "evaluator": evaluator,
            "curator": curator, "administrator": administrator}  # fmt: skip


def as_role(api, people, role):
    if people[role] is not None:
        api.force_authenticate(people[role])
    return api


def iso(moment) -> str:
    return moment.isoformat()


def new_challenge_payload(**overrides) -> dict:
    dates = timeline(Phase.UPCOMING)
    return {
        "title": "Quieter streets",
        "title_fi": "Hiljaisemmat kadut",
        "title_sv": "Tystare gator",
        "summary": "Less noise at night.",
        "summary_fi": "Vähemmän melua öisin.",
        "summary_sv": "Mindre buller på natten.",
        "description": "Traffic noise keeps **residents** awake.",
        "description_fi": "Liikennemelu valvottaa **asukkaita**.",
        "description_sv": "Trafikbuller håller **invånarna** vakna.",
        "department": "Urban Environment",
        "goals": ["health", "sustainability"],
        "district": None,
        "budget_total": "50000.00",
        "budget_max_per_pilot": "10000.00",
        **{name: iso(value) for name, value in dates.items()},
        "criteria": [
            {"name": "Impact", "name_fi": "Vaikutus", "name_sv": "Effekt", "weight": 3},
            {"name": "Cost", "name_fi": "Kustannus", "name_sv": "Kostnad", "weight": 1, "min_score": 2},
        ],
        **overrides,
    }


# --- Every endpoint × role ----------------------------------------------------------------------

# name: (method, path suffix, payload, on the draft?, allowed roles, success status)
ACTIONS = {
    "list": ("get", "", None, False, set(ROLES), 200),
    "retrieve": ("get", "{id}/", None, False, set(ROLES), 200),
    "retrieve draft": ("get", "{id}/", None, True, CURATING, 200),
    "create": ("post", "", "new", False, {"official", "curator", "administrator"}, 201),
    "update": ("patch", "{id}/", {"summary": "Changed."}, False, CURATING, 200),
    "update draft": ("patch", "{id}/", {"summary": "Changed."}, True, CURATING, 200),
    "publish": ("post", "{id}/publish/", None, True, CURATING, 200),
    "close": ("post", "{id}/close/", None, False, CURATING, 200),
    "evaluators": ("get", "{id}/evaluators/", None, False, CURATING, 200),
    "appoint": ("post", "{id}/evaluators/", {"email": "new@example.org"}, False, CURATING, 201),
    "remove evaluator": ("delete", "{id}/evaluators/{evaluator}/", None, False, CURATING, 204),
    "curators": ("get", "{id}/curators/", None, False, CURATING, 200),
    "add curator": ("post", "{id}/curators/", {"email": "new.official@example.org"}, False, CURATING, 201),
    "remove curator": ("delete", "{id}/curators/{co_curator}/", None, False, CURATING, 204),
    "curators of a draft": ("get", "{id}/curators/", None, True, CURATING, 200),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_every_endpoint_for_every_role(api, people, challenge, draft, evaluator, role, action):
    UserFactory(email="new@example.org")
    UserFactory(email="new.official@example.org", is_official=True)
    co_curator = UserFactory(is_official=True)
    challenge.curators.add(co_curator)
    method, suffix, payload, on_draft, allowed, success = ACTIONS[action]
    target = draft if on_draft else challenge
    payload = new_challenge_payload() if payload == "new" else payload
    path = "/api/v1/challenges/" + suffix.format(
        id=target.pk, evaluator=evaluator.pk, co_curator=co_curator.pk
    )
    response = getattr(as_role(api, people, role), method)(path, payload, format="json")
    if role in allowed:
        assert response.status_code == success, response.content
    elif role == "visitor" and action not in ("list", "retrieve", "retrieve draft"):
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"
    elif on_draft:
        assert response.status_code == 404, response.content  # a draft is not there for them
        assert response.json()["code"] == "not_found"
    else:
        assert response.status_code == 403, response.content
        assert response.json()["code"] == "permission_denied"


# --- Reading ------------------------------------------------------------------------------------


def test_an_item_carries_what_its_page_shows(api, challenge):
    body = api.get(f"/api/v1/challenges/{challenge.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["id"] == challenge.pk and body["title"] == "Greener commuting"
    assert body["url"] == f"http://testserver/en/challenges/{challenge.slug}/"
    assert body["phase"] == "proposals" and body["summary"] == challenge.summary
    assert body["goals"] == ["sustainability"] and body["district"] is None
    assert body["budget_total"] == "100000.00" and body["budget_max_per_pilot"] == "20000.00"
    assert body["next_milestone"]["label"] == "Proposals close"
    assert [c["name"] for c in body["criteria"]] == ["Impact"] and body["criteria"][0]["weight"] == 3
    assert "<strong>fewer cars</strong>" in body["description_html"]
    assert {"ideas_open", "proposals_close", "piloting_end", "published_at", "closed_early_at"} <= set(body)


def test_drafts_are_listed_only_for_their_curators_and_administrators(
    api, challenge, draft, curator, official, evaluator, administrator
):
    def listed(user):
        api.force_authenticate(user)
        return {item["id"] for item in api.get("/api/v1/challenges/").json()["results"]}

    assert listed(None) == {challenge.pk}
    assert listed(official) == {challenge.pk}  # an official, but not this draft's curator
    assert listed(evaluator) == {challenge.pk}  # evaluators see proposals, not unpublished drafts
    assert listed(curator) == {challenge.pk, draft.pk}
    assert listed(administrator) == {challenge.pk, draft.pk}


def test_filters_and_orderings_match_the_list_page(api, db):
    district = District.objects.create(
        code=99, slug="testila", name_fi="Testilä", name_sv="Testby", name_en="Testville",
        population=100, population_date=date(2025, 1, 1),
    )  # fmt: skip
    ideas = ChallengeFactory(phase=Phase.IDEAS, title="Bravo", goals=["health"], district=district)
    proposals = ChallengeFactory(phase=Phase.PROPOSALS, title="alpha")
    closed = ChallengeFactory(phase=Phase.CLOSED, title="Charlie", goals=["vitality"])

    def ids(query):
        response = api.get(f"/api/v1/challenges/?{query}")
        assert response.status_code == 200, response.content
        return [item["id"] for item in response.json()["results"]]

    assert ids("goal=health") == [ideas.pk]
    assert ids(f"district={district.slug}") == [ideas.pk]
    assert ids("phase=closed") == [closed.pk]
    assert set(ids("open_now=true")) == {ideas.pk, proposals.pk}
    assert ids("ordering=title") == [proposals.pk, ideas.pk, closed.pk]  # case-insensitive
    assert ids("ordering=deadline")[-1] == closed.pk  # closed ones have no next date: last
    assert ids("phase=ideas&goal=vitality") == []


@pytest.mark.parametrize(
    "query", ["goal=wealth", "district=atlantis", "phase=someday", "ordering=-title", "goal=health&phase=x"]
)
def test_an_unknown_filter_value_is_a_400_that_names_it(api, db, query):
    response = api.get(f"/api/v1/challenges/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and list(body["fields"]) == [query.split("&")[-1].split("=")[0]]


@pytest.mark.filterwarnings("error::django.core.paginator.UnorderedObjectListWarning")
@pytest.mark.parametrize("count", [5, 30])
def test_the_list_costs_the_same_few_queries_whatever_its_length(
    api, curator, count, django_assert_max_num_queries
):
    for n in range(count):
        challenge = ChallengeFactory(curators=[curator], goals=["health", "vitality"])
        CriterionFactory.create_batch(2, challenge=challenge)
        ChallengeFactory(phase=Phase.DRAFT, curators=[curator]) if n % 5 == 0 else None
    api.force_authenticate(curator)
    with django_assert_max_num_queries(4):  # count, page, goals, criteria
        body = api.get("/api/v1/challenges/?page_size=100").json()
    assert len(body["results"]) == count + (count + 4) // 5
    with django_assert_max_num_queries(4):
        api.get("/api/v1/challenges/?phase=ideas&goal=health&ordering=deadline&page_size=100")


@pytest.mark.parametrize("path", ["abc", "0", "-3", "99999999999999999999", "1.5"])
def test_an_address_that_names_no_challenge_is_a_json_404(api, db, path):
    response = api.get(f"/api/v1/challenges/{path}/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


# --- Writing ------------------------------------------------------------------------------------


def test_an_official_drafts_a_challenge_with_criteria_and_curates_it(api, official):
    api.force_authenticate(official)
    response = api.post("/api/v1/challenges/", new_challenge_payload(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    challenge = Challenge.objects.get(pk=body["id"])
    assert body["phase"] == "draft" and challenge.published_at is None
    assert list(challenge.curators.all()) == [official]
    assert sorted(body["goals"]) == ["health", "sustainability"]
    assert [(c["name"], c["weight"], c["min_score"]) for c in body["criteria"]] == [
        ("Impact", 3, 0),
        ("Cost", 1, 2),
    ]
    assert api.post(f"/api/v1/challenges/{challenge.pk}/publish/").json()["phase"] == "upcoming"


@pytest.mark.parametrize(
    ("payload", "fields"),
    [
        ({"budget_total": "lots"}, {"budget_total"}),
        ({"goals": ["wealth"]}, {"goals"}),
        ({"goals": "health"}, {"goals"}),
        ({"district": "atlantis"}, {"district"}),
        ({"title": ""}, {"title"}),
        ({"title": "x" * 201}, {"title"}),
        ({"ideas_open": "next tuesday"}, {"ideas_open"}),
        ({"criteria": [{"name": "Impact", "weight": 0}]}, {"criteria"}),
        ({"criteria": "Impact"}, {"criteria"}),
        ({"titel": "typo"}, {"titel"}),
        ({"slug": "my-own-address"}, {"slug"}),
        ({"budget_max_per_pilot": "999999.00"}, {"budget_max_per_pilot"}),  # more than the total
    ],
)
def test_bad_input_to_create_is_a_400_that_names_the_field_and_writes_nothing(api, official, payload, fields):
    api.force_authenticate(official)
    response = api.post("/api/v1/challenges/", new_challenge_payload(**payload), format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid" and set(body["fields"]) == fields
    assert not Challenge.objects.exists()


def test_a_timeline_out_of_order_is_explained_on_its_date(api, official):
    api.force_authenticate(official)
    dates = timeline(Phase.UPCOMING)
    payload = new_challenge_payload(proposals_close=iso(dates["proposals_open"] - timedelta(days=1)))
    body = api.post("/api/v1/challenges/", payload, format="json").json()
    assert body["fields"]["proposals_close"] == [
        message for message in body["fields"]["proposals_close"] if "cannot close before" in message
    ]


@pytest.mark.parametrize("body", ["{not json", "[1, 2]", '"a string"', "null", '{"title": {"nested": true}}'])
def test_malformed_or_mistyped_json_is_a_400(api, official, challenge, curator, body):
    api.force_authenticate(official)
    response = api.post("/api/v1/challenges/", body, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] in ("parse_error", "invalid")
    api.force_authenticate(curator)
    response = api.patch(f"/api/v1/challenges/{challenge.pk}/", body, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] in ("parse_error", "invalid")


def test_a_curator_replaces_the_criteria_in_one_update(api, curator, challenge):
    impact = challenge.criteria.get()
    api.force_authenticate(curator)
    criteria = [
        {"name": "Reach", "name_fi": "Tavoittavuus", "name_sv": "Räckvidd"},
        {"id": impact.pk, "name": "Impact", "weight": 5},
    ]
    response = api.patch(f"/api/v1/challenges/{challenge.pk}/", {"criteria": criteria}, format="json")
    assert response.status_code == 200, response.content
    assert [(c["name"], c["weight"]) for c in response.json()["criteria"]] == [("Reach", 1), ("Impact", 5)]
    assert response.json()["criteria"][1]["id"] == impact.pk
    # A published challenge keeps at least one criterion, all or nothing.
    response = api.patch(
        f"/api/v1/challenges/{challenge.pk}/", {"summary": "New.", "criteria": []}, format="json"
    )
    assert response.status_code == 400
    challenge.refresh_from_db()
    assert challenge.summary != "New." and challenge.criteria.count() == 2


def test_criteria_are_fixed_once_proposals_are_scored(api, curator, challenge):
    pilot = PilotFactory(challenge=challenge, status=Pilot.Status.IN_REVIEW)
    ReviewFactory(pilot=pilot, scores={challenge.criteria.get(): 4})
    api.force_authenticate(curator)
    response = api.patch(
        f"/api/v1/challenges/{challenge.pk}/", {"criteria": [{"name": "New"}]}, format="json"
    )
    assert response.status_code == 400
    assert "already scored" in response.json()["fields"]["non_field_errors"][0]


def test_publishing_says_what_is_missing_and_closing_twice_is_refused(api, curator):
    draft = ChallengeFactory(phase=Phase.DRAFT, curators=[curator])  # no criteria
    api.force_authenticate(curator)
    response = api.post(f"/api/v1/challenges/{draft.pk}/publish/")
    assert response.status_code == 400
    assert "Add at least one evaluation criterion." in response.json()["fields"]["non_field_errors"]
    CriterionFactory(challenge=draft)
    assert api.post(f"/api/v1/challenges/{draft.pk}/publish/").json()["published_at"]
    assert api.post(f"/api/v1/challenges/{draft.pk}/publish/").status_code == 400  # already
    assert api.post(f"/api/v1/challenges/{draft.pk}/close/").json()["phase"] == "closed"
    response = api.post(f"/api/v1/challenges/{draft.pk}/close/")
    assert response.status_code == 400
    assert response.json()["fields"]["non_field_errors"] == ["This challenge is already closed."]


def test_curators_appoint_and_remove_evaluators(api, curator, challenge, evaluator, resident):
    api.force_authenticate(curator)
    evaluators = api.get(f"/api/v1/challenges/{challenge.pk}/evaluators/").json()
    assert [(e["id"], e["email"]) for e in evaluators] == [(evaluator.pk, evaluator.email)]
    response = api.post(
        f"/api/v1/challenges/{challenge.pk}/evaluators/", {"email": resident.email.upper()}, format="json"
    )
    assert response.status_code == 201 and response.json()["id"] == resident.pk
    again = api.post(
        f"/api/v1/challenges/{challenge.pk}/evaluators/", {"email": resident.email}, format="json"
    )
    assert again.status_code == 400 and "already an evaluator" in again.json()["fields"]["email"][0]
    nobody = api.post(
        f"/api/v1/challenges/{challenge.pk}/evaluators/", {"email": "nobody@example.org"}, format="json"
    )
    assert nobody.status_code == 400 and "sign up first" in nobody.json()["fields"]["email"][0]
    invalid = api.post(
        f"/api/v1/challenges/{challenge.pk}/evaluators/", {"email": "not an address"}, format="json"
    )
    assert invalid.status_code == 400 and "email" in invalid.json()["fields"]
    assert api.delete(f"/api/v1/challenges/{challenge.pk}/evaluators/{resident.pk}/").status_code == 204
    assert not EvaluatorAppointment.objects.filter(evaluator=resident).exists()
    assert api.delete(f"/api/v1/challenges/{challenge.pk}/evaluators/{resident.pk}/").status_code == 400
    for unknown in ("999999", "abc", "99999999999999999999"):
        response = api.delete(f"/api/v1/challenges/{challenge.pk}/evaluators/{unknown}/")
        assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_errors_come_in_the_language_asked_for(api, official):
    api.force_authenticate(official)
    english = api.post("/api/v1/challenges/", {}, format="json", HTTP_ACCEPT_LANGUAGE="en").json()
    finnish = api.post("/api/v1/challenges/", {}, format="json", HTTP_ACCEPT_LANGUAGE="fi").json()
    assert english["fields"]["title"] == ["Write the title in at least one language."]
    assert finnish["fields"]["title"] != english["fields"]["title"]


def test_a_put_is_not_offered(api, curator, challenge):
    api.force_authenticate(curator)
    response = api.put(f"/api/v1/challenges/{challenge.pk}/", new_challenge_payload(), format="json")
    assert response.status_code == 405 and response.json()["code"] == "method_not_allowed"


def test_the_page_and_the_api_agree_on_who_sees_a_draft(client, api, draft, curator, resident):
    now = timezone.now()
    assert draft.published_at is None and draft.proposals_close > now
    for user, visible in ((resident, False), (curator, True)):
        client.force_login(user)
        api.force_authenticate(user)
        page = client.get(f"/en/challenges/{draft.slug}/")
        item = api.get(f"/api/v1/challenges/{draft.pk}/")
        assert (page.status_code == 200) == (item.status_code == 200) == visible


def test_curators_share_a_challenge_with_officials_and_one_always_remains(api, curator, challenge, official):
    api.force_authenticate(curator)
    path = f"/api/v1/challenges/{challenge.pk}/curators/"
    assert [c["id"] for c in api.get(path).json()] == [curator.pk]
    resident = UserFactory()
    response = api.post(path, {"email": resident.email}, format="json")
    assert response.status_code == 400 and "Only city officials" in response.json()["fields"]["email"][0]
    assert api.post(path, {"email": official.email}, format="json").status_code == 201
    assert {c["id"] for c in api.get(path).json()} == {curator.pk, official.pk}
    assert api.delete(f"{path}{official.pk}/").status_code == 204
    response = api.delete(f"{path}{curator.pk}/")
    assert response.status_code == 400 and "at least one curator" in str(response.json()["fields"])
    assert api.delete(f"{path}{resident.pk}/").status_code == 400  # not a curator
    assert api.delete(f"{path}abc/").status_code == 404
