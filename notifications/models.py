"""The outbox of events, the in-app notifications they become, preferences and email deliveries."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.kinds import KIND_CHOICES, Frequency


class Event(models.Model):
    """Something worth telling, written in the same transaction as the change (an outbox).

    `recipient_ids` names people to tell directly (a team, an author); `audiences` names groups
    resolved when the event is dispatched, such as the target's followers, so a fan-out to
    100,000 people stores no list. The payload keeps the words the notification needs (titles,
    names) as they were at the time, so showing a notification costs no further queries.
    """

    kind = models.CharField(_("kind"), max_length=40, choices=KIND_CHOICES)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    url = models.CharField(_("address"), max_length=300, help_text=_("Path of the page it is about."))
    # What the notification groups under on the notifications page and in digests.
    group_key = models.CharField(max_length=80, blank=True)
    group_title = models.CharField(max_length=300, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    recipient_ids = models.JSONField(default=list, blank=True)
    audiences = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(dispatched_at__isnull=True),
                name="event_undispatched",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class Notification(models.Model):
    """One person's in-app notification of one event. Unique, so a repeated dispatch adds nothing."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="notifications")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set when the notification went out in a digest email (or needs none).
    digested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "event"], name="notification_once_per_event"),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(
                fields=["recipient"], condition=models.Q(read_at__isnull=True), name="notification_unread"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.recipient_id}"


class Preference(models.Model):
    """How often a person wants email for one kind; without a row the kind's default applies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=40, choices=KIND_CHOICES)
    frequency = models.CharField(_("email"), max_length=10, choices=Frequency.CHOICES)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="preference_once_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.frequency}"


class EmailDelivery(models.Model):
    """One email to one person: an event's immediate email or a digest.

    `key` is `event:<id>`, `daily:<date>` or `weekly:<year>-W<week>`; with the recipient it is
    unique, so a retry, a rerun or a restarted worker never makes a second row. The row is marked
    sent right after the SMTP server accepts the message.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Refused by the mail server")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_deliveries"
    )
    key = models.CharField(max_length=40)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("email delivery")
        verbose_name_plural = _("email deliveries")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="email_once_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.recipient_id} ({self.status})"


class Mailbox(models.Model):
    """What the portal knows about a person's email address: whether it refuses mail."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mailbox")
    bounced_at = models.DateTimeField(null=True, blank=True)
    bounce_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")

    def __str__(self) -> str:
        return f"{self.user_id}: {'bounced' if self.bounced_at else 'ok'}"
