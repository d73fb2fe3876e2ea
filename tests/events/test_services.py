from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from events import services
from events.models import Event, Registration
from notifications.emails import notification_text
from notifications.models import Event as Outbox
from notifications.models import Notification
from portal.models import AuditEntry
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.challenges.factories import ChallengeFactory
from tests.events.factories import EventFactory, QuestionFactory, RegistrationFactory
from tests.ideas.factories import IdeaFactory
from tests.pilots.factories import PilotFactory

pytestmark = pytest.mark.django_db


def event_fields(**overrides):
    starts = timezone.now() + timedelta(days=3)
    fields = {
        "kind": "workshop",
        "language": "fi",
        "title_fi": "Liikkumisen työpaja",
        "title_sv": "Verkstad om mobilitet",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "address": "Piispansilta 11, Espoo",
        "capacity": 20,
    }
    return {**fields, **overrides}


def messages_of(error: ValidationError) -> dict:
    return error.value.message_dict


class TestEventCreate:
    def test_an_official_announces_a_city_event_and_follows_it(self, official):
        event = services.event_create(actor=official, **event_fields())
        assert event.organizer == official and event.organization is None
        assert event.registration_closes_at == event.starts_at
        assert event.follower_count == 1
        assert AuditEntry.objects.filter(action="event.create", target_id=event.pk).exists()

    def test_a_member_announces_one_for_her_organization(self, org_member, organization):
        event = services.event_create(actor=org_member, organization=organization, **event_fields())
        assert event.organization == organization

    def test_a_member_cannot_announce_a_city_event_nor_for_another_organization(self, org_member):
        with pytest.raises(ValidationError) as error:
            services.event_create(actor=org_member, **event_fields())
        assert "organization" in messages_of(error)
        other = MembershipFactory().organization
        with pytest.raises(ValidationError):
            services.event_create(actor=org_member, organization=other, **event_fields())

    def test_a_resident_without_an_organization_may_not(self, resident):
        with pytest.raises(PermissionDenied):
            services.event_create(actor=resident, **event_fields())

    def test_end_before_start_is_refused_in_words(self, official):
        fields = event_fields()
        with pytest.raises(ValidationError) as error:
            services.event_create(
                actor=official, **{**fields, "ends_at": fields["starts_at"] - timedelta(hours=1)}
            )
        assert messages_of(error)["ends_at"] == ["The event must end after it starts."]

    def test_a_link_that_is_not_https_is_refused(self, official):
        with pytest.raises(ValidationError) as error:
            services.event_create(
                actor=official, **event_fields(address="", online_url="http://meet.example.org/x")
            )
        assert messages_of(error)["online_url"] == [
            "The online link must be a secure address that starts with https://."
        ]

    def test_it_needs_a_where(self, official):
        with pytest.raises(ValidationError) as error:
            services.event_create(actor=official, **event_fields(address=""))
        assert "Say where the event is held" in messages_of(error)["address"][0]

    def test_the_title_is_needed_in_finnish_and_swedish(self, official):
        with pytest.raises(ValidationError) as error:
            services.event_create(actor=official, **event_fields(title_sv=""))
        assert messages_of(error)["title_sv"] == [
            "Write the title in Swedish too: the city's events are bilingual."
        ]

    def test_registration_must_close_by_the_end(self, official):
        fields = event_fields()
        with pytest.raises(ValidationError) as error:
            services.event_create(
                actor=official, **{**fields, "registration_closes_at": fields["ends_at"] + timedelta(hours=1)}
            )
        assert "registration_closes_at" in messages_of(error)

    def test_an_event_in_the_past_is_not_announced(self, official):
        fields = event_fields(starts_at=timezone.now() - timedelta(days=1), ends_at=timezone.now())
        with pytest.raises(ValidationError) as error:
            services.event_create(actor=official, **fields)
        assert "starts_at" in messages_of(error)

    def test_followers_of_its_challenge_hear_of_it(
        self, official, resident, django_capture_on_commit_callbacks
    ):
        challenge = ChallengeFactory()
        from engagement import services as engagement

        engagement.follow_start(actor=resident, target=challenge)
        with django_capture_on_commit_callbacks(execute=True):
            services.event_create(actor=official, challenge=challenge, **event_fields())
        notification = Notification.objects.get(recipient=resident, event__kind="event.new")
        with translation.override("sv"):
            assert (
                notification_text(notification.event)
                == f"Nytt evenemang i ”{challenge.title}”: Verkstad om mobilitet"
            )

    def test_a_pilot_that_is_not_public_cannot_be_chosen(self, official):
        with pytest.raises(ValidationError) as error:
            services.event_create(actor=official, pilot=PilotFactory(status="submitted"), **event_fields())
        assert "pilot" in messages_of(error)


