"""A pilot after it is accepted: starting it, its data statement and capacity, progress updates,
residents taking part and withdrawing, publishing its results, and discontinuing it.
"""

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.models import User
from accounts.rules import is_signed_in
from notifications.services import event_record
from pilots.models import KPI, Participant, Pilot, ProgressUpdate
from pilots.rules import is_pilot_curator, is_team_member
from pilots.services.proposals import DATA_STATEMENT_FIELDS, missing_for_submission
from pilots.services.shared import Status, _expect_status, _lock, _move, _participant_ids, _set_fields
from portal import translated
from portal.markdown import render_markdown

# --- Running pilots ---------------------------------------------------------------------------


@transaction.atomic
def pilot_start(*, actor: User, pilot: Pilot, now: datetime | None = None) -> Pilot:
    now = now or timezone.now()
    pilot = _lock(pilot)
    if not (is_team_member(actor, pilot) or is_pilot_curator(actor, pilot)):
        raise PermissionDenied
    _expect_status(
        pilot, (Status.ACCEPTED,), _("Only an accepted pilot can be started; this one is “%(status)s”.")
    )
    pilot.started_at = now
    return _move(pilot, to=Status.RUNNING, actor=actor, at=now, fields=["started_at"])


@transaction.atomic
def pilot_update_data_statement(*, actor: User, pilot: Pilot, expected_version: int, **fields) -> Pilot:
    """Change the capacity or the data statement of an accepted or running pilot.

    A change to the statement raises its version: participants see that it changed since they
    consented, and new consents name the new version.
    """
    pilot = _lock(pilot)
    if not is_team_member(actor, pilot):
        raise PermissionDenied
    _expect_status(
        pilot,
        (Status.ACCEPTED, Status.RUNNING),
        _("The data statement can be changed while the pilot is accepted or running; it is “%(status)s”."),
    )
    if pilot.version != expected_version:
        raise ValidationError(
            _("Someone else saved this pilot in the meantime. Reload the page to see their changes."),
            code="stale",
        )
    changed = _set_fields(pilot, fields, ("capacity", *DATA_STATEMENT_FIELDS))
    active = pilot.participants.filter(withdrawn_at__isnull=True).count()
    if pilot.capacity < active:
        raise ValidationError(
            {
                "capacity": _("%(count)s residents already take part; the capacity cannot be lower.")
                % {"count": active}
            }
        )
    if set(changed) & set(DATA_STATEMENT_FIELDS):
        missing = missing_for_submission(pilot)
        if missing:
            raise ValidationError(
                _("Fill in these before you save: %(fields)s.") % {"fields": ", ".join(missing)}
            )
        pilot.data_statement_version += 1
        changed.append("data_statement_version")
    pilot.version += 1
    pilot.full_clean()
    pilot.save(update_fields=[*changed, "version", "updated_at"])
    return pilot


@transaction.atomic
def progress_update_post(
    *, actor: User, pilot: Pilot, title: str, body: str, now: datetime | None = None
) -> ProgressUpdate:
    pilot = _lock(pilot)
    if not is_team_member(actor, pilot):
        raise PermissionDenied
    _expect_status(
        pilot, (Status.RUNNING,), _("Progress updates are posted while the pilot runs; it is “%(status)s”.")
    )
    update = ProgressUpdate(
        pilot=pilot,
        author=actor,
        title=title.strip(),
        body=body.strip(),
        body_html=render_markdown(body),
        created_at=now or timezone.now(),
    )
    update.full_clean()
    update.save()
    event_record(
        kind="pilot.update", actor=actor, target=pilot, url=pilot.get_absolute_url(), title=pilot.title,
        group=pilot.challenge, recipients=_participant_ids(pilot), audiences=["followers"],
    )  # fmt: skip
    return update


@transaction.atomic
def participant_sign_up(
    *, actor: User, pilot: Pilot, consent: bool, now: datetime | None = None
) -> Participant:
    """Take part in a pilot, consenting to its current data statement (again, if it changed)."""
    now = now or timezone.now()
    if not is_signed_in(actor):
        raise PermissionDenied
    pilot = _lock(pilot)  # serializes sign-ups, so the capacity holds
    _expect_status(
        pilot,
        (Status.ACCEPTED, Status.RUNNING),
        _("This pilot is not taking participants; it is “%(status)s”."),
    )
    if not consent:
        raise ValidationError(
            {"consent": _("To take part, read the data statement and tick the box to consent to it.")},
            code="no_consent",
        )
    current = pilot.participants.filter(user=actor, withdrawn_at__isnull=True).first()
    if current is not None:
        if current.data_statement_version == pilot.data_statement_version:
            raise ValidationError(_("You are already taking part in this pilot."), code="already")
        current.data_statement_version = pilot.data_statement_version
        current.consented_at = now
        current.save(update_fields=["data_statement_version", "consented_at"])
        return current
    if pilot.capacity == 0:
        raise ValidationError(_("This pilot does not take participants."), code="no_capacity")
    if pilot.participants.filter(withdrawn_at__isnull=True).count() >= pilot.capacity:
        raise ValidationError(
            _("This pilot is full: all %(capacity)s places are taken.") % {"capacity": pilot.capacity},
            code="full",
        )
    participant = Participant(
        pilot=pilot, user=actor, consented_at=now, data_statement_version=pilot.data_statement_version
    )
    participant.full_clean()
    try:
        with transaction.atomic():
            participant.save()
    except IntegrityError as error:  # a double click that slipped past the check
        raise ValidationError(_("You are already taking part in this pilot."), code="already") from error
    return participant


