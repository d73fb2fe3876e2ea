"""Every change to pilots, reviews and participants goes through here.

Each function checks *who* (a missing right is `PermissionDenied`), then *when* (the pilot's status
and the challenge's dates; a wrong moment is a `ValidationError` that says why), and writes in one
transaction with the pilot row locked, so two people acting at once are served one after the other.
Every status change is recorded as a `Transition` (who, when, from, to, note).

Time-gated functions take an optional `now` so the demo can replay a history; pages never pass it.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.models import Organization, User
from accounts.rules import is_organization_member, is_signed_in
from challenges.models import SCORE_MAX, Challenge, format_euros
from challenges.rules import is_curator, is_evaluator
from engagement import services as engagement
from notifications.services import event_record
from pilots.models import (
    KPI,
    Attachment,
    Participant,
    Pilot,
    ProgressUpdate,
    Review,
    Score,
    TeamMember,
    Transition,
)
from pilots.rules import is_pilot_curator, is_pilot_evaluator, is_team_member
from pilots.translation import PILOT_PUBLIC_TEXTS
from portal import translated
from portal.audit import audit_record
from portal.language import untranslated
from portal.markdown import render_markdown
from portal.rate_limits import rate_limit_hit
from portal.uploads import clean_attachment, store

Status = Pilot.Status

# What the team writes while the proposal is a draft.
DRAFT_FIELDS = (
    "title", "summary", "problem", "solution", "partners", "test_site", "schedule", "budget_requested",
    "city_needs", "resident_involvement", "capacity", "collects_personal_data", "personal_data",
    "data_subjects", "data_purpose", "legal_basis", "data_retention", "data_contact",
)  # fmt: skip
# The public page's title and summary may also be given per language (`title_sv`…): the city
# publishes a running pilot's page in Finnish and Swedish (pilots/translation.py).
PUBLIC_TEXT_COLUMNS = tuple(sorted(translated.localized_names(PILOT_PUBLIC_TEXTS)))
DATA_STATEMENT_FIELDS = (
    "collects_personal_data", "personal_data", "data_subjects", "data_purpose", "legal_basis",
    "data_retention", "data_contact",
)  # fmt: skip
# Must be filled in before a proposal can be submitted.
REQUIRED_TO_SUBMIT = (
    "title", "summary", "problem", "solution", "test_site", "schedule", "resident_involvement",
    "data_contact",
)  # fmt: skip
REQUIRED_WITH_PERSONAL_DATA = (
    "personal_data",
    "data_subjects",
    "data_purpose",
    "legal_basis",
    "data_retention",
)
MARKDOWN_FIELDS = {"problem": "problem_html", "solution": "solution_html", "learnings": "learnings_html"}


# --- Helpers ----------------------------------------------------------------------------------


def _when(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _status_label(pilot: Pilot) -> str:
    return str(Status(pilot.status).label)


def _lock(pilot: Pilot) -> Pilot:
    """The pilot's row, locked for the rest of the transaction, with its challenge."""
    return Pilot.objects.select_for_update(of=("self",)).select_related("challenge").get(pk=pilot.pk)


def _forget_team(user: User) -> None:
    user.__dict__.pop("_pilot_team_cache", None)


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


def _participant_ids(pilot: Pilot) -> list[int]:
    return list(pilot.participants.filter(withdrawn_at__isnull=True).values_list("user_id", flat=True))


def _check_budget(pilot: Pilot, challenge: Challenge) -> None:
    if pilot.budget_requested is not None and pilot.budget_requested > challenge.budget_max_per_pilot:
        raise ValidationError(
            {
                "budget_requested": _(
                    "The most this challenge gives a pilot is %(max)s. Ask for that much or less."
                )
                % {"max": format_euros(challenge.budget_max_per_pilot)}
            },
            code="budget_over_maximum",
        )


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


# --- Drafts -----------------------------------------------------------------------------------


def pilot_check_proposable(*, actor: User, challenge: Challenge, now: datetime | None = None) -> None:
    """Raise the reason why the actor cannot start a proposal to the challenge now, if there is one."""
    now = now or timezone.now()
    if not is_signed_in(actor):
        raise PermissionDenied
    if not challenge.is_published or challenge.closed_early_at is not None:
        raise ValidationError(_("This challenge does not take proposals."), code="challenge_closed")
    if now >= challenge.proposals_close:
        raise ValidationError(
            _("Proposals for this challenge closed on %(date)s.")
            % {"date": _when(challenge.proposals_close)},
            code="deadline_passed",
        )
    if is_curator(actor, challenge) or is_evaluator(actor, challenge):
        raise ValidationError(
            _("You curate or evaluate this challenge, so you cannot propose a pilot to it."),
            code="insider",
        )


