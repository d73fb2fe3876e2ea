"""Notifications when things break: a worker killed mid-batch, Redis down at commit time."""

import pytest
from django.db import transaction
from django.test import override_settings

from notifications import services, tasks
from notifications.models import EmailDelivery, Event, Notification
from tests.accounts.factories import OrganizationFactory, UserFactory
from tests.integration.conftest import Workers, wait_for

pytestmark = pytest.mark.integration


def record(target, recipients):
    with transaction.atomic():
        return services.event_record(
            kind="proposal.decision",
            actor=None,
            target=target,
            url=target.get_absolute_url(),
            title=target.name,
            recipients=recipients,
            status="Accepted",
        )


def sent():
    return EmailDelivery.objects.filter(status=EmailDelivery.Status.SENT).count()


@override_settings(EMAIL_RELAY_AFTER_SECONDS=0, EVENT_RELAY_AFTER_SECONDS=0)
def test_worker_killed_in_the_middle_of_a_batch_sends_each_email_exactly_once(workers, smtp_server):
    people = UserFactory.create_batch(20)
    smtp_server.hold_after = 5
    first = workers.start()
    record(OrganizationFactory(slug="polku"), people)

    assert smtp_server.holding.wait(60), "the worker never reached the sixth email"
    workers.kill(first)
    smtp_server.release.set()
    assert sent() == 5

    workers.start()
    tasks.relay_outbox()  # what beat does every minute
    wait_for(lambda: sent() == 20, timeout=90, what="the other fifteen emails")
    recipients = sorted(message.rcpt_tos[0] for message in smtp_server.messages)
    assert recipients == sorted(person.email for person in people)  # each exactly once


@override_settings(EVENT_RELAY_AFTER_SECONDS=0)
def test_redis_down_at_commit_time_loses_nothing(transactional_db, smtp_server, own_redis, caplog):
    person = UserFactory()
    with Workers(own_redis.url, smtp_server.url) as workers:
        workers.start()
        own_redis.stop()
        event = record(OrganizationFactory(slug="polku"), [person])  # commits; queueing fails
        assert "it will be picked up later" in caplog.text
        assert Event.objects.get(pk=event.pk).dispatched_at is None

        own_redis.start()
        tasks.relay_outbox()
        wait_for(lambda: sent() == 1, timeout=90, what="the relayed event's email")
    assert Notification.objects.filter(event=event, recipient=person).exists()
    assert len(smtp_server.messages) == 1
