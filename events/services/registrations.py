"""Seats and the waiting list.

Every change of an event's seats happens under a row lock of the event (`lock_event`): the
registrations of 200 people at the same moment for 50 seats queue on that lock in the order they
came, each sees the count the one before left, and exactly 50 get a seat and 150 wait, in order
(`queued_at` is taken once the lock is held). The database refuses more confirmed seats than the
capacity (`event_seats_not_overbooked`), so a bug here would be an error, never an overbooking.

A seat freed (a cancellation, more seats) goes to the first person waiting, once: moving up is
decided under the same lock, and the person is told through the notification outbox.
"""

from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from events.models import Event, Registration
from events.rules import forget_registration
from notifications.services import event_record
from portal.formats import format_moment

MAX_ANSWER_LENGTH = 500
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def lock_event(event: Event | int) -> Event:
    """The event, fresh from the database and locked for the rest of the transaction."""
    return Event.objects.select_for_update().get(pk=getattr(event, "pk", event))


def active_user_ids(event: Event) -> list[int]:
    return list(
        event.registrations.exclude(status=Registration.Status.CANCELLED).values_list("user_id", flat=True)
    )


def _count(event: Event, **changes) -> None:
    Event.objects.filter(pk=event.pk).update(**{name: F(name) + delta for name, delta in changes.items()})
    for name, delta in changes.items():
        setattr(event, name, getattr(event, name) + delta)


def event_titles(event: Event, key: str = "title") -> dict:
    """The event's title in each language, for the notification payload: each reader sees it in
    hers (`notifications.emails.notification_text` reads `<key>_translations`)."""
    return {f"{key}_translations": {code: getattr(event, f"title_{code}", "") or "" for code in LANGUAGES}}


def _check_open(event: Event, now) -> None:
    if event.is_cancelled:
        raise ValidationError(
            _("This event was cancelled, so it takes no registrations."), code="event_cancelled"
        )
    if now >= event.registration_closes_at:
        raise ValidationError(
            _("Registration closed on %(date)s.") % {"date": format_moment(event.registration_closes_at)},
            code="registration_closed",
        )


def _clean_answers(event: Event, answers: Mapping | None) -> dict:
    """Answers by question id (as text); unknown questions are refused, empty answers dropped."""
    answers = answers or {}
    known = {str(pk) for pk in event.questions.values_list("pk", flat=True)}
    unknown = {str(key) for key in answers} - known
    if unknown:
        raise ValidationError({"answers": _("These questions are not asked at this event: %(ids)s.")
                               % {"ids": ", ".join(sorted(unknown))}})  # fmt: skip
    cleaned = {}
    for key, value in answers.items():
        text = str(value or "").strip()
        if len(text) > MAX_ANSWER_LENGTH:
            raise ValidationError(
                {"answers": _("Keep each answer under %(count)d characters.") % {"count": MAX_ANSWER_LENGTH}}
            )
        if text:
            cleaned[str(key)] = text
    return cleaned


@transaction.atomic
def registration_create(
    *, actor: User, event: Event, answers: Mapping | None = None, share_with_organizer: bool = False
) -> Registration:
    """Take a seat, or a place at the end of the waiting list when the seats are taken."""
    if not (actor.is_authenticated and actor.is_active):
        raise PermissionDenied
    event = lock_event(event)
    now = timezone.now()  # after the lock: the queue is in the order the lock was granted
    _check_open(event, now)
    cleaned = _clean_answers(event, answers)
    registration = Registration.objects.filter(event=event, user=actor).first()
    if registration is not None and registration.is_active:
        if registration.status == Registration.Status.WAITING:
            raise ValidationError(
                _("You are already on the waiting list of this event."), code="already_registered"
            )
        raise ValidationError(_("You are already registered for this event."), code="already_registered")
    status = (
        Registration.Status.CONFIRMED
        if event.confirmed_count < event.capacity
        else Registration.Status.WAITING
    )
    registration = registration or Registration(event=event, user=actor)
    registration.status = status
    registration.queued_at = now
    registration.promoted_at = None
    registration.cancelled_at = None
    registration.attended = None
    registration.answers = cleaned
    registration.share_with_organizer = bool(share_with_organizer)
    registration.save()
    if status == Registration.Status.CONFIRMED:
        _count(event, confirmed_count=1)
    else:
        _count(event, waiting_count=1)
    forget_registration(actor, event)
    return registration


@transaction.atomic
def registration_cancel(*, actor: User, registration: Registration) -> Registration:
    """Give up a seat or leave the waiting list; a freed seat goes to the first person waiting."""
    if registration.user_id != actor.pk:
        raise PermissionDenied
    event = lock_event(registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not registration.is_active:
        raise ValidationError(_("This registration is already cancelled."), code="already_cancelled")
    if event.has_ended():
        raise ValidationError(_("The event is over, so the registration can no longer be cancelled."),
                              code="event_ended")  # fmt: skip
    _cancel(event, registration)
    if not event.is_cancelled:
        promote_waiting(event)
    forget_registration(actor, event)
    return registration


def _cancel(event: Event, registration: Registration) -> None:
    was = registration.status
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    if was == Registration.Status.CONFIRMED:
        _count(event, confirmed_count=-1)
    else:
        _count(event, waiting_count=-1)


def queue_position(registration: Registration) -> int | None:
    """1 for the first person waiting; None unless on the waiting list."""
    if registration.status != Registration.Status.WAITING:
        return None
    ahead = Registration.objects.filter(
        event_id=registration.event_id,
        status=Registration.Status.WAITING,
        queued_at__lt=registration.queued_at,
    ).count()
    return ahead + 1


def promote_waiting(event: Event) -> list[Registration]:
    """Move people up from the waiting list into free seats, first come first served, each told
    once. The caller holds the event's lock (`lock_event`)."""
    if event.is_cancelled or event.has_ended():
        return []
    free = event.capacity - event.confirmed_count
    if free <= 0 or event.waiting_count <= 0:
        return []
    now = timezone.now()
    moving = list(
        Registration.objects.select_for_update()
        .filter(event=event, status=Registration.Status.WAITING)
        .order_by("queued_at", "pk")[:free]
    )
    for registration in moving:
        registration.status = Registration.Status.CONFIRMED
        registration.promoted_at = now
    Registration.objects.bulk_update(moving, ["status", "promoted_at"])
    if moving:
        _count(event, confirmed_count=len(moving), waiting_count=-len(moving))
        # One event per person: each is told of her own seat (and a retry tells nobody twice).
        for registration in moving:
            event_record(
                kind="event.promoted",
                actor=None,
                target=event,
                url=event.get_absolute_url(),
                title=event.title,
                recipients=[registration.user_id],
                registration=registration.pk,
                **event_titles(event),
            )
    return moving


def registrations_erase(*, user: User) -> int:
    """A person's registrations go with her account: future seats are freed for the next in line,
    counters drop with the rows, and the rows are deleted. Returns how many there were."""
    count = 0
    for registration in Registration.objects.filter(user=user).order_by("event_id"):
        with transaction.atomic():
            event = lock_event(registration.event_id)
            if registration.is_active:
                _cancel(event, registration)
                if not event.is_cancelled:
                    promote_waiting(event)
            registration.delete()
        count += 1
    return count
