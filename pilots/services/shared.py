"""What every stage of a pilot's life does the same way: lock its row, refuse a step out of order,
move its status (recorded as a `Transition`, audited when official, told to those concerned) and
write its text fields (Markdown rendered to HTML beside them).

For the modules of this package only; callers use the services in `pilots.services`.
"""

from collections.abc import Mapping
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import User
from notifications.services import event_record
from pilots.models import Pilot, Transition
from portal.audit import audit_record
from portal.language import untranslated
from portal.markdown import render_markdown

Status = Pilot.Status
MARKDOWN_FIELDS = {"problem": "problem_html", "solution": "solution_html", "learnings": "learnings_html"}


# --- Helpers ----------------------------------------------------------------------------------


def _when(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _status_label(pilot: Pilot) -> str:
    return str(Status(pilot.status).label)


def _lock(pilot: Pilot) -> Pilot:
    """The pilot's row, locked for the rest of the transaction, with its challenge."""
    return Pilot.objects.select_for_update(of=("self",)).select_related("challenge").get(pk=pilot.pk)


def _expect_status(pilot: Pilot, allowed: tuple, message: str) -> None:
    """Refuse a transition out of order, saying what the pilot's status is now."""
    if pilot.status not in allowed:
        raise ValidationError(message % {"status": _status_label(pilot)}, code="out_of_order")


# What the team is told when its proposal moves, and which moves are official decisions.
TEAM_NOTICES = {
    Status.IN_REVIEW: "proposal.review",
    Status.SHORTLISTED: "proposal.review",
    Status.ACCEPTED: "proposal.decision",
    Status.DECLINED: "proposal.decision",
}
AUDITED = {Status.IN_REVIEW, Status.SHORTLISTED, Status.ACCEPTED, Status.DECLINED, Status.RUNNING,
           Status.COMPLETED, Status.DISCONTINUED}  # fmt: skip


def _move(pilot: Pilot, *, to: str, actor: User, at: datetime, note: str = "", fields=()) -> Pilot:
    """Change the status, save the named fields with it, record the transition, tell and log it."""
    from_status = pilot.status
    pilot.status = to
    pilot.version += 1
    pilot.full_clean()
    pilot.save(update_fields=["status", "version", "updated_at", *fields])
    Transition.objects.create(
        pilot=pilot, from_status=from_status, to_status=to, actor=actor, at=at, note=note.strip()
    )
    if to in AUDITED:
        audit_record(
            actor=actor, action=f"pilot.{to}", target=pilot, from_status=from_status, note=note.strip()
        )
    _announce(pilot, to=to, actor=actor)
    return pilot


def _announce(pilot: Pilot, *, to: str, actor: User) -> None:
    challenge = pilot.challenge
    common = {"actor": actor, "target": pilot, "url": pilot.get_absolute_url(), "title": pilot.title,
              "group": challenge}  # fmt: skip
    if to in TEAM_NOTICES:
        event_record(
            kind=TEAM_NOTICES[to],
            recipients=list(pilot.team_members.values_list("user_id", flat=True)),
            status=untranslated(Status(to).label),
            **common,
        )
    if to == Status.ACCEPTED:
        event_record(
            kind="challenge.decision", actor=actor, target=challenge, url=challenge.get_absolute_url(),
            title=challenge.title, audiences=["followers"],
        )  # fmt: skip
    if to == Status.COMPLETED:
        event_record(
            kind="pilot.results", recipients=_participant_ids(pilot), audiences=["followers"], **common
        )
    # The trail: people who voted for or follow the challenge's ideas hear where they led.
    if to in (Status.ACCEPTED, Status.COMPLETED):
        kind = "idea.trail_pilot" if to == Status.ACCEPTED else "idea.trail_results"
        event_record(kind=kind, audiences=["idea_supporters"], **common)


def _participant_ids(pilot: Pilot) -> list[int]:
    return list(pilot.participants.filter(withdrawn_at__isnull=True).values_list("user_id", flat=True))


def _set_fields(pilot: Pilot, fields: Mapping, allowed: tuple) -> list[str]:
    changed = []
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(f"{name} cannot be changed here")
        if isinstance(value, str):
            value = value.strip()
        if getattr(pilot, name) != value:
            setattr(pilot, name, value)
            changed.append(name)
            if name in MARKDOWN_FIELDS:
                setattr(pilot, MARKDOWN_FIELDS[name], render_markdown(value))
                changed.append(MARKDOWN_FIELDS[name])
    return changed
