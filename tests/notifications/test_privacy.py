"""notifications.privacy: deleting an account erases the person's notifications and takes their
name out of the notifications they caused for others."""

import pytest

from engagement import services as engagement
from notifications.emails import notification_text
from notifications.models import EmailDelivery, Event, Notification, Preference
from privacy import services as privacy
from tests.accounts.factories import UserFactory
from tests.ideas.factories import IdeaFactory

pytestmark = pytest.mark.django_db


def test_others_notifications_of_a_deleted_person_say_someone(django_capture_on_commit_callbacks):
    aino, mikael = UserFactory(name="Aino Virtanen"), UserFactory(name="Mikael Lindqvist")
    idea = IdeaFactory(author=mikael, title="Evening buses")
    with django_capture_on_commit_callbacks(execute=True):
        engagement.comment_create(actor=aino, target=idea, body="The 110, after ten.")
        engagement.comment_create(actor=mikael, target=idea, body="Thanks!")
    Preference.objects.create(user=aino, kind="comment.on_followed", frequency="never")
    told = Notification.objects.select_related("event").get(recipient=mikael)
    assert notification_text(told.event) == "Aino Virtanen commented on “Evening buses”"
    assert Notification.objects.filter(recipient=aino).exists()

    privacy.account_delete(actor=aino, password="a-good-password-42")

    told.event.refresh_from_db()
    assert notification_text(told.event) == "Someone commented on “Evening buses”"
    assert not Notification.objects.filter(recipient=aino).exists()
    assert not Preference.objects.filter(user=aino).exists()
    assert not EmailDelivery.objects.filter(recipient=aino).exists()
    # Mikael's name in the events he caused stays.
    assert {e.payload["actor"] for e in Event.objects.filter(actor=mikael)} == {"Mikael Lindqvist"}
