"""Creating, editing, postponing and cancelling events.

A change of time or place after people registered is a postponement or a move: it raises the
event's calendar `sequence` and tells everyone registered (and the event's followers). Raising the
number of seats moves people up from the waiting list; lowering it below the seats already taken
is refused, so nobody loses a confirmed seat.
"""

from collections.abc import Mapping, Sequence
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Organization, User
from accounts.rules import is_official, is_organization_member
from engagement import services as engagement
from events.models import Event, Question
from events.services.registrations import active_user_ids, event_titles, lock_event, promote_waiting
from notifications.services import event_record
from portal.audit import audit_record

LANGUAGES = [code for code, _name in settings.LANGUAGES]
TRANSLATED = ("title", "summary", "description", "accessibility")
# What `event_create` and `event_update` take; the translated texts as `title_fi`, `title_sv`, …
EVENT_FIELDS = frozenset(
    {"kind", "language", "starts_at", "ends_at", "registration_closes_at", "place", "address", "online_url",
     "capacity", "challenge", "pilot"}
    | {f"{name}_{code}" for name in TRANSLATED for code in LANGUAGES}
)  # fmt: skip
# A change of these moves the event in people's calendars, and they are told.
WHEN_AND_WHERE = ("starts_at", "ends_at", "place", "address", "online_url")
MAX_QUESTIONS = 5
TITLE_MISSING = {
    "fi": gettext_lazy("Write the title in Finnish too: the city's events are bilingual."),
    "sv": gettext_lazy("Write the title in Swedish too: the city's events are bilingual."),
    "other": gettext_lazy("Write the title in each of the city's official languages."),
}


