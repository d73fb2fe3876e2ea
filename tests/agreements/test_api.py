"""The API: confidentiality for every role, each step, strict input, errors as {code, detail}."""

import pytest
from rest_framework.test import APIClient

from agreements.models import Agreement, ChangeRequest, Instalment, Report
from pilots.models import Pilot
from tests.accounts.factories import UserFactory
from tests.agreements.conftest import due, milestone_rows
from tests.pilots.factories import PilotFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles(lead, member, curator, finance):
    return {
        "visitor": None,
        "resident": UserFactory(),
        "member": member,
        "lead": lead,
        "curator": curator,
        "official": UserFactory(is_official=True),
        "finance": finance,
        "administrator": UserFactory(is_superuser=True, is_staff=True),
    }


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


INSIDERS = {"member", "lead", "curator", "finance", "administrator"}


@pytest.mark.parametrize(
    "role", ["visitor", "resident", "member", "lead", "curator", "official", "finance", "administrator"]
)
def test_agreements_are_seen_by_insiders_only(roles, agreement, role):
    client = api(roles[role])
    detail = client.get(f"/api/v1/agreements/{agreement.pk}/")
    listing = client.get("/api/v1/agreements/")
    if role == "visitor":
        assert detail.status_code == 401 and listing.status_code == 401
        return
    if role in INSIDERS:
        assert detail.status_code == 200
        assert detail.json()["budget"] == "30000.00"
        assert [row["id"] for row in listing.json()["results"]] == [agreement.pk]
    else:
        assert detail.status_code == 404 and detail.json()["code"] == "not_found"
        assert listing.json()["results"] == []
    for sub in ("milestones", "reports", "instalments", "change-requests"):
        assert client.get(f"/api/v1/agreements/{agreement.pk}/{sub}/").status_code == (
            200 if role in INSIDERS else 404
        )


# (step, method, address, body, allowed) on the accepted agreement
def steps(agreement):
    milestone = agreement.milestones.first()
    return [
        (
            "report",
            f"{agreement.pk}/reports/",
            {"milestone": milestone.pk, "summary": "Done."},
            {"member", "lead"},
        ),
        (
            "change",
            f"{agreement.pk}/change-requests/",
            {"kind": "dates", "reason": "Late.", "milestones": {str(milestone.pk): {"due_date": due(20)}}},
            {"member", "lead"},
        ),
        ("final", f"{agreement.pk}/final-report/", {"body": "All done."}, {"member", "lead"}),
    ]


@pytest.mark.parametrize(
    "role", ["resident", "member", "lead", "curator", "official", "finance", "administrator"]
)
def test_team_steps_are_the_teams(roles, agreement, role):
    Pilot.objects.filter(pk=agreement.pilot_id).update(status="running")
    for name, address, body, allowed in steps(agreement):
        response = api(roles[role]).post(f"/api/v1/agreements/{address}", body, format="json")
        expected = {201, 200} if role in allowed else ({403} if role in INSIDERS else {404})
        assert response.status_code in expected, (name, role, response.json())


def test_the_whole_way_through_the_api(roles, draft):
    lead, curator, finance = roles["lead"], roles["curator"], roles["finance"]
    stale = api(lead).post(
        f"/api/v1/agreements/{draft.pk}/accept/", {"version": draft.version - 1}, format="json"
    )
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    accepted = api(lead).post(
        f"/api/v1/agreements/{draft.pk}/accept/", {"version": draft.version}, format="json"
    )
    assert accepted.json()["status"] == "accepted"
    milestone = draft.milestones.first()
    report = (
        api(lead)
        .post(
            f"/api/v1/agreements/{draft.pk}/reports/",
            {"milestone": milestone.pk, "summary": "Done."},
            format="json",
        )
        .json()
    )
    returned = api(curator).post(
        f"/api/v1/agreements/{draft.pk}/reports/{report['id']}/return/", {}, format="json"
    )
    assert returned.status_code == 400 and "comment" in returned.json()["fields"]
    api(curator).post(f"/api/v1/agreements/{draft.pk}/reports/{report['id']}/approve/", {}, format="json")
    instalment = Instalment.objects.get(milestone=milestone)
    paid = api(finance).post(
        f"/api/v1/agreements/{draft.pk}/instalments/{instalment.pk}/paid/",
        {"paid_on": due(0), "reference": "SAP-9"},
        format="json",
    )
    assert paid.json()["status"] == "paid"
    again = api(finance).post(
        f"/api/v1/agreements/{draft.pk}/instalments/{instalment.pk}/paid/",
        {"paid_on": due(0), "reference": "SAP-10"},
        format="json",
    )
    assert again.status_code == 400 and again.json()["code"] == "already_paid"
    change = (
        api(lead)
        .post(
            f"/api/v1/agreements/{draft.pk}/change-requests/",
            {
                "kind": "budget",
                "reason": "More.",
                "budget": "31000",
                "milestones": {str(draft.milestones.last().pk): {"amount": "13000"}},
            },
            format="json",
        )
        .json()
    )
    decided = api(curator).post(
        f"/api/v1/agreements/{draft.pk}/change-requests/{change['id']}/decide/",
        {"approve": True},
        format="json",
    )
    assert decided.json()["status"] == "approved"
    assert Agreement.objects.get(pk=draft.pk).budget == 31000


def test_drawing_up_through_the_api_with_bad_input(roles, pilot):
    curator = roles["curator"]
    body = {
        "pilot": pilot.pk,
        "budget": "30000",
        "terms": "T",
        "city_contact": "C",
        "team_contact": "T",
        "milestones": milestone_rows(("50", "60", "40")),
    }
    response = api(curator).post("/api/v1/agreements/", body, format="json")
    assert response.status_code == 400 and "100 %" in str(response.json()["fields"]["milestones"])
    unknown = api(curator).post("/api/v1/agreements/", {**body, "sneaky": 1}, format="json")
    assert unknown.status_code == 400 and "sneaky" in unknown.json()["fields"]
    body["milestones"] = milestone_rows()
    created = api(curator).post("/api/v1/agreements/", body, format="json")
    assert created.status_code == 201 and len(created.json()["milestones"]) == 3
    # A confidential proposal cannot be named by someone who may not see it.
    hidden = PilotFactory(challenge=pilot.challenge, status="submitted")
    assert (
        api(roles["resident"])
        .post("/api/v1/agreements/", {**body, "pilot": hidden.pk}, format="json")
        .status_code
        == 404
    )


def test_a_report_on_another_pilots_milestone_is_400(roles, agreement, draw_up, challenge):
    other = draw_up(PilotFactory(challenge=challenge, status=Pilot.Status.ACCEPTED))
    response = api(roles["lead"]).post(
        f"/api/v1/agreements/{agreement.pk}/reports/",
        {"milestone": other.milestones.first().pk, "summary": "x"},
        format="json",
    )
    assert response.status_code == 400 and response.json()["code"] == "wrong_pilot"
    assert not Report.objects.exists() and not ChangeRequest.objects.exists()
