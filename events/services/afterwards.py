"""After the event starts: attendance, the report with what came out of it, and ideas from it."""

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from events.models import Event, Registration
from events.services.registrations import event_titles, lock_event
from events.services.schedule import LANGUAGES, require
from ideas import services as ideas
from ideas.models import Idea
from notifications.services import event_record
from pilots.models import Pilot
from portal.audit import audit_record


@transaction.atomic
def attendance_mark(*, actor: User, event: Event, attended: Mapping[int, bool | None]) -> int:
    """An organizer marks who came (True), who did not (False), or clears it (None), by
    registration id. Only confirmed seats are marked. Returns how many rows changed."""
    require(actor, "events.mark_attendance", event)
    lock_event(event)
    rows = {
        r.pk: r
        for r in event.registrations.filter(pk__in=list(attended), status=Registration.Status.CONFIRMED)
    }
    unknown = set(attended) - set(rows)
    if unknown:
        raise ValidationError(
            {"attended": _("These are not confirmed registrations of this event: %(ids)s.")
             % {"ids": ", ".join(str(pk) for pk in sorted(unknown))}}
        )  # fmt: skip
    changed = []
    for pk, value in attended.items():
        registration = rows[pk]
        if registration.attended != value:
            registration.attended = value
            changed.append(registration)
    Registration.objects.bulk_update(changed, ["attended"])
    return len(changed)


@transaction.atomic
def report_publish(
    *,
    actor: User,
    event: Event,
    ideas: Iterable[Idea] = (),
    pilots: Iterable[Pilot] = (),
    now=None,
    **texts,
) -> Event:
    """An organizer publishes (or corrects) the report: what was discussed and what came of it, in
    Finnish and Swedish, with links to the ideas and proposals that came out of the event.
    Followers and the people registered are told the first time."""
    require(actor, "events.publish_report", event)
    event = lock_event(event)
    unknown = set(texts) - {f"report_{code}" for code in LANGUAGES}
    if unknown:
        raise TypeError(f"unknown report fields {sorted(unknown)}")
    for name, value in texts.items():
        setattr(event, name, (value or "").strip())
    missing = [
        code for code in settings.OFFICIAL_LANGUAGES_REQUIRED if not getattr(event, f"report_{code}", "")
    ]
    if missing:
        raise ValidationError(
            {f"report_{code}": _("Write the report in Finnish and Swedish: the city's events are bilingual.")
             for code in missing}
        )  # fmt: skip
    ideas, pilots = list(ideas), list(pilots)
    hidden = [idea for idea in ideas if not actor.has_perm("ideas.view_idea", idea)]
    private = [pilot for pilot in pilots if not actor.has_perm("pilots.view_pilot", pilot)]
    if hidden or private:
        raise ValidationError({"ideas": _("Link only ideas and proposals that you can see.")})
    first = event.report_published_at is None
    if first:
        event.report_published_at = now or timezone.now()
    event.save()
    event.report_ideas.set(ideas)
    event.report_pilots.set(pilots)
    audit_record(actor=actor, action="event.report", target=event, ideas=len(ideas), pilots=len(pilots))
    if first:
        event_record(
            kind="event.report",
            actor=actor,
            target=event,
            url=event.get_absolute_url(),
            title=event.title,
            recipients=list(
                event.registrations.filter(status=Registration.Status.CONFIRMED).values_list(
                    "user_id", flat=True
                )
            ),
            audiences=["followers"],
            **event_titles(event),
        )
    return event


@transaction.atomic
def event_idea_create(*, actor: User, event: Event, **idea_fields) -> Idea:
    """A new idea "from this event": proposed as any idea (`ideas.services.idea_create`, in the
    event's challenge when that takes ideas) and linked from the event's report."""
    require(actor, "events.create_idea", event)
    challenge = idea_fields.pop("challenge", None)
    if challenge is None and event.challenge is not None and event.challenge.accepts_ideas():
        challenge = event.challenge
    idea = ideas.idea_create(actor=actor, challenge=challenge, **idea_fields)
    event.report_ideas.add(idea)
    return idea
