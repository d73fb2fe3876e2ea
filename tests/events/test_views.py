import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events import services
from events.apps import place_events_context
from events.models import Event, Registration
from tests.accounts.factories import UserFactory
from tests.challenges.factories import ChallengeFactory
from tests.events.factories import EventFactory, PlaceFactory, QuestionFactory, RegistrationFactory
from tests.ideas.factories import IdeaFactory
from tests.pilots.factories import PilotFactory

pytestmark = pytest.mark.django_db

LINK = "https://meet.example.org/secret-room"


def past(**fields):
    starts = timezone.now() - timedelta(days=2)
    return EventFactory(
        starts_at=starts, ends_at=starts + timedelta(hours=2), registration_closes_at=starts, **fields
    )


def form_data(**overrides):
    starts = timezone.localtime() + timedelta(days=5)
    data = {
        "kind": "workshop",
        "language": "fi",
        "title_fi": "Työpaja",
        "title_sv": "Verkstad",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "address": "Piispansilta 11, Espoo",
        "capacity": "20",
    }
    return {**data, **overrides}


class TestList:
    def test_upcoming_soonest_first_in_a_fixed_number_of_queries(self, client, django_assert_max_num_queries):
        later = EventFactory(starts_at=timezone.now() + timedelta(days=9))
        sooner = EventFactory(starts_at=timezone.now() + timedelta(days=2))
        past(title_en="Gone")
        for _ in range(15):
            EventFactory()
        with django_assert_max_num_queries(8):
            response = client.get("/en/events/")
        page = response.content.decode()
        assert response.status_code == 200
        assert page.index(sooner.title) < page.index(later.title)
        assert "Gone" not in page

    def test_signed_in_the_list_shows_her_seats_in_the_same_queries(
        self, client, resident, django_assert_max_num_queries
    ):
        events = EventFactory.create_batch(5)
        RegistrationFactory(event=events[0], user=resident)
        client.force_login(resident)
        with django_assert_max_num_queries(12):
            response = client.get("/en/events/")
        assert "You have a seat" in response.content.decode()

    def test_filters_and_nonsense_in_them(self, client):
        online = EventFactory(address="", online_url=LINK, kind="demo_day", language="sv")
        on_site = EventFactory(kind="workshop")
        page = client.get("/en/events/?where=online").content.decode()
        assert online.title in page and on_site.title not in page
        page = client.get("/en/events/?kind=workshop&language=fi").content.decode()
        assert on_site.title in page and online.title not in page
        assert client.get("/en/events/?kind=nonsense&place=nowhere&page=x&pilot=-3").status_code == 200

    def test_past_events_latest_first(self, client):
        event = past(title_en="The old workshop")
        assert event.title in client.get("/en/events/?when=past").content.decode()


class TestDetail:
    def test_the_online_link_only_for_people_with_a_seat_and_organizers(self, client, resident):
        event = EventFactory(online_url=LINK)
        assert LINK not in client.get(event.get_absolute_url()).content.decode()
        client.force_login(resident)
        assert LINK not in client.get(event.get_absolute_url()).content.decode()
        RegistrationFactory(event=event, user=resident)
        assert LINK in client.get(event.get_absolute_url()).content.decode()
        client.force_login(event.organizer)
        assert LINK in client.get(event.get_absolute_url()).content.decode()

    def test_a_visitor_is_asked_to_log_in(self, client):
        event = EventFactory()
        assert "Log in to register" in client.get(event.get_absolute_url()).content.decode()

    def test_an_unknown_event_is_404(self, client):
        assert client.get("/en/events/999999/").status_code == 404


class TestRegisterPage:
    def test_register_then_again_then_cancel(self, client, resident):
        event = EventFactory(capacity=1)
        question = QuestionFactory(event=event)
        client.force_login(resident)
        url = reverse("event_register", args=[event.pk])
        response = client.post(
            url, {f"answer_{question.pk}": "Kyllä", "share_with_organizer": "on"}, follow=True
        )
        assert "You have a seat" in response.content.decode()
        registration = Registration.objects.get(user=resident)
        assert registration.answers == {str(question.pk): "Kyllä"} and registration.share_with_organizer
        again = client.post(url, {})
        assert again.status_code == 400
        assert "You are already registered for this event." in again.content.decode()
        response = client.post(reverse("event_unregister", args=[event.pk]), follow=True)
        assert "Your registration is cancelled." in response.content.decode()

    def test_full_means_the_waiting_list_with_its_place(self, client, resident):
        event = EventFactory(capacity=1)
        RegistrationFactory(event=event)
        client.force_login(resident)
        response = client.post(reverse("event_register", args=[event.pk]), {}, follow=True)
        page = response.content.decode()
        assert "you are on the waiting list" in page
        assert "You are number 1 on the waiting list" in page

    def test_registering_after_closing_says_when_it_closed(self, client, resident):
        event = EventFactory(registration_closes_at=timezone.now() - timedelta(hours=1))
        client.force_login(resident)
        response = client.post(reverse("event_register", args=[event.pk]), {})
        assert response.status_code == 400
        assert "Registration closed on" in response.content.decode()

    def test_a_visitor_is_sent_to_log_in(self, client):
        event = EventFactory()
        response = client.post(reverse("event_register", args=[event.pk]), {})
        assert response.status_code == 302 and "login" in response["Location"]