class TestEventUpdate:
    def test_capacity_below_the_seats_taken_is_refused(self, official):
        event = EventFactory(organizer=official, capacity=3)
        RegistrationFactory.create_batch(3, event=event)
        with pytest.raises(ValidationError) as error:
            services.event_update(actor=official, event=event, capacity=2)
        assert messages_of(error)["capacity"][0].startswith("3 people already have a seat")

    def test_more_seats_move_people_up_from_the_waiting_list(self, official):
        event = EventFactory(organizer=official, capacity=1)
        first, second, third = UserFactory.create_batch(3)
        for person in (first, second, third):
            services.registration_create(actor=person, event=event)
        services.event_update(actor=official, event=event, capacity=2)
        event.refresh_from_db()
        assert (event.confirmed_count, event.waiting_count) == (2, 1)
        assert Registration.objects.get(user=second).status == "confirmed"
        assert Registration.objects.get(user=third).status == "waiting"

    def test_postponing_tells_the_people_registered_and_raises_the_sequence(
        self, official, django_capture_on_commit_callbacks
    ):
        event = EventFactory(organizer=official)
        registered = RegistrationFactory(event=event).user
        later = event.starts_at + timedelta(days=7)
        with django_capture_on_commit_callbacks(execute=True):
            services.event_update(
                actor=official,
                event=event,
                starts_at=later,
                ends_at=later + timedelta(hours=2),
                registration_closes_at=later,
            )
        event.refresh_from_db()
        assert event.sequence == 1
        assert Notification.objects.filter(recipient=registered, event__kind="event.postponed").count() == 1

    def test_editing_the_text_only_tells_nobody(self, official, django_capture_on_commit_callbacks):
        event = EventFactory(organizer=official)
        RegistrationFactory(event=event)
        with django_capture_on_commit_callbacks(execute=True):
            services.event_update(actor=official, event=event, summary_fi="Uusi kuvaus")
        assert not Outbox.objects.exists()
        event.refresh_from_db()
        assert event.sequence == 0

    def test_another_official_may_not_edit_a_city_event_she_does_not_organize(self, official):
        event = EventFactory()
        with pytest.raises(PermissionDenied):
            services.event_update(actor=official, event=event, capacity=5)

    def test_questions_are_fixed_once_answered(self, official):
        event = EventFactory(organizer=official)
        question = QuestionFactory(event=event)
        services.registration_create(actor=UserFactory(), event=event, answers={str(question.pk): "Kyllä"})
        with pytest.raises(ValidationError):
            services.event_update(actor=official, event=event, questions=[{"text_fi": "Muu kysymys"}])


class TestEventCancel:
    def test_everyone_registered_and_followers_are_told_with_the_reason(
        self, official, django_capture_on_commit_callbacks
    ):
        event = EventFactory(organizer=official)
        seat = RegistrationFactory(event=event).user
        waiting = RegistrationFactory(event=event, status="waiting").user
        with django_capture_on_commit_callbacks(execute=True):
            services.event_cancel(actor=official, event=event, reason="The hall is closed.")
        event.refresh_from_db()
        assert event.is_cancelled and event.cancel_reason == "The hall is closed."
        told = set(
            Notification.objects.filter(event__kind="event.cancelled").values_list("recipient", flat=True)
        )
        assert told == {seat.pk, waiting.pk}  # the organizer follows it but caused it

    def test_a_cancelled_event_takes_no_registrations(self, official, resident):
        event = EventFactory(organizer=official)
        services.event_cancel(actor=official, event=event)
        with pytest.raises(ValidationError) as error:
            services.registration_create(actor=resident, event=event)
        assert error.value.code == "event_cancelled"


