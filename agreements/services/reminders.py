"""Milestone reminders, run by Celery beat: a week before, a day before, and when overdue.

Each goes out once: the milestone's marker is set under a row lock in the same transaction as the
outbox event, so two beat runs (or a retried task) never remind twice, and an event written while
the broker is down is relayed when it is back. Windows, not exact days, so a missed beat run
still reminds: "a week" is 2–7 days left, "a day" 0–1 days left, "overdue" past the due date.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from agreements.models import Agreement, Milestone
from agreements.services.common import curator_ids, team_ids
from notifications.services import event_record
from pilots.models import Pilot
from portal.audit import audit_record
from portal.language import untranslated

MARKERS = {"week": "reminded_week_at", "day": "reminded_day_at", "overdue": "reminded_overdue_at"}
WORDS = {
    "week": gettext_lazy("due in a week"),
    "day": gettext_lazy("due tomorrow"),
    "overdue": gettext_lazy("overdue"),
}


def _open_milestones():
    return Milestone.objects.filter(
        agreement__status=Agreement.Status.ACCEPTED,
        agreement__pilot__status__in=[Pilot.Status.ACCEPTED, Pilot.Status.RUNNING],
    ).exclude(status=Milestone.Status.APPROVED)


def _window(what: str, today):
    if what == "week":
        return {"due_date__gt": today + timedelta(days=1), "due_date__lte": today + timedelta(days=7)}
    if what == "day":
        return {"due_date__gte": today, "due_date__lte": today + timedelta(days=1)}
    return {"due_date__lt": today}


def milestones_to_remind(*, now: datetime | None = None) -> dict[str, list[int]]:
    today = timezone.localdate(now or timezone.now())
    return {
        what: list(
            _open_milestones()
            .filter(**_window(what, today), **{f"{marker}__isnull": True})
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for what, marker in MARKERS.items()
    }


@transaction.atomic
def milestone_remind(*, milestone_id: int, what: str, now: datetime | None = None) -> bool:
    """Remind the team (and the curators when overdue) once. Returns whether this call reminded."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    marker = MARKERS[what]
    milestone = (
        _open_milestones()
        .filter(pk=milestone_id, **_window(what, today))
        .select_for_update(of=("self",))
        .select_related("agreement__pilot__challenge")
        .first()
    )
    if milestone is None or getattr(milestone, marker) is not None:
        return False
    setattr(milestone, marker, now)
    fields = [marker]
    if what == "overdue":
        # An overdue milestone needs no "due soon" any more.
        for earlier in ("reminded_week_at", "reminded_day_at"):
            if getattr(milestone, earlier) is None:
                setattr(milestone, earlier, now)
                fields.append(earlier)
    elif what == "day" and milestone.reminded_week_at is None:
        milestone.reminded_week_at = now
        fields.append("reminded_week_at")
    milestone.save(update_fields=fields)
    agreement = milestone.agreement
    pilot = agreement.pilot
    recipients = team_ids(pilot) + (curator_ids(pilot) if what == "overdue" else [])
    audit_record(actor=None, action=f"agreement.reminder_{what}", target=milestone, pilot=pilot.pk)
    event_record(
        kind="agreement.reminder",
        actor=None,
        target=agreement,
        url=agreement.get_absolute_url(),
        title=pilot.title,
        group=pilot.challenge,
        recipients=recipients,
        milestone=milestone.title,
        status=untranslated(WORDS[what]),
        due=milestone.due_date.isoformat(),
        reminder=what,
    )
    return True
