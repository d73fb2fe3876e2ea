"""Events: workshops, co-creation and test sessions, demo days, with registration and a report.

An event is held at a place of the places catalogue, at an address, or online (the link is shown
only to people with a confirmed seat and to its organizers). Its official texts (title, summary,
description, accessibility, report, the organizer's questions) are the city's content, entered in
Finnish and Swedish (English optional) through django-modeltranslation (`events/translation.py`).

Seats are exact: `events.services` counts `confirmed_count` and `waiting_count` under a row lock
of the event, and the database refuses more confirmed seats than the capacity. A registration is
`confirmed`, `waiting` (in the order people came, by `queued_at`) or `cancelled`; a cancelled seat
goes to the first waiting person, once.

Moments are stored in UTC and shown in Europe/Helsinki (`TIME_ZONE`).
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engagement.models import EngagementCounters


class EventQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(ends_at__gt=now or timezone.now())

    def past(self, now=None):
        return self.filter(ends_at__lte=now or timezone.now())

    def scheduled(self):
        return self.filter(status=Event.Status.SCHEDULED)


class Event(EngagementCounters):
    """People follow events (`EngagementCounters`); votes and comments are not taken."""

    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        CO_CREATION = "co_creation", _("Co-creation session")
        TEST_SESSION = "test_session", _("Test session")
        DEMO_DAY = "demo_day", _("Demo day")
        INFO = "info", _("Information session")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.WORKSHOP)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED)

    # Translated (fi, sv, en): see events/translation.py.
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_("Step-free access, hearing loop, quiet room, how to get there…"),
    )
    language = models.CharField(
        _("held in"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    registration_closes_at = models.DateTimeField(
        _("registration closes"), help_text=_("At the latest when the event ends.")
    )

    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    address = models.CharField(
        _("address"), max_length=300, blank=True, help_text=_("Where it is held, if not at a listed place.")
    )
    online_url = models.URLField(
        _("online link"),
        max_length=500,
        blank=True,
        help_text=_("An https address; shown only to people with a seat."),
    )

    organizer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organizer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organized_events",
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        help_text=_("The organization it is organized for; empty for the city's own events."),
    )
    challenge = models.ForeignKey(
        "challenges.Challenge",
        verbose_name=_("challenge"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    pilot = models.ForeignKey(
        "pilots.Pilot",
        verbose_name=_("pilot"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )

    capacity = models.PositiveIntegerField(_("seats"))
    confirmed_count = models.PositiveIntegerField(default=0, editable=False)
    waiting_count = models.PositiveIntegerField(default=0, editable=False)

    # Set once, under a row lock, by the day-before reminder.
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Counts changes of time or place, for calendar programs (iCalendar SEQUENCE).
    sequence = models.PositiveIntegerField(default=0, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancel_reason = models.CharField(_("reason"), max_length=500, blank=True)

    # The report afterwards (translated).
    report = models.TextField(_("report"), blank=True)
    report_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    report_ideas = models.ManyToManyField(
        "ideas.Idea", blank=True, related_name="events", verbose_name=_("ideas from the event")
    )
    report_pilots = models.ManyToManyField(
        "pilots.Pilot", blank=True, related_name="reported_events", verbose_name=_("proposals from the event")
    )

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"),
            models.CheckConstraint(
                condition=Q(registration_closes_at__lte=F("ends_at")), name="event_registration_before_end"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="event_has_seats"),
            models.CheckConstraint(
                condition=Q(confirmed_count__lte=F("capacity")), name="event_seats_not_overbooked"
            ),
            models.CheckConstraint(
                condition=Q(online_url="") | Q(online_url__startswith="https://"), name="event_online_https"
            ),
            models.CheckConstraint(
                condition=Q(place__isnull=False) | ~Q(address="") | ~Q(online_url=""),
                name="event_has_a_where",
            ),
        ]
        indexes = [models.Index(fields=["status", "ends_at"], name="event_upcoming")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("event_detail", kwargs={"pk": self.pk})

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_online(self) -> bool:
        return bool(self.online_url)

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.confirmed_count, 0)

    @property
    def is_full(self) -> bool:
        return self.confirmed_count >= self.capacity

    def has_started(self, now=None) -> bool:
        return self.starts_at <= (now or timezone.now())

    def has_ended(self, now=None) -> bool:
        return self.ends_at <= (now or timezone.now())

    def registration_open(self, now=None) -> bool:
        return not self.is_cancelled and (now or timezone.now()) < self.registration_closes_at

    @property
    def has_report(self) -> bool:
        return self.report_published_at is not None


class Question(models.Model):
    """One of the organizer's short questions to people registering (accessibility needs, diet…)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("question"), max_length=200)  # translated

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text


class Registration(models.Model):
    """One person's seat, or place in the waiting list, at one event.

    One row per (event, person): registering again after cancelling reuses it, with a new place
    at the end of the queue. `answers` holds the answers to the event's questions by question id;
    `share_with_organizer` is the person's consent to the organizers seeing their name and email
    (without it they see a number and the answers only).
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Seat confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    queued_at = models.DateTimeField(_("registered"), default=timezone.now)
    promoted_at = models.DateTimeField(_("moved up from the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    share_with_organizer = models.BooleanField(_("name and email shared with the organizer"), default=False)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["queued_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="registration_once_per_event"),
            models.CheckConstraint(
                condition=Q(status__in=["confirmed", "waiting", "cancelled"]),
                name="registration_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "queued_at"], name="registration_queue")]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.event_id} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's secret calendar address: anybody with it reads the events she registered for.
    Renewing it makes a new token, so the old address stops working."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"feed of {self.user_id}"

    def get_absolute_url(self) -> str:
        return reverse("event_feed", kwargs={"token": self.token})