class TestRegistration:
    def test_seats_then_the_waiting_list_in_order(self):
        event = EventFactory(capacity=2)
        people = UserFactory.create_batch(4)
        statuses = [services.registration_create(actor=p, event=event).status for p in people]
        assert statuses == ["confirmed", "confirmed", "waiting", "waiting"]
        event.refresh_from_db()
        assert (event.confirmed_count, event.waiting_count) == (2, 2)

    def test_registering_twice_is_refused_in_words(self, resident):
        event = EventFactory()
        services.registration_create(actor=resident, event=event)
        with pytest.raises(ValidationError) as error:
            services.registration_create(actor=resident, event=event)
        assert error.value.messages == ["You are already registered for this event."]
        assert error.value.code == "already_registered"

    def test_registering_after_closing_is_refused_with_the_date(self, resident):
        event = EventFactory(registration_closes_at=timezone.now() - timedelta(minutes=1))
        with pytest.raises(ValidationError) as error:
            services.registration_create(actor=resident, event=event)
        assert error.value.code == "registration_closed"
        assert error.value.messages[0].startswith("Registration closed on ")

    def test_the_refusal_speaks_finnish_to_a_finn(self, resident):
        event = EventFactory()
        services.registration_create(actor=resident, event=event)
        with translation.override("fi"), pytest.raises(ValidationError) as error:
            services.registration_create(actor=resident, event=event)
        assert error.value.messages == ["Olet jo ilmoittautunut tähän tapahtumaan."]

    def test_cancelling_moves_the_first_waiting_up_once_and_tells_them(
        self, django_capture_on_commit_callbacks
    ):
        event = EventFactory(capacity=1)
        first, second, third = UserFactory.create_batch(3)
        registrations = [services.registration_create(actor=p, event=event) for p in (first, second, third)]
        with django_capture_on_commit_callbacks(execute=True):
            services.registration_cancel(actor=first, registration=registrations[0])
        assert Registration.objects.get(user=second).status == "confirmed"
        assert Registration.objects.get(user=third).status == "waiting"
        assert Notification.objects.filter(event__kind="event.promoted").count() == 1
        assert Notification.objects.get(event__kind="event.promoted").recipient == second
        with pytest.raises(ValidationError):
            services.registration_cancel(actor=first, registration=registrations[0])

    def test_registering_again_after_cancelling_goes_to_the_end_of_the_queue(self):
        event = EventFactory(capacity=1)
        first, second = UserFactory.create_batch(2)
        mine = services.registration_create(actor=first, event=event)
        services.registration_create(actor=second, event=event)
        services.registration_cancel(actor=first, registration=mine)
        again = services.registration_create(actor=first, event=event)
        assert again.pk == mine.pk and again.status == "waiting"

    def test_only_the_person_cancels_her_registration(self, resident):
        registration = RegistrationFactory()
        with pytest.raises(PermissionDenied):
            services.registration_cancel(actor=resident, registration=registration)

    def test_answers_to_unknown_questions_are_refused(self, resident):
        event = EventFactory()
        with pytest.raises(ValidationError) as error:
            services.registration_create(actor=resident, event=event, answers={"999": "x"})
        assert "answers" in messages_of(error)

    def test_a_too_long_answer_is_refused(self, resident):
        question = QuestionFactory()
        with pytest.raises(ValidationError):
            services.registration_create(
                actor=resident, event=question.event, answers={str(question.pk): "x" * 501}
            )

    def test_after_the_event_the_registration_stays(self, resident):
        event = EventFactory(
            starts_at=timezone.now() - timedelta(hours=3),
            ends_at=timezone.now() - timedelta(hours=1),
            registration_closes_at=timezone.now() - timedelta(hours=3),
        )
        registration = RegistrationFactory(event=event, user=resident)
        with pytest.raises(ValidationError) as error:
            services.registration_cancel(actor=resident, registration=registration)
        assert error.value.code == "event_ended"


def past_event(**fields):
    return EventFactory(
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(days=2) + timedelta(hours=2),
        registration_closes_at=timezone.now() - timedelta(days=2),
        **fields,
    )


