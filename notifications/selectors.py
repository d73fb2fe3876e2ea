"""Reads of a person's notifications."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from accounts.models import User
from notifications.models import Mailbox, Notification


def notifications_for(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).select_related("event").order_by("-created_at", "-pk")


def events_still_shown(events) -> set[int]:
    """Ids of the events whose item still exists and is not hidden by a moderator.

    One query per kind of item, so an inbox page costs the same whatever it holds.
    """
    by_type: dict[int, dict[int, list[int]]] = {}
    shown = set()
    for event in events:
        if event.target_type_id is None:
            shown.add(event.pk)
        else:
            by_type.setdefault(event.target_type_id, {}).setdefault(event.target_id, []).append(event.pk)
    for type_id, targets in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        rows = model._default_manager.filter(pk__in=list(targets))
        if any(field.name == "hidden_at" for field in model._meta.concrete_fields):
            rows = rows.filter(hidden_at__isnull=True)
        for pk in rows.values_list("pk", flat=True):
            shown.update(targets[pk])
    return shown


def unread_count(*, user: User) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mailbox_bounced(*, user: User) -> Mailbox | None:
    return Mailbox.objects.filter(user=user, bounced_at__isnull=False).first()