@transaction.atomic
def pilot_create_draft(
    *,
    actor: User,
    challenge: Challenge,
    title: str,
    organization: Organization | None = None,
    now: datetime | None = None,
    **fields,
) -> Pilot:
    """Start a proposal: for an organization the actor belongs to, or as a group of residents."""
    now = now or timezone.now()
    pilot_check_proposable(actor=actor, challenge=challenge, now=now)
    if organization is not None and not is_organization_member(actor, organization):
        raise PermissionDenied
    pilot = Pilot(challenge=challenge, organization=organization, created_by=actor, created_at=now)
    _set_fields(pilot, {"title": title, **fields}, (*DRAFT_FIELDS, *PUBLIC_TEXT_COLUMNS))
    _check_budget(pilot, challenge)
    pilot.full_clean()
    rate_limit_hit(actor=actor, action="proposal")
    pilot.save()
    TeamMember.objects.create(pilot=pilot, user=actor, role=TeamMember.Role.LEAD, added_at=now)
    Transition.objects.create(
        pilot=pilot, from_status="", to_status=Status.DRAFT, actor=actor, at=pilot.created_at
    )
    _forget_team(actor)
    return pilot


@transaction.atomic
def pilot_update_draft(*, actor: User, pilot: Pilot, expected_version: int, **fields) -> Pilot:
    """Save the team's edits, unless someone else saved the draft since `expected_version`."""
    pilot = _lock(pilot)
    if not is_team_member(actor, pilot):
        raise PermissionDenied
    if pilot.status != Status.DRAFT:
        raise ValidationError(
            _("This proposal was submitted on %(date)s and can no longer be edited.")
            % {"date": _when(pilot.submitted_at)},
            code="not_draft",
        )
    if pilot.version != expected_version:
        raise ValidationError(
            _(
                "Someone else saved this proposal in the meantime. Your changes were not saved: "
                "copy them, reload the page to see the other changes, and add yours again."
            ),
            code="stale",
        )
    changed = _set_fields(pilot, fields, (*DRAFT_FIELDS, *PUBLIC_TEXT_COLUMNS))
    _check_budget(pilot, pilot.challenge)
    pilot.version += 1
    pilot.full_clean()
    pilot.save(update_fields=[*changed, "version", "updated_at"])
    return pilot


# --- Team -------------------------------------------------------------------------------------

TEAM_CHANGE_STATUSES = (
    Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW, Status.SHORTLISTED, Status.ACCEPTED, Status.RUNNING,
)  # fmt: skip


@transaction.atomic
def team_add(*, actor: User, pilot: Pilot, email: str) -> TeamMember:
    """Add a person with an account to the team. They see the proposal from then on."""
    pilot = _lock(pilot)
    if not is_team_member(actor, pilot):
        raise PermissionDenied
    _expect_status(pilot, TEAM_CHANGE_STATUSES, _("The team of a pilot that has ended cannot change."))
    email = email.strip()
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        raise ValidationError(
            {
                "email": _("Nobody has an account with %(email)s. Ask them to sign up first.")
                % {"email": email}
            }
        )
    if pilot.team_members.filter(user=user).exists():
        raise ValidationError({"email": _("%(name)s is already on the team.") % {"name": user.display_name}})
    if is_curator(user, pilot.challenge) or is_evaluator(user, pilot.challenge):
        raise ValidationError(
            {
                "email": _(
                    "%(name)s curates or evaluates this challenge and cannot join a team proposing to it."
                )
                % {"name": user.display_name}
            }
        )
    member = TeamMember.objects.create(pilot=pilot, user=user, role=TeamMember.Role.MEMBER)
    _forget_team(user)
    event_record(
        kind="team.invitation", actor=actor, target=pilot, url=pilot.get_absolute_url(), title=pilot.title,
        group=pilot.challenge, recipients=[user],
    )  # fmt: skip
    return member


@transaction.atomic
def team_remove(*, actor: User, member: TeamMember) -> None:
    pilot = _lock(member.pilot)
    if not is_team_member(actor, pilot):
        raise PermissionDenied
    _expect_status(pilot, TEAM_CHANGE_STATUSES, _("The team of a pilot that has ended cannot change."))
    if member.role == TeamMember.Role.LEAD:
        raise ValidationError(_("The lead of the team cannot be removed."), code="lead")
    member.delete()
    _forget_team(member.user)


