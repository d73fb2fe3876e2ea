import smtplib

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings

from notifications import services, tasks
from notifications.kinds import Frequency
from notifications.models import EmailDelivery, Event, Mailbox, Notification, Preference
from tests.accounts.factories import OrganizationFactory, UserFactory


def record(actor, target, recipients, kind="proposal.decision", **payload):
    return services.event_record(
        kind=kind,
        actor=actor,
        target=target,
        url=target.get_absolute_url(),
        title=target.name,
        recipients=recipients,
        status="Accepted",
        **payload,
    )


@pytest.fixture
def target(db):
    return OrganizationFactory(name="Polku Mobility", slug="polku")


def test_event_reaches_inbox_and_email_after_commit_but_not_the_actor(
    target, django_capture_on_commit_callbacks
):
    actor = UserFactory(name="Leena")
    finn = UserFactory(language="fi", name="Aino")
    swede = UserFactory(language="sv", name="Mikael")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        record(actor, target, [actor, finn, swede])
    assert not Notification.objects.exists()  # nothing before the commit
    for callback in callbacks:
        callback()

    assert set(Notification.objects.values_list("recipient", flat=True)) == {finn.pk, swede.pk}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([finn.email, swede.email])
    finnish = next(m for m in mail.outbox if m.to == [finn.email])
    assert "Innovaatiopuutarha" in finnish.subject and "Polku Mobility" in finnish.subject
    assert "Hei Aino," in finnish.body
    assert "http://testserver/fi/organizations/polku/" in finnish.body
    html = finnish.alternatives[0][0]
    assert finnish.alternatives[0][1] == "text/html" and "/fi/organizations/polku/" in html
    unsubscribe = finnish.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://testserver/") and "/notifications/unsubscribe/" in unsubscribe
    assert finnish.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    swedish = next(m for m in mail.outbox if m.to == [swede.email])
    assert "Innovationsträdgården" in swedish.subject
    assert EmailDelivery.objects.filter(status=EmailDelivery.Status.SENT).count() == 2


def test_dispatching_again_adds_and_sends_nothing(target, django_capture_on_commit_callbacks):
    people = UserFactory.create_batch(3)
    with django_capture_on_commit_callbacks(execute=True):
        event = record(None, target, people)
    Event.objects.filter(pk=event.pk).update(dispatched_at=None)
    tasks.dispatch_event(event.pk)
    tasks.send_event_emails(list(EmailDelivery.objects.values_list("pk", flat=True)))
    assert Notification.objects.count() == 3
    assert len(mail.outbox) == 3


def test_dispatch_works_in_chunks(target):
    people = UserFactory.create_batch(5)
    with transaction.atomic():
        event = record(None, target, people)
    Notification.objects.all().delete()
    EmailDelivery.objects.all().delete()
    Event.objects.filter(pk=event.pk).update(dispatched_at=None)
    event.refresh_from_db()
    batches = services.dispatch(event, chunk_size=2)
    assert [len(batch) for batch in batches] == [2, 2, 1]
    assert Notification.objects.count() == 5


def test_daily_preference_waits_for_the_digest_and_a_rerun_sends_nothing_twice(
    target, django_capture_on_commit_callbacks
):
    person = UserFactory(language="en")
    Preference.objects.create(user=person, kind="proposal.decision", frequency=Frequency.DAILY)
    other = OrganizationFactory(name="City of Espoo", slug="espoo")
    with django_capture_on_commit_callbacks(execute=True):
        record(None, target, [person])
        record(None, target, [person], kind="proposal.review")  # immediate by default
        record(None, other, [person])
    subjects = [m.subject for m in mail.outbox]
    assert subjects == ["[Innovation Garden] Your proposal “Polku Mobility” is now: Accepted"]
    mail.outbox.clear()

    tasks.send_digests("daily")
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.subject == "[Innovation Garden] Your daily digest"
    assert "2 new notifications" in digest.body
    # Grouped by the item each is about.
    assert digest.body.index("Polku Mobility") < digest.body.index("City of Espoo")
    assert not Notification.objects.filter(recipient=person, digested_at__isnull=True).exists()

    tasks.send_digests("daily")
    tasks.send_digest_batch([person.pk], "daily", tasks.digest_key("daily"))
    assert len(mail.outbox) == 1


def test_never_means_in_app_only(target, django_capture_on_commit_callbacks):
    person = UserFactory()
    Preference.objects.create(user=person, kind="proposal.decision", frequency=Frequency.NEVER)
    with django_capture_on_commit_callbacks(execute=True):
        record(None, target, [person])
    assert Notification.objects.filter(recipient=person).exists()
    assert not mail.outbox
    tasks.send_digests("daily")
    assert not mail.outbox


class RefusingBackend:
    """An email backend whose server refuses the recipient for good (550)."""

    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({messages[0].to[0]: (550, b"No such user")})


@override_settings(EMAIL_BACKEND="tests.notifications.test_services.RefusingBackend")
def test_permanent_refusal_is_recorded_not_retried_and_later_mail_is_held(
    target, django_capture_on_commit_callbacks
):
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        record(None, target, [person])
    delivery = EmailDelivery.objects.get()
    assert delivery.status == EmailDelivery.Status.FAILED and delivery.attempts == 1
    assert "550" in delivery.last_error
    assert Mailbox.objects.get(user=person).bounced_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        record(None, target, [person], kind="proposal.review")
    assert EmailDelivery.objects.count() == 1  # no new attempt at a refusing address
    assert Notification.objects.filter(recipient=person).count() == 2


def test_relay_dispatches_events_left_behind(target):
    person = UserFactory()
    with transaction.atomic():
        event = record(None, target, [person])
    Notification.objects.all().delete()
    long_ago = event.created_at.replace(year=2020)
    Event.objects.filter(pk=event.pk).update(dispatched_at=None, created_at=long_ago)
    tasks.relay_outbox()
    assert Notification.objects.filter(recipient=person).exists()


def test_unsubscribe_token_turns_off_that_kind_only(db):
    person = UserFactory()
    token = services.unsubscribe_token(user=person, kind="pilot.update")
    services.unsubscribe(token=token)
    assert Preference.objects.get(user=person).kind == "pilot.update"
    assert Preference.objects.get(user=person).frequency == Frequency.NEVER


def test_unknown_kind_is_a_programming_error(target):
    with pytest.raises(ValueError):
        services.event_record(kind="nope", actor=None, target=target, url="/", title="x")