def require(actor: User, perm: str, obj=None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


def _apply(event: Event, fields: Mapping) -> None:
    unknown = set(fields) - EVENT_FIELDS
    if unknown:
        raise TypeError(f"unknown event fields {sorted(unknown)}")
    for name, value in fields.items():
        if name.split("_")[-1] in LANGUAGES and name.rsplit("_", 1)[0] in TRANSLATED:
            value = (value or "").strip()
        setattr(event, name, value)
    if event.starts_at and not fields.get("registration_closes_at") and not event.registration_closes_at:
        event.registration_closes_at = event.starts_at


def _validate(event: Event, *, actor: User) -> None:
    """The rules a form cannot see on its own, with messages that say what to do."""
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    for code in settings.OFFICIAL_LANGUAGES_REQUIRED:
        if not getattr(event, f"title_{code}", ""):
            add(f"title_{code}", str(TITLE_MISSING.get(code, TITLE_MISSING["other"])))
    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        add("ends_at", _("The event must end after it starts."))
    if event.ends_at and event.registration_closes_at and event.registration_closes_at > event.ends_at:
        add("registration_closes_at", _("Registration must close by the time the event ends."))
    if event.online_url and not event.online_url.lower().startswith("https://"):
        add("online_url", _("The online link must be a secure address that starts with https://."))
    if not (event.place_id or event.address.strip() or event.online_url):
        add("address", _("Say where the event is held: a place, an address or an online link."))
    if event.capacity is not None and event.capacity < 1:
        add("capacity", _("An event needs at least one seat."))
    elif event.capacity is not None and event.capacity < event.confirmed_count:
        message = _(
            "%(count)d people already have a seat, so the event cannot have fewer seats. "
            "Ask people to cancel first, or keep the seats."
        )
        add("capacity", message % {"count": event.confirmed_count})
    if event.challenge_id and not actor.has_perm("challenges.view_challenge", event.challenge):
        add("challenge", _("Choose a published challenge."))
    if event.pilot_id and not event.pilot.is_public:
        add("pilot", _("Choose a pilot that is public (accepted or running)."))
    if errors:
        raise ValidationError(errors)
    try:
        event.full_clean(exclude=["organizer", "organization"])
    except ValidationError as error:
        raise ValidationError(error.message_dict) from None


def _set_questions(event: Event, questions: Sequence[Mapping]) -> None:
    """Replace the organizer's questions: each a mapping of `text_fi`, `text_sv`, `text_en`."""
    questions = [q for q in questions if any((q.get(f"text_{code}") or "").strip() for code in LANGUAGES)]
    if len(questions) > MAX_QUESTIONS:
        raise ValidationError({"questions": _("Ask at most %(count)d questions.") % {"count": MAX_QUESTIONS}})
    if event.pk and event.registrations.exclude(answers={}).exists():
        kept = [(q.text_fi, q.text_sv, q.text_en) for q in event.questions.all()]
        asked = [tuple((q.get(f"text_{c}") or "").strip() for c in LANGUAGES) for q in questions]
        if kept != asked:
            raise ValidationError(
                {
                    "questions": _(
                        "People have already answered the questions, so they can no longer be changed."
                    )
                }
            )
        return
    event.questions.all().delete()
    for position, question in enumerate(questions):
        item = Question(event=event, position=position)
        for code in LANGUAGES:
            setattr(item, f"text_{code}", (question.get(f"text_{code}") or "").strip()[:200])
        item.save()


def _check_organization(actor: User, organization: Organization | None) -> None:
    if organization is None:
        if not is_official(actor):
            raise ValidationError(
                {"organization": _("Choose the organization you organize this event for. "
                                   "Only city officials organize events of the city itself.")}
            )  # fmt: skip
    elif not is_organization_member(actor, organization) and not actor.is_superuser:
        raise ValidationError(
            {"organization": _("You can organize events only for organizations you belong to.")}
        )


def _announce_context(*, actor: User, event: Event) -> None:
    """Followers of the challenge or pilot the event is for hear of it."""
    for context in (event.challenge, event.pilot):
        if context is not None:
            event_record(
                kind="event.new",
                actor=actor,
                target=context,
                url=event.get_absolute_url(),
                title=context.title,
                event=event.title,
                audiences=["followers"],
                **event_titles(event, "event"),
            )


def tell_registered(*, actor: User | None, event: Event, kind: str, **payload) -> None:
    event_record(
        kind=kind,
        actor=actor,
        target=event,
        url=event.get_absolute_url(),
        title=event.title,
        recipients=active_user_ids(event),
        audiences=["followers"],
        **event_titles(event),
        **payload,
    )


@transaction.atomic
def event_create(
    *,
    actor: User,
    organization: Organization | None = None,
    questions: Sequence[Mapping] = (),
    now=None,
    **fields,
) -> Event:
    """An official (for the city) or an organization's member (for it) announces an event.

    The organizer follows it. Followers of its challenge or pilot are told.
    """
    require(actor, "events.add_event")
    _check_organization(actor, organization)
    event = Event(organizer=actor, organization=organization, created_at=now or timezone.now())
    _apply(event, fields)
    _validate(event, actor=actor)
    if event.starts_at <= (now or timezone.now()):
        raise ValidationError(
            {"starts_at": _("An event is announced before it starts: choose a later time.")}
        )
    event.save()
    _set_questions(event, questions)
    engagement.follow_automatically(user=actor, target=event)
    audit_record(actor=actor, action="event.create", target=event)
    _announce_context(actor=actor, event=event)
    return event


@transaction.atomic
def event_update(*, actor: User, event: Event, questions: Sequence[Mapping] | None = None, **fields) -> Event:
    """An organizer edits the event. A new time or place is a postponement or a move: people
    registered and followers are told, and calendars update (the `sequence` rises)."""
    require(actor, "events.change_event", event)
    event = lock_event(event)
    before = {name: getattr(event, f"{name}_id" if name == "place" else name) for name in WHEN_AND_WHERE}
    _apply(event, fields)
    _validate(event, actor=actor)
    moved = [
        name
        for name in WHEN_AND_WHERE
        if getattr(event, f"{name}_id" if name == "place" else name) != before[name]
    ]
    if moved:
        event.sequence += 1
        if "starts_at" in moved and event.starts_at > timezone.now() + timedelta(hours=24):
            event.reminder_sent_at = None  # postponed: remind again the day before the new date
    event.save()
    if questions is not None:
        _set_questions(event, questions)
    promoted = promote_waiting(event)
    audit_record(
        actor=actor, action="event.change", target=event, fields=sorted(fields), promoted=len(promoted)
    )
    if moved:
        postponed = "starts_at" in moved or "ends_at" in moved
        tell_registered(
            actor=actor,
            event=event,
            kind="event.postponed" if postponed else "event.moved",
            when=moment_text(event.starts_at),
        )
    return event


def moment_text(value) -> str:
    """A moment in Helsinki time, written the same in Finnish, Swedish and English (4.12.2026 18.00)."""
    local = timezone.localtime(value)
    return f"{local.day}.{local.month}.{local.year} {local:%H.%M}"


@transaction.atomic
def event_cancel(*, actor: User, event: Event, reason: str = "", now=None) -> Event:
    """An organizer cancels the event; everybody registered and every follower is told, with the reason."""
    require(actor, "events.cancel_event", event)
    event = lock_event(event)
    if event.is_cancelled:
        raise ValidationError(_("This event is already cancelled."), code="event_cancelled")
    event.status = Event.Status.CANCELLED
    event.cancelled_at = now or timezone.now()
    event.cancel_reason = reason.strip()[:500]
    event.sequence += 1
    event.save(update_fields=["status", "cancelled_at", "cancel_reason", "sequence", "updated_at"])
    audit_record(actor=actor, action="event.cancel", target=event, reason=event.cancel_reason)
    tell_registered(actor=actor, event=event, kind="event.cancelled", reason=event.cancel_reason)
    return event