@transaction.atomic
def participant_withdraw(*, actor: User, pilot: Pilot, now: datetime | None = None) -> Participant:
    """Stop taking part, at any time. The record of the consent stays, marked withdrawn."""
    if not is_signed_in(actor):
        raise PermissionDenied
    participant = (
        Participant.objects.select_for_update()
        .filter(pilot=pilot, user=actor, withdrawn_at__isnull=True)
        .first()
    )
    if participant is None:
        raise ValidationError(_("You are not taking part in this pilot."), code="not_participant")
    participant.withdrawn_at = now or timezone.now()
    participant.save(update_fields=["withdrawn_at"])
    return participant


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@transaction.atomic
def pilot_publish_results(
    *,
    actor: User,
    pilot: Pilot,
    outcomes: Mapping[int, Decimal],
    learnings: str | Mapping[str, str],
    next_step: str,
    notes: Mapping[int, str] | None = None,
    now: datetime | None = None,
) -> Pilot:
    """End a running pilot with its results: each KPI's outcome, the learnings and the next step.

    The learnings are published by the city with the pilot's page, in every required language
    (a mapping language → text; a plain string is the active language).
    """
    now = now or timezone.now()
    pilot = _lock(pilot)
    if not is_team_member(actor, pilot):
        raise PermissionDenied
    _expect_status(
        pilot, (Status.RUNNING,), _("Results are published when a running pilot ends; it is “%(status)s”.")
    )
    kpis = list(pilot.kpis.all())
    errors = {}
    missing = []
    for kpi in kpis:
        outcome = _decimal(outcomes.get(kpi.pk))
        if outcome is None:
            missing.append(kpi.name)
        kpi.outcome = outcome
        if notes and kpi.pk in notes:
            kpi.note = notes[kpi.pk].strip()
    if missing:
        errors["outcomes"] = _("Give the outcome of every KPI: %(names)s.") % {"names": ", ".join(missing)}
    texts = {code: text for code, text in translated.translations_given(learnings).items() if text}
    if not texts:
        errors["learnings"] = _("Tell what the pilot taught, even when it did not go as planned.")
    else:
        texts = {code: texts.get(code, "") for code in translated.content_languages()}
        # Set on the locked copy now (saved below, or rolled back with the refusal).
        translated.translations_set(pilot, "learnings", texts, html_field="learnings_html")
        missing = translated.missing_language_messages(pilot, {"learnings": _lazy("learnings")})
        if missing:
            errors["learnings"] = missing
    if next_step not in Pilot.NextStep.values:
        errors["next_step"] = _("Choose the next step.")
    if errors:
        raise ValidationError(errors, code="incomplete_results")
    for kpi in kpis:
        kpi.full_clean()
    KPI.objects.bulk_update(kpis, ["outcome", "note"])
    changed = _set_fields(pilot, {"next_step": next_step}, ("next_step",))
    changed += [*translated.localized_names(["learnings", "learnings_html"]), "learnings", "learnings_html"]
    pilot.results_published_at = now
    pilot.ended_at = now
    return _move(
        pilot,
        to=Status.COMPLETED,
        actor=actor,
        at=now,
        fields=[*changed, "results_published_at", "ended_at"],
    )


@transaction.atomic
def pilot_discontinue(*, actor: User, pilot: Pilot, reason: str, now: datetime | None = None) -> Pilot:
    """Stop an accepted or running pilot early, saying why (the team or a curator)."""
    now = now or timezone.now()
    pilot = _lock(pilot)
    if not (is_team_member(actor, pilot) or is_pilot_curator(actor, pilot)):
        raise PermissionDenied
    _expect_status(
        pilot,
        (Status.ACCEPTED, Status.RUNNING),
        _("Only an accepted or running pilot can be discontinued; this one is “%(status)s”."),
    )
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the pilot stops; it is shown on its public page.")})
    pilot.discontinued_reason = reason
    pilot.ended_at = now
    return _move(
        pilot,
        to=Status.DISCONTINUED,
        actor=actor,
        at=now,
        note=reason,
        fields=["discontinued_reason", "ended_at"],
    )
