from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from events.models import Event, Registration
from tests.accounts.factories import UserFactory
from tests.events.factories import EventFactory, QuestionFactory, RegistrationFactory
from tests.events.test_rules import ALLOWED, ROLES, make_event
from tests.events.test_rules import people as people
from tests.ideas.factories import IdeaFactory
from tests.pilots.factories import PilotFactory

pytestmark = pytest.mark.django_db

LINK = "https://meet.example.org/room"


def api(user=None, language="en") -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_authenticate(user)
    return client


def past(**fields):
    starts = timezone.now() - timedelta(days=2)
    return EventFactory(
        starts_at=starts, ends_at=starts + timedelta(hours=2), registration_closes_at=starts, **fields
    )


def create_body(**overrides):
    starts = timezone.now() + timedelta(days=4)
    body = {
        "kind": "workshop",
        "language": "sv",
        "title_fi": "Työpaja",
        "title_sv": "Verkstad",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=2)).isoformat(),
        "online_url": LINK,
        "capacity": 30,
        "questions": [{"text_fi": "Ruokavalio?", "text_sv": "Kost?"}],
    }
    return {**body, **overrides}


class TestReading:
    def test_list_and_detail_for_a_visitor_without_the_link(self, django_assert_max_num_queries):
        event = EventFactory(online_url=LINK)
        EventFactory.create_batch(5)
        with django_assert_max_num_queries(6):
            response = api().get("/api/v1/events/")
        assert response.status_code == 200 and response.json()["count"] == 6
        item = next(e for e in response.json()["results"] if e["id"] == event.pk)
        assert item["online"] is True and item["online_url"] is None
        detail = api().get(f"/api/v1/events/{event.pk}/").json()
        assert detail["texts"]["title"]["sv"] == event.title_sv
        assert detail["online_url"] is None

    def test_a_seat_shows_the_link(self, resident):
        event = EventFactory(online_url=LINK)
        RegistrationFactory(event=event, user=resident)
        detail = api(resident).get(f"/api/v1/events/{event.pk}/").json()
        assert detail["online_url"] == LINK and detail["my_registration"] == "confirmed"

    def test_filters_are_validated(self):
        response = api().get("/api/v1/events/?when=tomorrow")
        assert response.status_code == 400 and "when" in response.json()["fields"]

    def test_past_events_carry_their_report(self):
        event = past(report_fi="Raportti", report_sv="Rapport", report_published_at=timezone.now())
        event.report_ideas.add(IdeaFactory())
        body = api().get(f"/api/v1/events/{event.pk}/").json()
        assert body["report"]["text"] and len(body["report"]["ideas"]) == 1


class TestAnnouncing:
    def test_an_official_announces(self, official):
        response = api(official).post("/api/v1/events/", create_body(), format="json")
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["title"] == "Työpaja" and body["questions"][0]["text"]
        assert body["online_url"] == LINK  # the organizer sees it

    def test_a_visitor_is_401_and_a_resident_403(self, resident):
        assert api().post("/api/v1/events/", create_body(), format="json").status_code == 401
        assert api(resident).post("/api/v1/events/", create_body(), format="json").status_code == 403

    @pytest.mark.parametrize(
        ("changes", "field", "message"),
        [
            ({"ends_at": "2020-01-01T10:00:00Z"}, "ends_at", "The event must end after it starts."),
            ({"online_url": "http://meet.example.org"}, "online_url", "https://"),
            ({"title_sv": ""}, "title_sv", "Swedish"),
            ({"capacity": 0}, "capacity", "greater than or equal to 1"),
            ({"titel": "x"}, "titel", "not known"),
        ],
    )
    def test_bad_input_is_a_400_naming_the_field(self, official, changes, field, message):
        response = api(official).post("/api/v1/events/", create_body(**changes), format="json")
        assert response.status_code == 400
        assert message in " ".join(response.json()["fields"][field])
        assert not Event.objects.exists()

    def test_bad_input_in_finnish(self, official):
        response = api(official, "fi").post(
            "/api/v1/events/", create_body(ends_at="2020-01-01T10:00:00Z"), format="json"
        )
        assert response.json()["fields"]["ends_at"] == ["Tapahtuman on päätyttävä alkamisensa jälkeen."]

    def test_capacity_below_the_seats_taken(self, official):
        event = EventFactory(organizer=official, capacity=3)
        RegistrationFactory.create_batch(3, event=event)
        response = api(official).patch(f"/api/v1/events/{event.pk}/", {"capacity": 2}, format="json")
        assert response.status_code == 400
        assert "3 people already have a seat" in response.json()["fields"]["capacity"][0]

    def test_postponing_and_cancelling(self, official):
        event = EventFactory(organizer=official)
        later = event.starts_at + timedelta(days=1)
        response = api(official).patch(
            f"/api/v1/events/{event.pk}/",
            {"starts_at": later.isoformat(), "ends_at": (later + timedelta(hours=1)).isoformat(),
             "registration_closes_at": later.isoformat()},
            format="json",
        )  # fmt: skip
        assert response.status_code == 200, response.json()
        response = api(official).post(f"/api/v1/events/{event.pk}/cancel/", {"reason": "Flu"}, format="json")
        assert response.json()["status"] == "cancelled"
        again = api(official).post(f"/api/v1/events/{event.pk}/cancel/", {}, format="json")
        assert again.status_code == 403


