"""Milestone reports (submit, approve, return, resubmit) and the instalments they release."""

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from agreements.models import Agreement, Instalment, Milestone, Report, ReportAttachment
from agreements.services.common import (
    curator_ids,
    day,
    finance_ids,
    format_day,
    lock,
    record_step,
    require,
    team_ids,
)
from portal.markdown import render_markdown
from portal.uploads import clean_attachment, store


def _kpi_values(agreement: Agreement, values: Mapping) -> list[dict]:
    kpis = {kpi.pk: kpi for kpi in agreement.pilot.kpis.all()}
    rows, problems = [], []
    for key, raw in (values or {}).items():
        try:
            kpi = kpis[int(key)]
        except (KeyError, TypeError, ValueError):
            problems.append(_("%(key)s is not one of this pilot's KPIs.") % {"key": key})
            continue
        if raw in (None, ""):
            continue
        try:
            value = Decimal(str(raw).strip().replace(",", "."))
            if not value.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            problems.append(_("The value of “%(name)s” is not a number.") % {"name": kpi.name})
            continue
        rows.append({"kpi": kpi.pk, "name": kpi.name, "unit": kpi.unit, "value": str(value)})
    if problems:
        raise ValidationError({"kpi_values": problems})
    return sorted(rows, key=lambda row: row["kpi"])


