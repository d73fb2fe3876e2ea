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


@pytest.mark.django_db
@pytest.mark.parametrize("writer", [services._write_chunk, services._write_chunk_in_sql])
def test_both_ways_of_writing_a_chunk_agree(writer):
    """The ORM path (SQLite, the embedded default) and PostgreSQL's INSERT … SELECT write the same rows."""
    from django.utils import timezone

    from notifications.models import EmailDelivery, Mailbox, Preference

    people = {
        name: User.objects.create(email=f"{name}@example.org", name=name, password="!")
        for name in ["default", "daily", "weekly", "never", "immediate", "bounced", "inactive"]
    }
    kind = "challenge.decision"  # daily by default
    for name in ["daily", "weekly", "never", "immediate", "bounced"]:
        frequency = "immediate" if name == "bounced" else name
        Preference.objects.create(user=people[name], kind=kind, frequency=frequency)
    Mailbox.objects.create(user=people["bounced"], bounced_at=timezone.now())
    people["inactive"].is_active = False
    people["inactive"].save()
    target = ChallengeFactory()
    event = services.event_record(kind=kind, actor=None, target=target, url="/", title=target.title)

    immediate = writer(event, [p.pk for p in people.values()], timezone.now())
    writer(event, [p.pk for p in people.values()], timezone.now())  # a rerun adds nothing

    by_name = {p.pk: name for name, p in people.items()}
    waiting = {
        by_name[n.recipient_id]: n.digested_at is None for n in Notification.objects.filter(event=event)
    }
    assert waiting == {
        "default": True, "daily": True, "weekly": True, "never": False, "immediate": False, "bounced": False,
    }  # fmt: skip
    emailed = {by_name[d.recipient_id] for d in EmailDelivery.objects.filter(key=f"event:{event.pk}")}
    assert emailed == {"immediate"}
    assert {by_name[pk] for pk in immediate} == {"immediate", "bounced"}
