"""The end of a pilot: the team's final report and the city's decision (public)."""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from agreements.models import Agreement, CityDecision
from agreements.services.common import curator_ids, lock, record_step, require, team_ids
from notifications.services import event_record
from pilots.models import Pilot
from portal.audit import audit_record
from portal.language import untranslated
from portal.markdown import render_markdown


@transaction.atomic
def final_report_submit(
    *, actor: User, agreement: Agreement, body: str, now: datetime | None = None
) -> Agreement:
    """The team's final report; it can be rewritten until the city decides."""
    now = now or timezone.now()
    agreement = lock(agreement)
    require(actor, "agreements.submit_final_report", agreement)
    if agreement.pilot.status not in (
        Pilot.Status.RUNNING,
        Pilot.Status.COMPLETED,
        Pilot.Status.DISCONTINUED,
    ):
        raise ValidationError(
            _("The final report is written once the pilot has started."), code="not_started"
        )
    if CityDecision.objects.filter(pilot=agreement.pilot).exists():
        raise ValidationError(
            _("The city has decided; the final report can no longer change."), code="decided"
        )
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write the final report: what the pilot did and what it showed.")})
    agreement.final_report, agreement.final_report_html = body, render_markdown(body)
    agreement.final_report_by, agreement.final_report_at = actor, now
    agreement.version += 1
    agreement.save(
        update_fields=[
            "final_report",
            "final_report_html",
            "final_report_by",
            "final_report_at",
            "version",
            "updated_at",
        ]
    )
    record_step(
        actor=actor,
        agreement=agreement,
        action="final_report",
        step=gettext_lazy("final report submitted"),
        recipients=curator_ids(agreement.pilot),
    )
    return agreement


def _reasons(reasons) -> dict[str, str]:
    """The reasons by language; the city's official languages are required (Espoo: fi and sv)."""
    if isinstance(reasons, str):
        reasons = {settings.MODELTRANSLATION_DEFAULT_LANGUAGE: reasons}
    return {code: str((reasons or {}).get(code) or "").strip() for code, _name in settings.LANGUAGES}


@transaction.atomic
def city_decide(
    *, actor: User, agreement: Agreement, decision: str, reasons, now: datetime | None = None
) -> CityDecision:
    """The city's decision at the end: scale up, procure, extend or stop, with its reasons (public),
    written in each official language: `reasons={"fi": …, "sv": …, "en": … (optional)}`."""
    now = now or timezone.now()
    agreement = lock(agreement)
    require(actor, "agreements.decide_outcome", agreement)
    pilot = agreement.pilot
    problems = {}
    if decision not in CityDecision.Decision.values:
        problems["decision"] = _("Choose the decision: scale up, procure, extend or stop.")
    texts = _reasons(reasons)
    names = dict(settings.LANGUAGES)
    for code in settings.OFFICIAL_LANGUAGES_REQUIRED:
        if not texts.get(code):
            problems[f"reasons_{code}"] = _("Give the reasons in %(language)s too; they are public.") % {
                "language": str(names.get(code, code)).lower()
            }
    if problems:
        raise ValidationError(problems)
    if not agreement.final_report:
        raise ValidationError(_("The city decides after the team's final report."), code="no_final_report")
    if CityDecision.objects.filter(pilot=pilot).exists():
        raise ValidationError(_("The city has already decided on this pilot."), code="decided")
    outcome = CityDecision(pilot=pilot, decision=decision, decided_by=actor, decided_at=now)
    for code, text in texts.items():
        setattr(outcome, f"reasons_{code}", text)
    outcome.save()
    label = CityDecision.Decision(decision).label
    audit_record(actor=actor, action="agreement.city_decision", target=pilot, decision=decision)
    event_record(
        kind="pilot.city_decision",
        actor=actor,
        target=pilot,
        url=pilot.get_absolute_url(),
        title=pilot.title,
        group=pilot.challenge,
        recipients=[*team_ids(pilot), *curator_ids(pilot)],
        audiences=["followers"],
        status=untranslated(label),
    )
    return outcome
