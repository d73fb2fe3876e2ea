import pytest
from rest_framework.test import APIClient

from accounts import services
from accounts.models import Invitation, Membership, Organization
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
    # The email address is read-only here: asking to change it is refused, and nothing else is saved.
    response = api.patch(
        "/api/v1/me/", {"name": "Aino V.", "language": "sv", "email": "evil@example.org"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["fields"] == {"email": ["This field cannot be changed here."]}
    resident.refresh_from_db()
    assert resident.name == "Aino Resident" and resident.email != "evil@example.org"
    response = api.patch("/api/v1/me/", {"name": "Aino V.", "language": "sv"}, format="json")
    assert response.status_code == 200 and response.json()["name"] == "Aino V."
    resident.refresh_from_db()
    assert resident.language == "sv"
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
    "invitations": ("get", "{id}/invitations/", None, {"org_admin", "administrator"}),
    "withdraw": ("delete", "{id}/invitations/{invitation}/", None, {"org_admin", "administrator"}),
    "set_role": ("patch", "{id}/members/{other}/", {"role": "admin"}, {"org_admin", "administrator"}),
    "remove": ("delete", "{id}/members/{other}/", None, {"org_admin", "administrator"}),
    "leave": ("post", "{id}/leave/", None, {"member", "org_admin"}),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_organization_endpoints_role_matrix(
    api, organization, org_admin, org_member, official, administrator, resident, role, action
):
    Membership.objects.create(organization=organization, user=UserFactory(), role=Membership.Role.ADMIN)
    other = MembershipFactory(organization=organization).user
    invitation = services.invitation_create(actor=org_admin, organization=organization, email="i@example.org")
    actor = {"visitor": None, "resident": resident, "member": org_member, "org_admin": org_admin,
             "official": official, "administrator": administrator}[role]  # fmt: skip
    if actor:
        api.force_authenticate(actor)
    method, suffix, payload, allowed = ACTIONS[action]
    path = suffix.format(id=organization.pk, other=other.pk, invitation=invitation.pk)
    response = getattr(api, method)(f"/api/v1/organizations/{path}", payload, format="json")
    if role in allowed:
        assert response.status_code in (200, 201, 202, 204), response.json()
    elif actor is None:
        assert response.status_code == 401
    elif action == "leave" and role == "administrator":
        assert response.status_code == 400  # allowed, but not a member: nothing to leave
    else:
        assert response.status_code == 403, response.json()


def _members(api, organization) -> dict[int, str]:
    response = api.get(f"/api/v1/organizations/{organization.pk}/members/")
    return {member["id"]: member["role"] for member in response.json()}


class TestMembers:
    def test_an_administrator_changes_roles_and_removes_members(
        self, api, organization, org_admin, org_member
    ):
        api.force_authenticate(org_admin)
        base = f"/api/v1/organizations/{organization.pk}/members"
        response = api.patch(f"{base}/{org_member.pk}/", {"role": "admin"}, format="json")
        assert response.status_code == 200
        assert response.json() == {**response.json(), "id": org_member.pk, "role": "admin"}
        # With a second administrator, the first may step down, and then may no longer manage.
        assert api.patch(f"{base}/{org_admin.pk}/", {"role": "member"}, format="json").status_code == 200
        assert api.delete(f"{base}/{org_member.pk}/").status_code == 403
        api.force_authenticate(org_member)
        assert api.delete(f"{base}/{org_admin.pk}/").status_code == 204
        assert _members(api, organization) == {org_member.pk: "admin"}

    def test_the_last_administrator_stays(self, api, organization, org_admin, org_member, administrator):
        base = f"/api/v1/organizations/{organization.pk}/members"
        api.force_authenticate(org_admin)
        for method, payload in (("patch", {"role": "member"}), ("delete", None)):
            response = getattr(api, method)(f"{base}/{org_admin.pk}/", payload, format="json")
            assert response.status_code == 400 and response.json()["code"] == "last_admin", method
        response = api.post(f"/api/v1/organizations/{organization.pk}/leave/")
        assert response.status_code == 400 and response.json()["code"] == "last_admin"
        # Not even a portal administrator can leave the organization without one.
        api.force_authenticate(administrator)
        response = api.delete(f"{base}/{org_admin.pk}/")
        assert response.status_code == 400 and response.json()["code"] == "last_admin"
        response = api.patch(f"{base}/{org_admin.pk}/", {"role": "member"}, format="json")
        assert response.status_code == 400 and response.json()["code"] == "last_admin"
        assert _members(api, organization) == {org_admin.pk: "admin", org_member.pk: "member"}

    def test_a_member_leaves_by_deleting_their_own_membership(self, api, organization, org_admin, org_member):
        api.force_authenticate(org_member)
        base = f"/api/v1/organizations/{organization.pk}/members"
        assert api.delete(f"{base}/{org_admin.pk}/").status_code == 403
        assert api.patch(f"{base}/{org_member.pk}/", {"role": "admin"}, format="json").status_code == 403
        assert api.delete(f"{base}/{org_member.pk}/").status_code == 204
        assert _members(api, organization) == {org_admin.pk: "admin"}

    @pytest.mark.parametrize("who", ["abc", "0", "99999999999", "not-a-member"])
    def test_someone_who_is_not_a_member_is_404(self, api, organization, org_admin, resident, who):
        api.force_authenticate(org_admin)
        who = resident.pk if who == "not-a-member" else who
        base = f"/api/v1/organizations/{organization.pk}/members"
        assert api.patch(f"{base}/{who}/", {"role": "admin"}, format="json").status_code == 404
        assert api.delete(f"{base}/{who}/").status_code == 404
        assert api.delete(f"/api/v1/organizations/999999/members/{org_admin.pk}/").status_code == 404

    def test_a_role_that_does_not_exist_is_refused(self, api, organization, org_admin, org_member):
        api.force_authenticate(org_admin)
        path = f"/api/v1/organizations/{organization.pk}/members/{org_member.pk}/"
        for payload in ({"role": "owner"}, {}, {"role": "admin", "joined_at": "2020-01-01T00:00:00Z"}):
            response = api.patch(path, payload, format="json")
            assert response.status_code == 400, payload
        assert Membership.objects.get(user=org_member).role == Membership.Role.MEMBER


class TestInvitations:
    def test_administrators_list_and_withdraw_open_invitations(self, api, organization, org_admin):
        api.force_authenticate(org_admin)
        base = f"/api/v1/organizations/{organization.pk}/invitations/"
        assert api.post(base, {"email": "New@Example.org", "role": "admin"}, format="json").status_code == 202
        listed = api.get(base).json()
        assert [(i["email"], i["role"], i["invited_by"]["id"]) for i in listed] == [
            ("new@example.org", "admin", org_admin.pk)
        ]
        assert api.delete(f"{base}{listed[0]['id']}/").status_code == 204
        assert api.get(base).json() == []
        assert not Invitation.objects.get().is_open
        other = OrganizationFactory()
        theirs = services.invitation_create(
            actor=administrator_of(other), organization=other, email="o@example.org"
        )
        assert api.delete(f"{base}{theirs.pk}/").status_code == 404
        assert Invitation.objects.get(pk=theirs.pk).is_open

    def test_the_invited_person_accepts_with_the_token(self, api, organization, org_admin, resident):
        invitation = services.invitation_create(
            actor=org_admin, organization=organization, email=resident.email, role="admin"
        )
        token = services.invitation_token(invitation)
        api.force_authenticate(UserFactory())
        response = api.post("/api/v1/organizations/invitations/accept/", {"token": token}, format="json")
        assert response.status_code == 400 and response.json()["code"] == "invitation_other_email"
        api.force_authenticate(resident)
        response = api.post("/api/v1/organizations/invitations/accept/", {"token": token[:-3]}, format="json")
        assert response.status_code == 400 and response.json()["code"] == "invitation_invalid"
        response = api.post("/api/v1/organizations/invitations/accept/", {"token": token}, format="json")
        assert response.status_code == 200, response.json()
        assert response.json()["id"] == organization.pk and response.json()["member_count"] == 2
        assert Membership.objects.get(user=resident).role == Membership.Role.ADMIN
        response = api.post("/api/v1/organizations/invitations/accept/", {"token": token}, format="json")
        assert response.status_code == 400 and response.json()["code"] == "invitation_used"
        api.logout()
        response = api.post("/api/v1/organizations/invitations/accept/", {"token": token}, format="json")
        assert response.status_code == 401


def administrator_of(organization):
    return MembershipFactory(organization=organization, role=Membership.Role.ADMIN).user
