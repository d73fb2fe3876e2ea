"""Notifications through the real parts: Redis broker, a Celery worker process, an SMTP server."""

import pytest
from django.db import transaction

from notifications import services
from notifications.models import EmailDelivery, Event, Notification
from notifications.tasks import dispatch_event
from tests.accounts.factories import OrganizationFactory, UserFactory
from tests.integration.conftest import wait_for

pytestmark = pytest.mark.integration


def record(target, recipients, **kwargs):
    with transaction.atomic():
        return services.event_record(
            kind="proposal.decision",
            actor=None,
            target=target,
            url=target.get_absolute_url(),
            title=target.name,
            recipients=recipients,
            status="Accepted",
            **kwargs,
        )


def sent_count():
    return EmailDelivery.objects.filter(status=EmailDelivery.Status.SENT).count()


def test_event_arrives_in_app_and_by_email_once_even_if_dispatched_twice(celery_worker, smtp_server):
    target = OrganizationFactory(name="Polku Mobility", slug="polku")
    people = [UserFactory(language="fi"), UserFactory(language="sv"), UserFactory(language="en")]
    event = record(target, people)
    wait_for(lambda: sent_count() == 3, timeout=60, what="three emails")
    assert Notification.objects.filter(event=event).count() == 3

    # The relay or a redelivered message may dispatch it again: nothing new is written or sent.
    Event.objects.filter(pk=event.pk).update(dispatched_at=None)
    dispatch_event.delay(event.pk)
    wait_for(lambda: Event.objects.get(pk=event.pk).dispatched_at is not None, timeout=60, what="redispatch")
    assert Notification.objects.filter(event=event).count() == 3
    assert len(smtp_server.messages) == 3
    assert sorted(m.rcpt_tos[0] for m in smtp_server.messages) == sorted(p.email for p in people)
    raw = next(m for m in smtp_server.messages if m.rcpt_tos == [people[0].email]).content.decode()
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in raw
    assert "text/html" in raw and "text/plain" in raw


def test_temporary_refusal_is_retried_and_sent_once(celery_worker, smtp_server):
    smtp_server.refuse_next = 2
    target = OrganizationFactory(name="Polku Mobility", slug="polku")
    person = UserFactory()
    record(target, [person])
    wait_for(lambda: sent_count() == 1, timeout=90, what="the retried email")
    delivery = EmailDelivery.objects.get()
    assert smtp_server.refused == 2 and delivery.attempts == 3
    assert len(smtp_server.messages) == 1


def test_permanent_refusal_is_recorded_and_shown(celery_worker, smtp_server, client):
    target = OrganizationFactory(name="Polku Mobility", slug="polku")
    person = UserFactory(email="gone@example.org")
    smtp_server.refuse_for_good = {"gone@example.org"}
    record(target, [person])
    wait_for(
        lambda: EmailDelivery.objects.filter(status=EmailDelivery.Status.FAILED).exists(),
        timeout=60,
        what="the refusal to be recorded",
    )
    assert EmailDelivery.objects.get().attempts == 1
    client.force_login(person)
    page = client.get("/en/notifications/settings/").content.decode()
    assert "refused by its mail server" in page