class TestRegistering:
    def test_seat_waiting_list_twice_and_cancel(self):
        event = EventFactory(capacity=1)
        question = QuestionFactory(event=event)
        first, second = UserFactory.create_batch(2)
        url = f"/api/v1/events/{event.pk}/register/"
        response = api(first).post(
            url, {"answers": {str(question.pk): "Ei"}, "share_with_organizer": True}, format="json"
        )
        assert response.status_code == 201 and response.json()["status"] == "confirmed"
        response = api(second).post(url, {}, format="json")
        assert response.json()["status"] == "waiting" and response.json()["waiting_list_position"] == 1
        twice = api(second).post(url, {}, format="json")
        assert twice.status_code == 400 and twice.json()["code"] == "already_registered"
        assert twice.json()["detail"] == "You are already on the waiting list of this event."
        assert api(first).delete(url).status_code == 200
        assert Registration.objects.get(user=second).status == "confirmed"
        assert api(first).delete(url).status_code == 400  # already cancelled
        assert api(UserFactory()).delete(url).status_code == 404

    def test_after_closing(self, resident):
        event = EventFactory(registration_closes_at=timezone.now() - timedelta(minutes=5))
        response = api(resident, "sv").post(f"/api/v1/events/{event.pk}/register/", {}, format="json")
        assert response.status_code == 400 and response.json()["code"] == "registration_closed"
        assert response.json()["detail"].startswith("Anmälan stängdes")

    def test_an_unknown_answer_and_field(self, resident):
        event = EventFactory()
        url = f"/api/v1/events/{event.pk}/register/"
        assert api(resident).post(url, {"answers": {"77": "x"}}, format="json").status_code == 400
        assert api(resident).post(url, {"seat": 3}, format="json").status_code == 400

    def test_own_registrations_only(self, resident):
        mine = RegistrationFactory(user=resident)
        RegistrationFactory()
        body = api(resident).get("/api/v1/event-registrations/").json()
        assert [r["id"] for r in body["results"]] == [mine.pk]
        assert api().get("/api/v1/event-registrations/").status_code == 401

    def test_follow(self, resident):
        event = EventFactory()
        response = api(resident).post(f"/api/v1/events/{event.pk}/follow/")
        assert response.json()["is_following"] is True


class TestOrganizers:
    def test_registrations_with_names_only_by_consent(self):
        event = EventFactory()
        RegistrationFactory(event=event, share_with_organizer=True, user=UserFactory(name="Open Person"))
        RegistrationFactory(event=event)
        rows = api(event.organizer).get(f"/api/v1/events/{event.pk}/registrations/").json()
        assert sorted(r["name"] or "" for r in rows) == ["", "Open Person"]
        assert api(UserFactory()).get(f"/api/v1/events/{event.pk}/registrations/").status_code == 403

    def test_attendance(self):
        event = past()
        row = RegistrationFactory(event=event)
        url = f"/api/v1/events/{event.pk}/attendance/"
        response = api(event.organizer).post(
            url, {"attendance": [{"registration": row.pk, "attended": True}]}, format="json"
        )
        assert response.status_code == 200 and response.json()[0]["attended"] is True
        bad = api(event.organizer).post(
            url, {"attendance": [{"registration": 99999, "attended": True}]}, format="json"
        )
        assert bad.status_code == 400

    def test_attendance_not_before_the_start(self):
        event = EventFactory()
        row = RegistrationFactory(event=event)
        response = api(event.organizer).post(
            f"/api/v1/events/{event.pk}/attendance/",
            {"attendance": [{"registration": row.pk, "attended": True}]},
            format="json",
        )
        assert response.status_code == 403

    def test_report(self):
        event = past()
        idea, pilot = IdeaFactory(), PilotFactory(status="completed")
        url = f"/api/v1/events/{event.pk}/report/"
        missing = api(event.organizer).put(url, {"report_fi": "Vain suomeksi"}, format="json")
        assert missing.status_code == 400 and "report_sv" in missing.json()["fields"]
        body = {"report_fi": "Raportti", "report_sv": "Rapport", "ideas": [idea.pk], "pilots": [pilot.pk]}
        response = api(event.organizer).put(url, body, format="json")
        assert response.status_code == 200 and response.json()["report"]["pilots"][0]["id"] == pilot.pk
        assert api(event.organizer).put(url, {**body, "ideas": [999999]}, format="json").status_code == 400


ACTIONS = {
    # perm: (method, path under the event, body)
    "events.change_event": ("patch", "", {"summary_fi": "Uusi"}),
    "events.view_registrations": ("get", "registrations/", None),
    "events.publish_report": ("put", "report/", {"report_fi": "R", "report_sv": "R"}),
    "events.cancel_event": ("post", "cancel/", {}),
}


@pytest.mark.parametrize("state", ["upcoming", "past"])
def test_the_api_follows_the_same_rules_for_every_role(people, state):
    """The organizers' actions through the API, for every role: allowed ones answer 2xx, the rest
    401 (visitor) or 403."""
    wrong = []
    for perm, (method, path, body) in ACTIONS.items():
        for role in ROLES:
            event = make_event(state, people["organizer"], people["organization"])
            user = None if role == "visitor" else people[role]
            response = getattr(api(user), method)(f"/api/v1/events/{event.pk}/{path}", body, format="json")
            allowed = role in ALLOWED[state][perm]
            ok = response.status_code < 300 if allowed else response.status_code in (401, 403)
            if not ok:
                wrong.append((perm, role, response.status_code))
    assert not wrong, wrong
