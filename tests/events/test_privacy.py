"""events.privacy: a person's registrations and calendar address in her data download, and what
deleting her account does to them (see the module's docstring)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events import services
from events.models import CalendarFeed, Event, Registration
from notifications.models import Notification
from privacy import services as privacy
from tests.accounts.factories import UserFactory
from tests.events.factories import EventFactory, QuestionFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-good-password-42"


@pytest.fixture
def aino(db):
    return UserFactory(name="Aino Virtanen")


def test_the_download_holds_her_registrations_answers_and_feed(aino):
    question = QuestionFactory(text_en="Diet?", text_fi="Ruokavalio?")
    services.registration_create(
        actor=aino, event=question.event, answers={str(question.pk): "Vegan"}, share_with_organizer=True
    )
    services.calendar_feed_for(user=aino)
    data = privacy.collect(aino)["events"]
    [registration] = data["event_registrations"]
    assert registration["status"] == "confirmed" and registration["name_shared_with_organizer"] is True
    assert list(registration["answers"].values()) == ["Vegan"]
    assert data["event_calendar_feed"]["created_at"]
    assert "token" not in str(data["event_calendar_feed"])
    privacy.to_json(privacy.collect(aino))  # serializable


def test_deleting_the_account_frees_her_seat_for_the_next_in_line(aino, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    services.registration_create(actor=aino, event=event)
    waiting = UserFactory()
    services.registration_create(actor=waiting, event=event)
    starts = timezone.now() - timedelta(days=3)
    past = EventFactory(starts_at=starts, ends_at=starts + timedelta(hours=2), registration_closes_at=starts)
    RegistrationFactory(event=past, user=aino, attended=True)
    feed = services.calendar_feed_for(user=aino)

    with django_capture_on_commit_callbacks(execute=True):
        privacy.account_delete(actor=aino, password=PASSWORD)

    assert not Registration.objects.filter(user=aino).exists()
    assert not CalendarFeed.objects.filter(pk=feed.pk).exists()
    assert Registration.objects.get(user=waiting).status == "confirmed"
    assert Notification.objects.filter(recipient=waiting, event__kind="event.promoted").count() == 1
    for each in Event.objects.all():  # counters still equal their rows
        rows = Registration.objects.filter(event=each)
        assert each.confirmed_count == rows.filter(status="confirmed").count()
        assert each.waiting_count == rows.filter(status="waiting").count()


def test_events_she_organized_stay(official):
    event = EventFactory(organizer=official)
    UserFactory()  # someone else
    official.set_password(PASSWORD)
    official.save()
    privacy.account_delete(actor=official, password=PASSWORD)
    assert Event.objects.filter(pk=event.pk).exists()
