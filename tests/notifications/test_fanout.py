"""A fan-out to 10,000 people: memory and queries grow with the chunks, not with the people."""

import tracemalloc

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from notifications import services
from notifications.models import Notification
from tests.accounts.factories import OrganizationFactory

PEOPLE = 10_000


@services.audience("test-crowd")
def crowd(event):
    return User.objects.filter(email__startswith="crowd").values_list("pk", flat=True)


@pytest.mark.django_db
def test_ten_thousand_recipients_in_bounded_queries_and_memory():
    User.objects.bulk_create(
        [User(email=f"crowd{n}@example.org", name=f"Crowd {n}", password="!") for n in range(PEOPLE)],
        batch_size=2000,
    )
    target = OrganizationFactory()
    with transaction.atomic():
        event = services.event_record(
            kind="comment.on_followed",  # a daily-digest kind: this measures the in-app fan-out
            actor=None,
            target=target,
            url=target.get_absolute_url(),
            title=target.name,
            audiences=["test-crowd"],
        )
    tracemalloc.start()
    with CaptureQueriesContext(connection) as queries:
        services.dispatch(event)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    chunks = PEOPLE // services.CHUNK_SIZE
    assert Notification.objects.filter(event=event).count() == PEOPLE
    assert len(queries) <= 8 * (chunks + 1), len(queries)
    assert peak < 40 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"
