"""Daily and weekly digests through the real parts: a Celery worker, Redis and an SMTP server that
refuses for a while. A refused digest keeps its notifications until it is sent."""

import pytest
from django.db import transaction

from notifications import services, tasks
from notifications.kinds import Frequency
from notifications.models import EmailDelivery, Notification, Preference
from tests.accounts.factories import OrganizationFactory, UserFactory
from tests.integration.conftest import wait_for

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


def digests_sent(frequency):
    return EmailDelivery.objects.filter(
        status=EmailDelivery.Status.SENT, key__startswith=f"{frequency}:"
    ).count()


@pytest.mark.parametrize(
    ("frequency", "subject"),
    [(Frequency.DAILY, "Your daily digest"), (Frequency.WEEKLY, "Your weekly digest")],
)
def test_a_digest_the_mail_server_refuses_for_a_while_is_sent_with_its_notifications(
    celery_worker, smtp_server, frequency, subject
):
    person = UserFactory(language="en")
    Preference.objects.create(user=person, kind="proposal.decision", frequency=frequency)
    record(OrganizationFactory(name="Polku Mobility", slug="polku"), [person])
    wait_for(
        lambda: Notification.objects.filter(recipient=person).exists(), timeout=60, what="the notification"
    )
    assert smtp_server.messages == []  # it waits for the digest

    smtp_server.refuse_next = 2
    tasks.send_digests.delay(frequency)  # what beat does at 07:00 (on Mondays for the weekly one)
    wait_for(lambda: digests_sent(frequency) == 1, timeout=120, what="the retried digest")

    assert smtp_server.refused == 2
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0].content.decode()
    assert subject in message and "Polku Mobility" in message
    assert not Notification.objects.filter(recipient=person, digested_at__isnull=True).exists()
    delivery = EmailDelivery.objects.get(recipient=person, key=tasks.digest_key(frequency))
    assert delivery.attempts == 3
