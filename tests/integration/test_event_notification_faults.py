"""Event reminders and waiting-list promotions when things break, like the other notifications:
two beats at once, a worker killed in the middle of the reminders, Redis down at the moment of a
promotion. Nobody is told twice and nobody is left out."""

import threading

import pytest
from django.db import connection, connections
from django.test import override_settings

from events import services, tasks
from notifications import tasks as notification_tasks
from notifications.models import EmailDelivery, Event, Notification
from tests.accounts.factories import UserFactory
from tests.events.test_reminders import tomorrow
from tests.integration.conftest import Workers, wait_for

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent connections"),
]


def sent() -> int:
    return EmailDelivery.objects.filter(status=EmailDelivery.Status.SENT).count()


@pytest.mark.django_db(transaction=True)
def test_two_beats_at_the_same_moment_remind_once():
    event = tomorrow()
    for person in UserFactory.create_batch(3):
        services.registration_create(actor=person, event=event)
    barrier = threading.Barrier(4)
    results, errors = [], []

    def beat():
        try:
            barrier.wait(timeout=30)
            results.append(services.event_remind(event_id=event.pk))
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=beat) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert sorted(results) == [False, False, False, True]
    assert Event.objects.filter(kind="event.reminder").count() == 1
    assert Notification.objects.filter(event__kind="event.reminder").count() == 3


@override_settings(EMAIL_RELAY_AFTER_SECONDS=0, EVENT_RELAY_AFTER_SECONDS=0)
def test_worker_killed_in_the_middle_of_the_reminders_sends_each_exactly_once(workers, smtp_server):
    event = tomorrow(capacity=30)
    people = UserFactory.create_batch(20)
    for person in people:
        services.registration_create(actor=person, event=event)
    smtp_server.hold_after = 5
    first = workers.start()
    tasks.send_reminders()  # what beat does; the outbox event goes to the worker after the commit

    assert smtp_server.holding.wait(60), "the worker never reached the sixth reminder"
    workers.kill(first)
    smtp_server.release.set()
    assert sent() == 5

    workers.start()
    tasks.send_reminders()  # the next beat finds nothing new to remind
    notification_tasks.relay_outbox()  # and the relay hands over what the killed worker left
    wait_for(lambda: sent() == 20, timeout=90, what="the other fifteen reminders")
    assert sorted(m.rcpt_tos[0] for m in smtp_server.messages) == sorted(p.email for p in people)
    assert Event.objects.filter(kind="event.reminder").count() == 1


@override_settings(EVENT_RELAY_AFTER_SECONDS=0)
def test_redis_down_when_a_seat_frees_up_loses_nothing(transactional_db, smtp_server, own_redis, caplog):
    event = tomorrow(capacity=1)
    leaving, waiting = UserFactory.create_batch(2)
    seat = services.registration_create(actor=leaving, event=event)
    services.registration_create(actor=waiting, event=event)
    with Workers(own_redis.url, smtp_server.url) as workers:
        workers.start()
        own_redis.stop()
        services.registration_cancel(actor=leaving, registration=seat)  # commits; queueing fails
        assert "it will be picked up later" in caplog.text
        promoted = Event.objects.get(kind="event.promoted")
        assert promoted.dispatched_at is None

        own_redis.start()
        notification_tasks.relay_outbox()
        notification_tasks.relay_outbox()  # a second relay run adds nothing
        wait_for(lambda: sent() == 1, timeout=90, what="the promotion email")
    assert Notification.objects.filter(event=promoted, recipient=waiting).count() == 1
    assert [m.rcpt_tos[0] for m in smtp_server.messages] == [waiting.email]
