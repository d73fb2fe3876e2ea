"""Change requests: the team asks to move dates, change the scope or the budget; a curator decides.

What is asked is checked twice: when asked (so the team hears at once what cannot be) and again
when approved (the agreement may have moved meanwhile). An approval that would break the
instalments' sum, touch an instalment already approved or paid, or put a date outside the piloting
phase is refused, and nothing changes.
"""

from collections.abc import Mapping
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from agreements.models import HUNDRED, Agreement, ChangeRequest, Instalment
from agreements.services.common import (
    CENT,
    bump,
    check_due_date,
    curator_ids,
    day,
    euros,
    expect_version,
    lock,
    record_step,
    require,
    team_ids,
)
from portal.formats import format_euros

FIELDS_OF = {
    ChangeRequest.Kind.DATES: ("due_date",),
    ChangeRequest.Kind.SCOPE: ("title", "deliverable"),
    ChangeRequest.Kind.BUDGET: ("amount",),
}


def _plan(agreement: Agreement, kind: str, budget, milestones: Mapping) -> tuple[dict, list[dict]]:
    """Check what is asked against the agreement as it is now; returns (proposed, changes)."""
    if kind not in FIELDS_OF:
        raise ValidationError({"kind": _("Choose what changes: dates, scope or budget.")})
    allowed = FIELDS_OF[kind]
    current = {m.pk: m for m in agreement.milestones.select_related("instalment")}
    proposed: dict = {"milestones": {}}
    changes: list[dict] = []
    problems: list[str] = []
    for key, values in (milestones or {}).items():
        try:
            milestone = current[int(key)]
        except (KeyError, TypeError, ValueError):
            problems.append(_("Milestone %(key)s is not one of this agreement's milestones.") % {"key": key})
            continue
        if not isinstance(values, Mapping):
            problems.append(_("Say what changes in milestone “%(title)s”.") % {"title": milestone.title})
            continue
        unknown = set(values) - set(allowed)
        if unknown:
            problems.append(
                _("A change of this kind cannot change %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
            )
            continue
        clean = {}
        try:
            if "due_date" in values:
                due = day(values["due_date"], field="due_date")
                check_due_date(agreement.pilot.challenge, due, field="due_date")
                clean["due_date"] = due.isoformat()
                if due != milestone.due_date:
                    changes.append(
                        {
                            "what": "due_date",
                            "milestone": milestone.title,
                            "before": milestone.due_date.isoformat(),
                            "after": due.isoformat(),
                        }
                    )
            for name in ("title", "deliverable"):
                if name in values:
                    text = str(values[name] or "").strip()
                    if not text or (name == "title" and len(text) > 200):
                        raise ValidationError(_("Give the milestone a title and a deliverable."))
                    clean[name] = text
                    if text != getattr(milestone, name):
                        changes.append(
                            {
                                "what": name,
                                "milestone": milestone.title,
                                "before": getattr(milestone, name),
                                "after": text,
                            }
                        )
            if "amount" in values:
                amount = euros(values["amount"], field="amount")
                clean["amount"] = str(amount)
                if amount != milestone.instalment.amount:
                    if milestone.instalment.status != Instalment.Status.PLANNED:
                        raise ValidationError(
                            _("The instalment of “%(title)s” is already approved or paid; its amount stays.")
                            % {"title": milestone.title}
                        )
                    changes.append(
                        {
                            "what": "amount",
                            "milestone": milestone.title,
                            "before": str(milestone.instalment.amount),
                            "after": str(amount),
                        }
                    )
        except ValidationError as error:
            problems.extend(f"{milestone.title}: {message}" for message in error.messages)
            continue
        proposed["milestones"][str(milestone.pk)] = clean
    if kind == ChangeRequest.Kind.BUDGET:
        new_budget = euros(budget, field="budget") if budget not in (None, "") else agreement.budget
        amounts = {pk: m.instalment.amount for pk, m in current.items()}
        for key, clean in proposed["milestones"].items():
            if "amount" in clean:
                amounts[int(key)] = Decimal(clean["amount"])
        total = sum(amounts.values(), Decimal("0"))
        if total != new_budget:
            problems.append(
                _(
                    "The instalments would add up to %(total)s, not the budget of %(budget)s. "
                    "Change the amounts so that they add up exactly."
                )
                % {"total": format_euros(total), "budget": format_euros(new_budget)}
            )
        if any(amount <= 0 for amount in amounts.values()):
            problems.append(
                _("Every instalment is more than 0 €; remove a milestone by a change of scope instead.")
            )
        proposed["budget"] = str(new_budget)
        if new_budget != agreement.budget:
            changes.append(
                {"what": "budget", "milestone": "", "before": str(agreement.budget), "after": str(new_budget)}
            )
    if not problems and not changes:
        problems.append(_("The request changes nothing; say what should be different."))
    if problems:
        raise ValidationError({"milestones": problems}, code="invalid_change")
    return proposed, changes


@transaction.atomic
def change_request_create(
    *,
    actor: User,
    agreement: Agreement,
    kind: str,
    reason: str,
    milestones: Mapping | None = None,
    budget=None,
    now: datetime | None = None,
) -> ChangeRequest:
    now = now or timezone.now()
    agreement = lock(agreement)
    require(actor, "agreements.request_change", agreement)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the change; the curators decide on it.")})
    if agreement.change_requests.filter(status=ChangeRequest.Status.PENDING).exists():
        raise ValidationError(
            _("A change request is already waiting for a decision; wait for it before asking another."),
            code="change_pending",
        )
    proposed, _changes = _plan(agreement, kind, budget, milestones or {})
    change = ChangeRequest.objects.create(
        agreement=agreement, kind=kind, reason=reason, proposed=proposed, requested_by=actor, requested_at=now
    )
    record_step(
        actor=actor,
        agreement=agreement,
        action="change_request",
        target=change,
        step=gettext_lazy("change requested"),
        recipients=curator_ids(agreement.pilot),
        kind=kind,
    )
    return change


def _apply(agreement: Agreement, change: ChangeRequest) -> list[dict]:
    proposed_milestones = change.proposed.get("milestones", {})
    _proposed, changes = _plan(agreement, change.kind, change.proposed.get("budget"), proposed_milestones)
    if change.kind == ChangeRequest.Kind.BUDGET:
        agreement.budget = Decimal(change.proposed["budget"])
    for milestone in agreement.milestones.select_related("instalment").select_for_update(of=("self",)):
        values = proposed_milestones.get(str(milestone.pk), {})
        if "due_date" in values:
            milestone.due_date = day(values["due_date"], field="due_date")
            # A new date is a new deadline: its reminders go out again.
            milestone.reminded_week_at = milestone.reminded_day_at = milestone.reminded_overdue_at = None
        for name in ("title", "deliverable"):
            if name in values:
                setattr(milestone, name, values[name])
        instalment = milestone.instalment
        if "amount" in values:
            instalment.amount = Decimal(values["amount"])
            instalment.save(update_fields=["amount"])
        if change.kind == ChangeRequest.Kind.BUDGET and agreement.budget > 0:
            milestone.share = max(
                CENT, (instalment.amount * HUNDRED / agreement.budget).quantize(CENT, rounding=ROUND_HALF_UP)
            )
        milestone.full_clean(exclude=["agreement"])
        milestone.save()
    total = sum(agreement.instalments.values_list("amount", flat=True), Decimal("0"))
    if total != agreement.budget:  # the backstop of _plan's check
        raise ValidationError(_("The change would break the instalments' sum; nothing was changed."))
    bump(agreement, "budget")
    return changes


@transaction.atomic
def change_request_decide(
    *,
    actor: User,
    change: ChangeRequest,
    approve: bool,
    comment: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> ChangeRequest:
    """A curator approves (the agreement changes, the history keeps what changed) or declines."""
    now = now or timezone.now()
    agreement = lock(change.agreement)
    require(actor, "agreements.decide_change", agreement)
    expect_version(agreement, expected_version)
    change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    if change.status != ChangeRequest.Status.PENDING:
        raise ValidationError(
            _("This change request was already decided (%(status)s).")
            % {"status": change.get_status_display()},
            code="already_decided",
        )
    comment = (comment or "").strip()
    if approve:
        change.changes = _apply(agreement, change)
    elif not comment:
        raise ValidationError({"comment": _("Tell the team why the change is declined.")})
    change.status = ChangeRequest.Status.APPROVED if approve else ChangeRequest.Status.DECLINED
    change.decided_by, change.decided_at, change.decision_comment = actor, now, comment
    change.save(update_fields=["status", "decided_by", "decided_at", "decision_comment", "changes"])
    step = gettext_lazy("change approved") if approve else gettext_lazy("change declined")
    record_step(
        actor=actor,
        agreement=agreement,
        action="change_approve" if approve else "change_decline",
        target=change,
        step=step,
        recipients=team_ids(agreement.pilot),
        changes=change.changes,
    )
    return change