# --- KPIs -------------------------------------------------------------------------------------


def _kpi_editable(actor: User, pilot: Pilot) -> None:
    if not is_team_member(actor, pilot):
        raise PermissionDenied
    _expect_status(
        pilot, (Status.DRAFT,), _("KPIs are set while the proposal is a draft; this one is “%(status)s”.")
    )


@transaction.atomic
def kpi_add(*, actor: User, pilot: Pilot, name: str, target: Decimal, unit: str = "", note: str = "") -> KPI:
    pilot = _lock(pilot)
    _kpi_editable(actor, pilot)
    kpi = KPI(
        pilot=pilot,
        name=name.strip(),
        unit=unit.strip(),
        target=target,
        note=note.strip(),
        position=pilot.kpis.count(),
    )
    kpi.full_clean()
    kpi.save()
    return kpi


@transaction.atomic
def kpi_update(*, actor: User, kpi: KPI, name: str, target: Decimal, unit: str = "", note: str = "") -> KPI:
    _kpi_editable(actor, _lock(kpi.pilot))
    kpi.name, kpi.unit, kpi.target, kpi.note = name.strip(), unit.strip(), target, note.strip()
    kpi.full_clean()
    kpi.save()
    return kpi


@transaction.atomic
def kpi_remove(*, actor: User, kpi: KPI) -> None:
    _kpi_editable(actor, _lock(kpi.pilot))
    kpi.delete()


# --- Attachments ------------------------------------------------------------------------------


def _attachments_editable(actor: User, pilot: Pilot) -> None:
    if not is_team_member(actor, pilot):
        raise PermissionDenied
    _expect_status(
        pilot,
        (Status.DRAFT,),
        _("Files are attached while the proposal is a draft; this one is “%(status)s”."),
    )


@transaction.atomic
def attachment_add(*, actor: User, pilot: Pilot, file: File) -> Attachment:
    """Attach a PDF or an image to a draft (checked by content and stored under a random name,
    images re-encoded without metadata; see `portal.uploads`). As confidential as the proposal."""
    pilot = _lock(pilot)
    _attachments_editable(actor, pilot)
    limit = settings.PILOT_ATTACHMENTS_MAX
    if pilot.attachments.count() >= limit:
        raise ValidationError(
            {"file": _("A proposal can have at most %(count)s files. Remove one to attach another.")
             % {"count": limit}}
        )  # fmt: skip
    clean = clean_attachment(file, field="file")
    attachment = Attachment(
        pilot=pilot,
        name=clean.display_name,
        content_type=clean.content_type,
        size=clean.size,
        uploaded_by=actor,
    )
    store(attachment.file, clean)
    attachment.save()
    return attachment


@transaction.atomic
def attachment_remove(*, actor: User, attachment: Attachment) -> None:
    """Remove a file from a draft; the stored file is deleted after the commit."""
    _attachments_editable(actor, _lock(attachment.pilot))
    attachment.delete()


# --- Submission and selection -----------------------------------------------------------------


def missing_for_submission(pilot: Pilot) -> list[str]:
    """The names of what must still be filled in before the proposal can be submitted."""
    required = list(REQUIRED_TO_SUBMIT)
    if pilot.collects_personal_data:
        required += REQUIRED_WITH_PERSONAL_DATA
    return [str(Pilot._meta.get_field(name).verbose_name) for name in required if not getattr(pilot, name)]


@transaction.atomic
def pilot_submit(*, actor: User, pilot: Pilot, now: datetime | None = None) -> Pilot:
    """Hand the proposal in: complete, within the budget, before the deadline."""
    now = now or timezone.now()
    pilot = _lock(pilot)
    challenge = pilot.challenge
    if not is_team_member(actor, pilot):
        raise PermissionDenied
    _expect_status(pilot, (Status.DRAFT,), _("This proposal has already been submitted; it is “%(status)s”."))
    if not challenge.accepts_proposals(now):
        if challenge.is_published and challenge.closed_early_at is None and now < challenge.proposals_open:
            message = _("Proposals can be submitted from %(date)s.") % {
                "date": _when(challenge.proposals_open)
            }
        elif challenge.is_published and challenge.closed_early_at is None:
            message = _("Proposals for this challenge closed on %(date)s.") % {
                "date": _when(challenge.proposals_close)
            }
        else:
            message = _("This challenge does not take proposals.")
        raise ValidationError(message, code="deadline_passed")
    missing = missing_for_submission(pilot)
    if missing:
        raise ValidationError(
            _("Fill in these before you submit: %(fields)s.") % {"fields": ", ".join(missing)},
            code="incomplete",
        )
    if not pilot.kpis.exists():
        raise ValidationError(
            _("Add at least one KPI with a target before you submit, so the pilot can be measured."),
            code="no_kpis",
        )
    _check_budget(pilot, challenge)
    pilot.submitted_at = now
    return _move(pilot, to=Status.SUBMITTED, actor=actor, at=now, fields=["submitted_at"])


