from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from events import services, tasks
from events.models import Event
from notifications.models import Event as Outbox
from notifications.models import Notification, Preference
from tests.accounts.factories import UserFactory
from tests.events.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def tomorrow(**fields):
    starts = timezone.now() + timedelta(hours=20)
    return EventFactory(
        starts_at=starts, ends_at=starts + timedelta(hours=2), registration_closes_at=starts, **fields
    )


def test_the_day_before_people_with_a_seat_are_reminded_once(django_capture_on_commit_callbacks):
    event = tomorrow()
    seat = RegistrationFactory(event=event).user
    RegistrationFactory(event=event, status="waiting")
    RegistrationFactory(event=EventFactory())  # next week: not yet
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_reminders()
        tasks.send_reminders()  # the next beat, or a retry
    assert Outbox.objects.filter(kind="event.reminder").count() == 1
    assert list(Notification.objects.values_list("recipient", flat=True)) == [seat.pk]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [seat.email]
    event.refresh_from_db()
    assert event.reminder_sent_at is not None


def test_in_her_language(django_capture_on_commit_callbacks):
    event = tomorrow(title_sv="Verkstad i morgon")
    person = UserFactory(language="sv")
    RegistrationFactory(event=event, user=person)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_reminders()
    assert "Verkstad i morgon" in mail.outbox[0].subject


def test_at_her_chosen_pace(django_capture_on_commit_callbacks):
    event = tomorrow()
    person = RegistrationFactory(event=event).user
    Preference.objects.create(user=person, kind="event.reminder", frequency="never")
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_reminders()
    assert Notification.objects.filter(recipient=person).exists()
    assert not mail.outbox


def test_cancelled_or_started_events_are_not_reminded():
    cancelled = tomorrow(status=Event.Status.CANCELLED)
    RegistrationFactory(event=cancelled)
    assert services.events_to_remind() == []
    begun = timezone.now() - timedelta(minutes=5)
    started = EventFactory(starts_at=begun, ends_at=begun + timedelta(hours=1), registration_closes_at=begun)
    RegistrationFactory(event=started)
    assert not services.event_remind(event_id=started.pk)
    assert not services.event_remind(event_id=999999)


def test_postponed_by_more_than_a_day_it_is_reminded_again(official):
    event = tomorrow(organizer=official)
    RegistrationFactory(event=event)
    assert services.event_remind(event_id=event.pk)
    later = event.starts_at + timedelta(days=7)
    services.event_update(actor=official, event=event, starts_at=later, ends_at=later + timedelta(hours=1),
                          registration_closes_at=later)  # fmt: skip
    event.refresh_from_db()
    assert event.reminder_sent_at is None