class TestOrganizing:
    def test_an_official_announces_an_event(self, client, official):
        client.force_login(official)
        assert client.get("/en/events/new/").status_code == 200
        response = client.post("/en/events/new/", form_data(question1_fi="Ruokavalio?"))
        event = Event.objects.get()
        assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
        assert event.title_sv == "Verkstad" and event.questions.get().text_fi == "Ruokavalio?"

    def test_a_resident_may_not(self, client, resident):
        client.force_login(resident)
        assert client.get("/en/events/new/").status_code == 403

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"ends_at": "2020-01-01T10:00"}, "The event must end after it starts."),
            ({"address": "", "online_url": "http://meet.example.org"}, "starts with https://"),
            ({"address": ""}, "Say where the event is held"),
            ({"title_sv": ""}, "This field is required."),
            ({"capacity": "0"}, "greater than or equal to 1"),
            ({"starts_at": "yesterday"}, "Enter a valid date/time."),
        ],
    )
    def test_bad_input_is_explained_on_the_form(self, client, official, changes, message):
        client.force_login(official)
        response = client.post("/en/events/new/", form_data(**changes))
        assert response.status_code == 400
        assert message in response.content.decode()
        assert not Event.objects.exists()

    def test_capacity_below_the_seats_taken_is_explained(self, client, official):
        event = EventFactory(organizer=official, capacity=2)
        RegistrationFactory.create_batch(2, event=event)
        client.force_login(official)
        data = form_data(capacity="1")
        response = client.post(reverse("event_edit", args=[event.pk]), data)
        assert response.status_code == 400
        assert "2 people already have a seat" in response.content.decode()

    def test_cancelling(self, client, official):
        event = EventFactory(organizer=official)
        client.force_login(official)
        assert client.get(reverse("event_cancel", args=[event.pk])).status_code == 200
        response = client.post(reverse("event_cancel", args=[event.pk]), {"reason": "Sick."}, follow=True)
        assert "This event was cancelled" in response.content.decode()

    def test_another_person_may_not_edit_or_cancel(self, client, resident):
        event = EventFactory()
        client.force_login(resident)
        assert client.get(reverse("event_edit", args=[event.pk])).status_code == 403
        assert client.post(reverse("event_cancel", args=[event.pk])).status_code == 403


class TestRegistrations:
    def test_names_only_of_people_who_agreed(self, client):
        event = EventFactory()
        shared = RegistrationFactory(
            event=event, share_with_organizer=True, user=UserFactory(name="Anna Open")
        )
        RegistrationFactory(event=event, user=UserFactory(name="Bertil Private"))
        client.force_login(event.organizer)
        page = client.get(reverse("event_registrations", args=[event.pk])).content.decode()
        assert "Anna Open" in page and shared.user.email in page
        assert "Bertil Private" not in page
        response = client.get(reverse("event_registrations_csv", args=[event.pk]))
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        text = response.content.decode()
        assert len(rows) == 3
        assert "Anna Open" in text and "Bertil Private" not in text

    def test_a_formula_in_an_answer_stays_text_in_the_csv(self, client):
        question = QuestionFactory()
        event = question.event
        services.registration_create(
            actor=UserFactory(), event=event, answers={str(question.pk): "=HYPERLINK(1)"}
        )
        client.force_login(event.organizer)
        text = client.get(reverse("event_registrations_csv", args=[event.pk])).content.decode()
        assert "'=HYPERLINK(1)" in text

    def test_others_see_no_registrations(self, client, resident):
        event = EventFactory()
        client.force_login(resident)
        assert client.get(reverse("event_registrations", args=[event.pk])).status_code == 403
        assert client.get(reverse("event_registrations_csv", args=[event.pk])).status_code == 403

    def test_attendance_once_it_started(self, client):
        event = past()
        came = RegistrationFactory(event=event)
        client.force_login(event.organizer)
        response = client.post(
            reverse("event_registrations", args=[event.pk]), {f"attended_{came.pk}": "yes"}
        )
        assert response.status_code == 302
        came.refresh_from_db()
        assert came.attended is True

    def test_attendance_not_before(self, client):
        event = EventFactory()
        row = RegistrationFactory(event=event)
        client.force_login(event.organizer)
        assert (
            client.post(
                reverse("event_registrations", args=[event.pk]), {f"attended_{row.pk}": "yes"}
            ).status_code
            == 403
        )