def _require_curator(actor: User, pilot: Pilot) -> None:
    if not is_pilot_curator(actor, pilot):
        raise PermissionDenied


@transaction.atomic
def pilot_start_review(*, actor: User, pilot: Pilot, now: datetime | None = None) -> Pilot:
    """A curator opens a submitted proposal to the evaluators."""
    now = now or timezone.now()
    pilot = _lock(pilot)
    _require_curator(actor, pilot)
    _expect_status(
        pilot,
        (Status.SUBMITTED,),
        _("Only a submitted proposal can be opened for review; this one is “%(status)s”."),
    )
    return _move(pilot, to=Status.IN_REVIEW, actor=actor, at=now)


@transaction.atomic
def pilot_shortlist(*, actor: User, pilot: Pilot, note: str = "", now: datetime | None = None) -> Pilot:
    now = now or timezone.now()
    pilot = _lock(pilot)
    _require_curator(actor, pilot)
    _expect_status(
        pilot,
        (Status.IN_REVIEW,),
        _("Only a proposal in review can be shortlisted; this one is “%(status)s”."),
    )
    return _move(pilot, to=Status.SHORTLISTED, actor=actor, at=now, note=note)


@transaction.atomic
def pilot_decide(
    *, actor: User, pilot: Pilot, accept: bool, reason: str = "", now: datetime | None = None
) -> Pilot:
    """Accept or decline a proposal. The team reads the reason; a decline must give one."""
    now = now or timezone.now()
    pilot = _lock(pilot)
    challenge = pilot.challenge
    _require_curator(actor, pilot)
    reason = reason.strip()
    if accept:
        _expect_status(
            pilot,
            (Status.IN_REVIEW, Status.SHORTLISTED),
            _("A proposal is accepted after review; this one is “%(status)s”."),
        )
        if now < challenge.proposals_close:
            raise ValidationError(
                _("Proposals are accepted after they close on %(date)s, so that all are weighed together.")
                % {"date": _when(challenge.proposals_close)},
                code="too_early",
            )
        if challenge.closed_early_at is not None or now >= challenge.piloting_end:
            raise ValidationError(
                _("This challenge is closed; no more pilots can be accepted."), code="closed"
            )
    else:
        _expect_status(
            pilot,
            (Status.SUBMITTED, Status.IN_REVIEW, Status.SHORTLISTED),
            _("Only a proposal waiting for a decision can be declined; this one is “%(status)s”."),
        )
        if not reason:
            raise ValidationError(
                {"reason": _("Tell the team why the proposal was declined; they will read it.")},
                code="reason_required",
            )
    pilot.decided_at = now
    pilot.decided_by = actor
    pilot.decision_reason = reason
    return _move(
        pilot,
        to=Status.ACCEPTED if accept else Status.DECLINED,
        actor=actor,
        at=now,
        note=reason,
        fields=["decided_at", "decided_by", "decision_reason"],
    )


# --- Reviews ----------------------------------------------------------------------------------


def _reviewable(actor: User, pilot: Pilot) -> None:
    if not is_pilot_evaluator(actor, pilot) or is_team_member(actor, pilot):
        raise PermissionDenied
    _expect_status(
        pilot,
        (Status.IN_REVIEW, Status.SHORTLISTED),
        _("This proposal is not open for review; it is “%(status)s”."),
    )


def _already_reviewed() -> ValidationError:
    return ValidationError(
        _("You have already reviewed this proposal; a submitted review cannot be changed."),
        code="already_reviewed",
    )


