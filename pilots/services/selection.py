"""Choosing among the proposals: a curator opens one to review, shortlists it, accepts or declines
it; evaluators declare a conflict of interest (or none) and score it.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from challenges.models import SCORE_MAX
from pilots.models import Pilot, Review, Score
from pilots.rules import is_pilot_curator, is_pilot_evaluator, is_team_member
from pilots.services.shared import Status, _expect_status, _lock, _move, _when
from portal.audit import audit_record


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
