"""Exact seats on real PostgreSQL: 200 people register at once for 50 seats through the API.

Each person is a thread with its own database connection and HTTP client, released together by a
barrier. PostgreSQL here allows 100 connections for the whole team, so at most `CONNECTIONS` of
the threads are inside the database at any moment (a semaphore): still dozens of transactions
overlapping on the same event, which is what the seat count must survive.

`test_without_the_lock_seats_are_not_exact` proves the first test would catch a missing lock: with
`lock_event` replaced by a plain read (and the read-to-write window held open a moment, so the
overlap does not depend on luck) the run overbooks, which the database refuses with an error.
"""

import threading
import time

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from events.models import Event, Registration
from events.services import registrations as registration_services
from notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.events.factories import EventFactory

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent connections"),
]

PEOPLE = 200
SEATS = 50
CONNECTIONS = 25


def everyone_at_once(work, arguments: list) -> tuple[list, list]:
    """`work(argument)` in one thread per argument, released together; (results, errors)."""
    barrier = threading.Barrier(len(arguments))
    gate = threading.BoundedSemaphore(CONNECTIONS)
    results: list = [None] * len(arguments)
    errors: list = []

    def run(index, argument):
        try:
            barrier.wait(timeout=120)
            with gate:
                try:
                    results[index] = work(argument)
                finally:
                    connections.close_all()
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(n, a)) for n, a in enumerate(arguments)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a thread hung (a deadlock?)"
    return results, errors


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def register(event):
    def work(user):
        response = api_as(user).post(f"/api/v1/events/{event.pk}/register/", {}, format="json")
        return response.status_code, response.json()

    return work


def test_two_hundred_people_for_fifty_seats_get_exactly_fifty_seats_and_a_queue_in_order():
    event = EventFactory(capacity=SEATS)
    people = [UserFactory() for _ in range(PEOPLE)]

    answers, errors = everyone_at_once(register(event), people)
    assert not errors, errors
    assert {code for code, _body in answers} == {201}, [a for a in answers if a[0] != 201][:3]
    statuses = [body["status"] for _code, body in answers]
    assert statuses.count("confirmed") == SEATS
    assert statuses.count("waiting") == PEOPLE - SEATS
    # Everyone waiting was told a different place in the queue: 1, 2, … 150.
    positions = sorted(
        body["waiting_list_position"] for _code, body in answers if body["status"] == "waiting"
    )
    assert positions == list(range(1, PEOPLE - SEATS + 1))

    event.refresh_from_db()
    assert event.confirmed_count == SEATS
    assert event.waiting_count == PEOPLE - SEATS
    rows = list(Registration.objects.filter(event=event).order_by("queued_at", "pk"))
    assert len(rows) == PEOPLE
    # In the order they came (the order the event's lock was granted): the first 50 have the seats.
    assert [row.status for row in rows] == ["confirmed"] * SEATS + ["waiting"] * (PEOPLE - SEATS)
    assert len({row.queued_at for row in rows}) == PEOPLE

    # Twenty with a seat cancel at once: the first twenty waiting move up, each once, each told once.
    leaving = [row.user for row in rows[:20]]
    first_waiting = [row.user_id for row in rows[SEATS : SEATS + 20]]

    def cancel(user):
        response = api_as(user).delete(f"/api/v1/events/{event.pk}/register/")
        return response.status_code, response.json()

    answers, errors = everyone_at_once(cancel, leaving)
    assert not errors, errors
    assert {code for code, _body in answers} == {200}, answers[:3]
    event.refresh_from_db()
    assert event.confirmed_count == SEATS
    assert event.waiting_count == PEOPLE - SEATS - 20
    promoted = Registration.objects.filter(event=event, promoted_at__isnull=False)
    assert sorted(promoted.values_list("user_id", flat=True)) == sorted(first_waiting)
    assert Registration.objects.filter(event=event, status="confirmed").count() == SEATS
    told = Notification.objects.filter(event__kind="event.promoted")
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(first_waiting)


def test_without_the_lock_seats_are_not_exact(monkeypatch):
    """The same race with the lock taken out overbooks; the database's check refuses it, so the
    test above (which expects no error and exactly 50) would fail."""

    def read_without_locking(event):
        fresh = Event.objects.get(pk=getattr(event, "pk", event))
        time.sleep(0.05)  # hold the read-to-write window open, as a busy server would
        return fresh

    monkeypatch.setattr(registration_services, "lock_event", read_without_locking)
    event = EventFactory(capacity=SEATS)
    people = [UserFactory() for _ in range(SEATS + 30)]

    answers, errors = everyone_at_once(register(event), people)
    event.refresh_from_db()
    confirmed = Registration.objects.filter(event=event, status="confirmed").count()
    refused = errors or [a for a in answers if a is None or a[0] != 201]
    assert refused or confirmed != SEATS or event.confirmed_count != confirmed