@transaction.atomic
def review_declare_conflict(
    *, actor: User, pilot: Pilot, conflict: bool, note: str = "", now: datetime | None = None
) -> Review:
    """The evaluator's first step: say whether they have a conflict of interest.

    A declared conflict is final: the evaluator cannot score the proposal, and is left out of its
    average. Having said "no conflict", an evaluator may still declare one until they submit.
    """
    now = now or timezone.now()
    pilot = _lock(pilot)
    _reviewable(actor, pilot)
    review = Review.objects.select_for_update().filter(pilot=pilot, evaluator=actor).first()
    if review is None:
        review = Review(pilot=pilot, evaluator=actor, declared_at=now)
    elif review.submitted_at is not None:
        raise _already_reviewed()
    elif review.conflict_of_interest:
        raise ValidationError(
            _("You have declared a conflict of interest in this proposal; that cannot be undone."),
            code="conflicted",
        )
    review.conflict_of_interest = conflict
    review.conflict_note = note.strip() if conflict else ""
    review.declared_at = now
    review.full_clean()
    review.save()
    return review


@dataclass
class ScoreInput:
    score: int
    comment: str = ""


@transaction.atomic
def review_submit(
    *,
    actor: User,
    pilot: Pilot,
    scores: Mapping[int, ScoreInput],
    comment: str = "",
    now: datetime | None = None,
) -> Review:
    """Score every criterion of the challenge, 0..5, once. `scores` maps criterion ids to scores."""
    now = now or timezone.now()
    pilot = _lock(pilot)
    challenge = pilot.challenge
    _reviewable(actor, pilot)
    if not challenge.scoring_open(now):
        if now < challenge.proposals_close:
            message = _("Scoring opens when proposals close on %(date)s.") % {
                "date": _when(challenge.proposals_close)
            }
        else:
            message = _("Scoring for this challenge has closed.")
        raise ValidationError(message, code="scoring_closed")
    review = Review.objects.select_for_update().filter(pilot=pilot, evaluator=actor).first()
    if review is None:
        raise ValidationError(
            _("First declare whether you have a conflict of interest in this proposal."), code="undeclared"
        )
    if review.conflict_of_interest:
        raise ValidationError(
            _("You declared a conflict of interest in this proposal, so you cannot score it."),
            code="conflicted",
        )
    if review.submitted_at is not None:
        raise _already_reviewed()

    criteria = list(challenge.criteria.all())
    if not criteria:
        raise ValidationError(_("This challenge has no criteria to score yet."), code="no_criteria")
    errors = []
    rows = []
    for criterion in criteria:
        given = scores.get(criterion.pk)
        value = given.score if given is not None else None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= SCORE_MAX:
            errors.append(
                _("%(criterion)s: give a score from 0 to %(max)s.")
                % {"criterion": criterion.name, "max": SCORE_MAX}
            )
            continue
        rows.append(Score(review=review, criterion=criterion, score=value, comment=given.comment.strip()))
    unknown = set(scores) - {criterion.pk for criterion in criteria}
    if unknown:
        errors.append(_("Some scores are for criteria this challenge does not have. Reload the page."))
    if errors:
        raise ValidationError(errors, code="bad_scores")
    for row in rows:
        row.full_clean(exclude=["review"])
    Score.objects.bulk_create(rows)
    review.comment = comment.strip()
    review.submitted_at = now
    review.save(update_fields=["comment", "submitted_at"])
    audit_record(
        actor=actor, action="review.submit", target=review.pilot,
        scores={str(row.criterion_id): row.score for row in rows},
    )  # fmt: skip
    return review


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


# --- When a team member deletes their account (pilots.privacy) ---------------------------------
# No permission checks: accounts.services.account_delete has checked the person's password, and
# these run inside its transaction.


@transaction.atomic
def team_member_forget(*, member: TeamMember) -> str:
    """Take a person whose account is being deleted off a team, whatever the pilot's status.

    The proposal is the organization's and stays. The longest-standing other member takes over as
    lead. A last member stays, shown as "Deleted user", so the record of who proposed it holds,
    except on a draft nobody else has seen, which is deleted. Returns "removed", "kept" or
    "deleted".
    """
    pilot = _lock(member.pilot)
    successor = pilot.team_members.exclude(pk=member.pk).order_by("added_at", "pk").first()
    if successor is None:
        if pilot.status != Status.DRAFT:
            return "kept"
        engagement.engagement_forget_item(target=pilot)
        pilot.delete()  # its KPIs, history and attached files with it
        return "deleted"
    was_lead = member.role == TeamMember.Role.LEAD
    member.delete()
    if was_lead:
        successor.role = TeamMember.Role.LEAD
        successor.save(update_fields=["role"])
    _forget_team(member.user)
    return "removed"
