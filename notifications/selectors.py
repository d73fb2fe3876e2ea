"""Reads of a person's notifications."""

from django.db.models import QuerySet

from accounts.models import User
from notifications.models import Mailbox, Notification


def notifications_for(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).select_related("event").order_by("-created_at", "-pk")


def unread_count(*, user: User) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mailbox_bounced(*, user: User) -> Mailbox | None:
    return Mailbox.objects.filter(user=user, bounced_at__isnull=False).first()