class TestReport:
    def test_publish_with_ideas_and_pilots(self, client):
        event = past()
        idea, pilot = IdeaFactory(), PilotFactory(status="running")
        client.force_login(event.organizer)
        assert client.get(reverse("event_report", args=[event.pk])).status_code == 200
        data = {"report_fi": "Raportti", "report_sv": "Rapport", "ideas": f"{idea.pk}", "pilots": [pilot.pk]}
        response = client.post(reverse("event_report", args=[event.pk]), data, follow=True)
        page = response.content.decode()
        assert "Raportti" not in page or "Report" in page
        assert idea.title in page and pilot.title in page

    def test_bad_idea_numbers_are_explained(self, client):
        event = past()
        client.force_login(event.organizer)
        for ideas, message in (("abc", "is not an idea number"), ("99999", "There is no idea number 99999")):
            response = client.post(
                reverse("event_report", args=[event.pk]), {"report_fi": "a", "report_sv": "b", "ideas": ideas}
            )
            assert response.status_code == 400 and message in response.content.decode()

    def test_not_before_the_end(self, client):
        event = EventFactory()
        client.force_login(event.organizer)
        assert client.get(reverse("event_report", args=[event.pk])).status_code == 403

    def test_an_idea_from_the_event(self, client, resident):
        event = past()
        RegistrationFactory(event=event, user=resident)
        client.force_login(resident)
        response = client.post(
            reverse("event_idea", args=[event.pk]),
            {"title": "Lisää penkkejä", "body": "Penkit.", "language": "fi"},
        )
        assert response.status_code == 302
        assert event.report_ideas.get().title == "Lisää penkkejä"


class TestCalendar:
    def test_the_ics_of_an_event(self, client, resident):
        event = EventFactory(online_url=LINK)
        response = client.get(reverse("event_ics", args=[event.pk]))
        assert response["Content-Type"].startswith("text/calendar")
        entry = Calendar.from_ical(response.content).walk("VEVENT")[0]
        assert str(entry["UID"]).startswith(f"event-{event.pk}@")
        assert entry.decoded("DTSTART") == event.starts_at.replace(microsecond=0)
        assert LINK not in response.content.decode()
        RegistrationFactory(event=event, user=resident)
        client.force_login(resident)
        assert LINK in client.get(reverse("event_ics", args=[event.pk])).content.decode()

    def test_the_personal_feed_at_a_renewable_secret_address(self, client, resident):
        seat, waiting, other = EventFactory(online_url=LINK), EventFactory(), EventFactory()
        RegistrationFactory(event=seat, user=resident)
        RegistrationFactory(event=waiting, user=resident, status="waiting")
        client.force_login(resident)
        page = client.get(reverse("my_events")).content.decode()
        feed = services.calendar_feed_for(user=resident)
        assert feed.token in page
        client.logout()
        response = client.get(feed.get_absolute_url())
        entries = {str(e["SUMMARY"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}
        assert set(entries) == {seat.title, waiting.title} and other.title not in entries
        assert str(entries[waiting.title]["STATUS"]) == "TENTATIVE"
        assert LINK in response.content.decode()
        client.force_login(resident)
        client.post(reverse("event_feed_renew"))
        client.logout()
        assert client.get(feed.get_absolute_url()).status_code == 404
        assert client.get("/en/events/calendar/not-a-token.ics").status_code == 404


class TestOnOtherPages:
    def test_a_challenge_and_a_pilot_show_their_events(self, client):
        challenge = ChallengeFactory()
        pilot = PilotFactory(status="running")
        EventFactory(challenge=challenge, title_en="Challenge workshop", title_fi="Haastetyöpaja")
        EventFactory(pilot=pilot, title_en="Pilot test session", title_fi="Pilotin testi")
        assert "Challenge workshop" in client.get(challenge.get_absolute_url()).content.decode()
        assert "Pilot test session" in client.get(pilot.get_absolute_url()).content.decode()

    def test_the_place_section_lists_the_place_s_upcoming_events(self, rf, django_assert_max_num_queries):
        place = PlaceFactory()
        soon = EventFactory(place=place)
        past(place=place)
        request = rf.get("/")
        request.user = UserFactory()
        with django_assert_max_num_queries(1):
            context = place_events_context(request, place)
        assert context["events"] == [soon]
