"""A fan-out to 10,000 followers: memory and queries grow with the chunks, not with the people."""

import tracemalloc

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from engagement.models import Follow
from notifications import services
from notifications.models import Notification
from tests.challenges.factories import ChallengeFactory

PEOPLE = 10_000


@pytest.mark.django_db
def test_ten_thousand_recipients_in_bounded_queries_and_memory():
    people = User.objects.bulk_create(
        [User(email=f"crowd{n}@example.org", name=f"Crowd {n}", password="!") for n in range(PEOPLE)],
        batch_size=2000,
    )
    target = ChallengeFactory()
    kind = ContentType.objects.get_for_model(target)
    Follow.objects.bulk_create(
        [Follow(user=person, content_type=kind, object_id=target.pk) for person in people], batch_size=2000
    )
    with transaction.atomic():
        event = services.event_record(
            kind="comment.on_followed",  # a daily-digest kind: this measures the in-app fan-out
            actor=None,
            target=target,
            url=target.get_absolute_url(),
            title=target.title,
            audiences=["followers"],
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
