from rest_framework.test import APIClient

from notifications import services
from notifications.models import Notification
from tests.accounts.factories import OrganizationFactory, UserFactory


def test_own_notifications_only_mark_read_and_preferences(db, django_capture_on_commit_callbacks):
    person, other = UserFactory(), UserFactory()
    target = OrganizationFactory(slug="polku")
    with django_capture_on_commit_callbacks(execute=True):
        for recipient in (person, other):
            services.event_record(
                kind="pilot.update", actor=None, target=target, url="/en/organizations/polku/",
                title="Polku", recipients=[recipient],
            )  # fmt: skip
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    assert api.get("/api/v1/notifications/").status_code == 401
    api.force_authenticate(person)
    body = api.get("/api/v1/notifications/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["count"] == 1
    item = body["results"][0]
    assert (
        item["kind"] == "pilot.update"
        and item["url"].endswith("/en/organizations/polku/")
        and not item["is_read"]
    )
    theirs = Notification.objects.get(recipient=other)
    assert api.post(f"/api/v1/notifications/{theirs.pk}/read/").status_code == 404
    assert api.post(f"/api/v1/notifications/{item['id']}/read/").status_code == 204
    assert api.get("/api/v1/notifications/").json()["results"][0]["is_read"]

    def frequency(preferences, kind):
        return next(p["frequency"] for p in preferences if p["kind"] == kind)

    assert frequency(api.get("/api/v1/notifications/preferences/").json(), "pilot.update") == "daily"
    change = [{"kind": "pilot.update", "frequency": "never"}]
    response = api.patch("/api/v1/notifications/preferences/", change, format="json")
    assert frequency(response.json(), "pilot.update") == "never"
    change = [{"kind": "pilot.update", "frequency": "hourly"}]
    response = api.patch("/api/v1/notifications/preferences/", change, format="json")
    assert response.status_code == 400 and response.json()["code"] == "invalid"
