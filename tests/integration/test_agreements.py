"""Agreements under pressure, on real PostgreSQL and Redis: concurrent clicks pay an instalment once,
two beat runs remind once, and a reminder written while Redis is down is delivered when it is back."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from agreements import services
from agreements.models import FinanceContact, Instalment, Milestone
from challenges.models import Phase
from notifications import tasks as notification_tasks
from notifications.models import EmailDelivery, Event, Notification
from pilots.models import Pilot
from portal.models import AuditEntry
from tests.accounts.factories import UserFactory
from tests.agreements.conftest import milestone_rows
from tests.challenges.factories import ChallengeFactory
from tests.integration.conftest import Workers, wait_for
from tests.integration.test_concurrency import all_at_once
from tests.pilots.factories import PilotFactory

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent connections"),
]

CLICKS = 8


def accepted_agreement():
    curator, finance, lead = UserFactory(is_official=True), UserFactory(is_official=True), UserFactory()
    challenge = ChallengeFactory(phase=Phase.PILOTING, curators=[curator])
    FinanceContact.objects.create(challenge=challenge, user=finance)
    pilot = PilotFactory(challenge=challenge, created_by=lead, status=Pilot.Status.ACCEPTED)
    agreement = services.agreement_draw_up(
        actor=curator,
        pilot=pilot,
        budget="30000",
        terms="T",
        city_contact="C",
        team_contact="T",
        milestones=milestone_rows(),
    )
    agreement = services.agreement_accept(actor=lead, agreement=agreement, expected_version=agreement.version)
    return agreement, curator, finance, lead


def test_concurrent_clicks_mark_an_instalment_paid_once():
    agreement, curator, finance, lead = accepted_agreement()
    milestone = agreement.milestones.first()
    report = services.report_submit(actor=lead, agreement=agreement, milestone=milestone, summary="Done.")
    services.report_approve(actor=curator, report=report)
    instalment = Instalment.objects.get(milestone=milestone)
    address = f"/api/v1/agreements/{agreement.pk}/instalments/{instalment.pk}/paid/"

    def click(n, barrier):
        client = APIClient()
        client.force_authenticate(finance)
        barrier.wait()
        return client.post(
            address, {"paid_on": timezone.localdate().isoformat(), "reference": f"REF-{n}"}, format="json"
        )

    responses = all_at_once(click, list(range(CLICKS)))
    codes = sorted(response.status_code for response in responses)
    assert codes == [200] + [400] * (CLICKS - 1)
    assert {r.json()["code"] for r in responses if r.status_code == 400} == {"already_paid"}
    assert AuditEntry.objects.filter(action="agreement.instalment_paid").count() == 1
    assert Event.objects.filter(kind="agreement.step", payload__step="instalment_paid").count() == 1


def test_two_beat_runs_at_once_remind_once():
    agreement, *_ = accepted_agreement()
    first = agreement.milestones.first()
    Milestone.objects.filter(pk=first.pk).update(due_date=timezone.localdate() - timedelta(days=1))

    def run(_n, barrier):
        barrier.wait()
        return services.milestone_remind(milestone_id=first.pk, what="overdue")

    assert sorted(all_at_once(run, [1, 2, 3, 4])) == [False, False, False, True]
    assert Event.objects.filter(kind="agreement.reminder").count() == 1


@override_settings(EVENT_RELAY_AFTER_SECONDS=0)
def test_a_reminder_written_while_redis_is_down_is_delivered_once_it_is_back(smtp_server, own_redis, caplog):
    agreement, _curator, _finance, lead = accepted_agreement()
    first = agreement.milestones.first()
    Milestone.objects.filter(pk=first.pk).update(due_date=timezone.localdate() + timedelta(days=1))
    with Workers(own_redis.url, smtp_server.url) as workers:
        workers.start()
        own_redis.stop()
        with transaction.atomic():
            assert services.milestone_remind(milestone_id=first.pk, what="day")
        assert "it will be picked up later" in caplog.text
        event = Event.objects.get(kind="agreement.reminder")
        assert event.dispatched_at is None
        assert not services.milestone_remind(milestone_id=first.pk, what="day")  # the marker holds

        own_redis.start()
        notification_tasks.relay_outbox()
        wait_for(
            lambda: EmailDelivery.objects.filter(event=event, status=EmailDelivery.Status.SENT).count() == 1,
            timeout=90,
            what="the reminder's email",
        )
    assert Notification.objects.filter(event=event, recipient=lead).count() == 1
    assert [message.rcpt_tos for message in smtp_server.messages] == [[lead.email]]