class TestAfterwards:
    def test_attendance_of_confirmed_seats(self, official):
        event = past_event(organizer=official)
        came, absent = RegistrationFactory.create_batch(2, event=event)
        waiting = RegistrationFactory(event=event, status="waiting")
        assert (
            services.attendance_mark(actor=official, event=event, attended={came.pk: True, absent.pk: False})
            == 2
        )
        came.refresh_from_db()
        assert came.attended is True
        with pytest.raises(ValidationError):
            services.attendance_mark(actor=official, event=event, attended={waiting.pk: True})

    def test_attendance_waits_for_the_start(self, official):
        event = EventFactory(organizer=official)
        registration = RegistrationFactory(event=event)
        with pytest.raises(PermissionDenied):
            services.attendance_mark(actor=official, event=event, attended={registration.pk: True})

    def test_the_report_links_ideas_and_pilots_and_tells_once(
        self, official, django_capture_on_commit_callbacks
    ):
        event = past_event(organizer=official)
        attendee = RegistrationFactory(event=event).user
        idea, pilot = IdeaFactory(), PilotFactory(status="running")
        with django_capture_on_commit_callbacks(execute=True):
            services.report_publish(
                actor=official,
                event=event,
                ideas=[idea],
                pilots=[pilot],
                report_fi="Keskusteltiin.",
                report_sv="Vi diskuterade.",
            )
            services.report_publish(actor=official, event=event, report_fi="Korjattu.", report_sv="Rättad.")
        event.refresh_from_db()
        assert event.has_report and event.report_fi == "Korjattu."
        assert list(event.report_ideas.all()) == [] and list(event.report_pilots.all()) == []
        assert Notification.objects.filter(recipient=attendee, event__kind="event.report").count() == 1

    def test_the_report_needs_finnish_and_swedish(self, official):
        event = past_event(organizer=official)
        with pytest.raises(ValidationError) as error:
            services.report_publish(actor=official, event=event, report_fi="Vain suomeksi.")
        assert "report_sv" in messages_of(error)

    def test_a_confidential_proposal_cannot_be_linked(self, official):
        event = past_event(organizer=official)
        with pytest.raises(ValidationError):
            services.report_publish(
                actor=official,
                event=event,
                pilots=[PilotFactory(status="submitted")],
                report_fi="a",
                report_sv="b",
            )

    def test_the_report_waits_for_the_end(self, official):
        with pytest.raises(PermissionDenied):
            services.report_publish(
                actor=official, event=EventFactory(organizer=official), report_fi="a", report_sv="b"
            )

    def test_a_new_idea_from_the_event_is_linked_from_it(self, resident):
        event = past_event()
        RegistrationFactory(event=event, user=resident)
        idea = services.event_idea_create(
            actor=resident, event=event, title="Penkkejä", body="Lisää penkkejä."
        )
        assert list(event.report_ideas.all()) == [idea]

    def test_only_people_with_a_seat_propose_ideas_from_it(self, resident):
        with pytest.raises(PermissionDenied):
            services.event_idea_create(actor=resident, event=past_event(), title="x", body="y")


class TestCalendarFeed:
    def test_renewing_makes_a_new_address(self, resident):
        old = services.calendar_feed_for(user=resident).token
        new = services.calendar_feed_renew(actor=resident).token
        assert old != new and len(new) >= 40


class TestCountersEqualRows:
    def test_after_a_mix_of_changes(self, official):
        event = EventFactory(organizer=official, capacity=3)
        people = UserFactory.create_batch(6)
        registrations = [services.registration_create(actor=p, event=event) for p in people]
        services.registration_cancel(actor=people[0], registration=registrations[0])
        services.registration_cancel(actor=people[4], registration=registrations[4])
        services.event_update(actor=official, event=event, capacity=4)
        event.refresh_from_db()
        rows = Registration.objects.filter(event=event)
        assert event.confirmed_count == rows.filter(status="confirmed").count() == 4
        assert event.waiting_count == rows.filter(status="waiting").count() == 0
        assert Event.objects.get(pk=event.pk).confirmed_count <= event.capacity
