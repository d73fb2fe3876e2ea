import pytest
from rest_framework.test import APIClient

from accounts.models import Membership, Organization
from tests.accounts.factories import MembershipFactory, OrganizationFactory, UserFactory


@pytest.fixture
def api():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


def test_token_round_trip(api, resident):
    response = api.post(
        "/api/v1/auth/token/",
        {"email": resident.email.upper(), "password": "a-good-password-42"},
        format="json",
    )
    assert response.status_code == 200
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/me/").json()["email"] == resident.email
    assert api.delete("/api/v1/auth/token/").status_code == 204
    assert api.get("/api/v1/me/").status_code == 401


def test_wrong_password_and_malformed_requests_get_json_errors(api, resident):
    response = api.post("/api/v1/auth/token/", {"email": resident.email, "password": "nope"}, format="json")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    response = api.post("/api/v1/auth/token/", "{not json", content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "parse_error"
    response = api.post("/api/v1/auth/token/", {"email": "not-an-email"}, format="json")
    body = response.json()
    assert response.status_code == 400 and body["code"] == "invalid"
    assert set(body["fields"]) == {"email", "password"}


def test_errors_speak_the_requested_language(api, db):
    response = api.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 401
    assert response.json()["detail"] != "Authentication credentials were not provided."


def test_token_creation_is_throttled(api, resident, settings):
    for _ in range(10):
        api.post("/api/v1/auth/token/", {"email": resident.email, "password": "nope"}, format="json")
    response = api.post("/api/v1/auth/token/", {"email": resident.email, "password": "nope"}, format="json")
    assert response.status_code == 429 and response.json()["code"] == "throttled"


def test_me_update_and_export(api, resident, django_capture_on_commit_callbacks):
    api.force_authenticate(resident)
    response = api.patch(
        "/api/v1/me/", {"name": "Aino V.", "language": "sv", "email": "evil@example.org"}, format="json"
    )
    assert response.status_code == 200 and response.json()["name"] == "Aino V."
    resident.refresh_from_db()
    assert resident.language == "sv" and resident.email != "evil@example.org"
    assert api.patch("/api/v1/me/", {"language": "de"}, format="json").status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        assert api.post("/api/v1/me/export/").status_code == 202
    assert resident.data_exports.get().ready_at is not None


def test_organization_list_is_paginated_with_a_fixed_query_count(api, db, django_assert_max_num_queries):
    for _ in range(30):
        MembershipFactory(organization=OrganizationFactory())
    with django_assert_max_num_queries(3):
        response = api.get("/api/v1/organizations/?page_size=25")
    body = response.json()
    assert body["count"] == 30 and len(body["results"]) == 25 and body["next"]
    first = body["results"][0]
    assert {"id", "url", "title", "member_count", "is_verified"} <= set(first)
    assert api.get("/api/v1/organizations/?page_size=1000").json()["results"].__len__() == 30  # capped at 100


def test_create_organization_validates_business_id(api, resident):
    api.force_authenticate(resident)
    response = api.post(
        "/api/v1/organizations/",
        {"name": "Polku", "kind": "company", "business_id": "0101263-5"},
        format="json",
    )
    assert response.status_code == 400 and "business_id" in response.json()["fields"]
    assert not Organization.objects.exists()
    response = api.post(
        "/api/v1/organizations/",
        {"name": "Polku", "kind": "company", "business_id": "0101263-6"},
        format="json",
    )
    assert response.status_code == 201
    assert Membership.objects.get().role == Membership.Role.ADMIN


ROLES = ["visitor", "resident", "member", "org_admin", "official", "administrator"]
ACTIONS = {
    # name: (method, path suffix, payload, allowed roles)
    "list": ("get", "", None, set(ROLES)),
    "retrieve": ("get", "{id}/", None, set(ROLES)),
    "members": ("get", "{id}/members/", None, set(ROLES)),
    "create": ("post", "", {"name": "New", "kind": "community"}, set(ROLES) - {"visitor"}),
    "update": ("patch", "{id}/", {"description": "Changed"}, {"org_admin", "administrator"}),
    "verify": ("post", "{id}/verify/", None, {"official", "administrator"}),
    "invite": ("post", "{id}/invitations/", {"email": "x@example.org"}, {"org_admin", "administrator"}),
    "leave": ("post", "{id}/leave/", None, {"member", "org_admin"}),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_organization_endpoints_role_matrix(
    api, organization, org_admin, org_member, official, administrator, resident, role, action
):
    Membership.objects.create(organization=organization, user=UserFactory(), role=Membership.Role.ADMIN)
    actor = {"visitor": None, "resident": resident, "member": org_member, "org_admin": org_admin,
             "official": official, "administrator": administrator}[role]  # fmt: skip
    if actor:
        api.force_authenticate(actor)
    method, suffix, payload, allowed = ACTIONS[action]
    response = getattr(api, method)(
        f"/api/v1/organizations/{suffix.format(id=organization.pk)}", payload, format="json"
    )
    if role in allowed:
        assert response.status_code in (200, 201, 202, 204), response.json()
    elif actor is None:
        assert response.status_code == 401
    elif action == "leave" and role == "administrator":
        assert response.status_code == 400  # allowed, but not a member: nothing to leave
    else:
        assert response.status_code == 403, response.json()