@transaction.atomic
def report_submit(
    *,
    actor: User,
    agreement: Agreement,
    milestone: Milestone,
    summary: str,
    kpi_values: Mapping | None = None,
    files: Sequence = (),
    now: datetime | None = None,
) -> Report:
    """The team reports on a milestone: what was done, KPI values so far, files. After a return,
    the same call submits the next version; every version is kept."""
    now = now or timezone.now()
    agreement = lock(agreement)
    require(actor, "agreements.submit_report", agreement)
    if milestone.agreement_id != agreement.pk:
        raise ValidationError(
            _("This milestone belongs to another pilot's agreement; report on this pilot's own."),
            code="wrong_pilot",
        )
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if milestone.status == Milestone.Status.SUBMITTED:
        raise ValidationError(
            _("A report on this milestone is waiting for review; a new version can follow a return."),
            code="report_waiting",
        )
    if milestone.status == Milestone.Status.APPROVED:
        raise ValidationError(_("This milestone is done: its report was approved."), code="milestone_done")
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError({"summary": _("Tell what was done for this milestone.")})
    values = _kpi_values(agreement, kpi_values or {})
    limit = settings.PILOT_ATTACHMENTS_MAX
    if len(files) > limit:
        raise ValidationError({"files": _("A report can have at most %(count)s files.") % {"count": limit}})
    cleaned = [clean_attachment(file, field="files") for file in files]
    number = (milestone.reports.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    report = Report.objects.create(
        milestone=milestone,
        number=number,
        summary=summary,
        summary_html=render_markdown(summary),
        kpi_values=values,
        submitted_by=actor,
        submitted_at=now,
    )
    for clean in cleaned:
        attachment = ReportAttachment(
            report=report,
            name=clean.display_name,
            content_type=clean.content_type,
            size=clean.size,
            uploaded_by=actor,
            uploaded_at=now,
        )
        store(attachment.file, clean)
        attachment.save()
    milestone.status = Milestone.Status.SUBMITTED
    milestone.save(update_fields=["status"])
    record_step(
        actor=actor,
        agreement=agreement,
        action="report_submit",
        target=report,
        step=gettext_lazy("milestone report submitted"),
        recipients=curator_ids(agreement.pilot),
        milestone=milestone.pk,
        number=number,
    )
    return report


def _reviewable(actor: User, report: Report) -> tuple[Agreement, Report]:
    agreement = lock(report.milestone.agreement)
    require(actor, "agreements.review_report", agreement)
    report = Report.objects.select_for_update().select_related("milestone").get(pk=report.pk)
    if report.status != Report.Status.SUBMITTED:
        raise ValidationError(
            _("This report was already reviewed (%(status)s).") % {"status": report.get_status_display()},
            code="already_reviewed",
        )
    return agreement, report


@transaction.atomic
def report_approve(*, actor: User, report: Report, comment: str = "", now: datetime | None = None) -> Report:
    """A curator approves a report: the milestone is done and its instalment approved for payment."""
    now = now or timezone.now()
    agreement, report = _reviewable(actor, report)
    report.status = Report.Status.APPROVED
    report.reviewed_by, report.reviewed_at, report.review_comment = actor, now, (comment or "").strip()
    report.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_comment"])
    milestone = report.milestone
    milestone.status, milestone.approved_at = Milestone.Status.APPROVED, now
    milestone.save(update_fields=["status", "approved_at"])
    instalment = Instalment.objects.select_for_update().get(milestone=milestone)
    instalment.status, instalment.approved_at = Instalment.Status.APPROVED, now
    instalment.save(update_fields=["status", "approved_at"])
    pilot = agreement.pilot
    record_step(
        actor=actor,
        agreement=agreement,
        action="report_approve",
        target=report,
        step=gettext_lazy("milestone report approved; the instalment is approved for payment"),
        recipients=[*team_ids(pilot), *finance_ids(pilot)],
        milestone=milestone.pk,
        instalment=instalment.pk,
        amount=str(instalment.amount),
    )
    return report


@transaction.atomic
def report_return(*, actor: User, report: Report, comment: str, now: datetime | None = None) -> Report:
    """A curator returns a report with comments; the team submits a new version."""
    now = now or timezone.now()
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Tell the team what to change; they will read it.")})
    agreement, report = _reviewable(actor, report)
    report.status = Report.Status.RETURNED
    report.reviewed_by, report.reviewed_at, report.review_comment = actor, now, comment
    report.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_comment"])
    Milestone.objects.filter(pk=report.milestone_id).update(status=Milestone.Status.RETURNED)
    record_step(
        actor=actor,
        agreement=agreement,
        action="report_return",
        target=report,
        step=gettext_lazy("milestone report returned with comments"),
        recipients=team_ids(agreement.pilot),
        milestone=report.milestone_id,
    )
    return report


@transaction.atomic
def instalment_mark_paid(
    *, actor: User, instalment: Instalment, paid_on, reference: str, now: datetime | None = None
) -> Instalment:
    """The finance contact marks an approved instalment paid, with the date and the payment's
    reference. The instalment's row is locked, so two clicks at once pay it once."""
    now = now or timezone.now()
    agreement = lock(instalment.agreement)
    require(actor, "agreements.mark_paid", agreement)
    instalment = Instalment.objects.select_for_update().select_related("milestone").get(pk=instalment.pk)
    if instalment.status == Instalment.Status.PAID:
        raise ValidationError(
            _("This instalment was already marked paid on %(date)s (reference %(reference)s).")
            % {"date": format_day(instalment.paid_on), "reference": instalment.payment_reference},
            code="already_paid",
        )
    if instalment.status != Instalment.Status.APPROVED:
        raise ValidationError(
            _("An instalment is paid once its milestone's report is approved; this one is not yet."),
            code="not_approved",
        )
    paid_on = day(paid_on, field="paid_on")
    if paid_on > timezone.localdate(now):
        raise ValidationError({"paid_on": _("The payment date cannot be in the future.")})
    reference = (reference or "").strip()
    if not reference:
        raise ValidationError({"reference": _("Give the payment's reference from the finance system.")})
    if len(reference) > 100:
        raise ValidationError({"reference": _("The reference is at most 100 characters.")})
    instalment.status = Instalment.Status.PAID
    instalment.paid_on, instalment.payment_reference = paid_on, reference
    instalment.paid_by, instalment.paid_recorded_at = actor, now
    instalment.full_clean(exclude=["agreement", "milestone"])
    instalment.save(update_fields=["status", "paid_on", "payment_reference", "paid_by", "paid_recorded_at"])
    pilot = agreement.pilot
    record_step(
        actor=actor,
        agreement=agreement,
        action="instalment_paid",
        target=instalment,
        step=gettext_lazy("instalment paid"),
        recipients=[*team_ids(pilot), *curator_ids(pilot)],
        amount=str(instalment.amount),
        reference=reference,
        paid_on=paid_on.isoformat(),
    )
    return instalment
