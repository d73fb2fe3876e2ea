"""The agreement's page and the steps taken from it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements import selectors, services
from agreements.forms import (
    AgreementForm,
    ChangeDecisionForm,
    ChangeRequestForm,
    CityDecisionForm,
    FinalReportForm,
    MilestoneFormSet,
    PaidForm,
    ReportForm,
    ReserveOfferForm,
    ReviewForm,
)
from agreements.models import (
    Agreement,
    ChangeRequest,
    Instalment,
    Milestone,
    Report,
    ReportAttachment,
    ReserveOffer,
)
from agreements.rules import can
from pilots.models import Pilot
from portal.forms import add_service_errors
from portal.page_messages import error_messages
from portal.uploads import file_response


def _pilot(pk) -> Pilot:
    pilot = Pilot.objects.select_related("challenge", "organization").filter(pk=pk).first()
    if pilot is None:
        raise Http404
    return pilot


def _agreement(request, pk) -> Agreement:
    """The pilot's agreement, for those who may see it; 404 for everybody else."""
    agreement = selectors.agreement_for_page(pilot=_pilot(pk))
    if agreement is None or not can(request.user, "agreements.view_agreement", agreement):
        raise Http404
    return agreement


def _is_stale(error: ValidationError) -> bool:
    return not hasattr(error, "error_dict") and any(e.code == "stale" for e in error.error_list)


@login_required
def agreement_detail(request, pk):
    agreement = _agreement(request, pk)
    user = request.user
    today = timezone.localdate()
    milestones = list(agreement.milestones.all())
    context = {
        "agreement": agreement,
        "pilot": agreement.pilot,
        "milestones": [(m, m.state_on(today)) for m in milestones],
        "changes": list(agreement.change_requests.all()),
        "can_edit": can(user, "agreements.change_agreement", agreement),
        "can_accept": can(user, "agreements.accept_agreement", agreement),
        "can_report": can(user, "agreements.submit_report", agreement),
        "can_review": can(user, "agreements.review_report", agreement),
        "can_pay": can(user, "agreements.mark_paid", agreement),
        "can_request_change": can(user, "agreements.request_change", agreement),
        "can_decide_change": can(user, "agreements.decide_change", agreement),
        "can_final_report": can(user, "agreements.submit_final_report", agreement),
        "can_decide_outcome": can(user, "agreements.decide_outcome", agreement)
        and not hasattr(agreement.pilot, "city_decision"),
        "review_form": ReviewForm(),
        "paid_form": PaidForm(initial={"paid_on": today}),
        "change_decision_form": ChangeDecisionForm(),
        "final_report_form": FinalReportForm(initial={"body": agreement.final_report}),
        "city_decision_form": CityDecisionForm(),
        "total": sum((m.instalment.amount for m in milestones), start=agreement.budget * 0),
    }
    return render(request, "agreements/agreement_detail.html", context)


@login_required
def agreement_form(request, pk):
    """Draw up a pilot's agreement, or edit the draft (curators)."""
    pilot = _pilot(pk)
    agreement = Agreement.objects.filter(pilot=pilot).first()
    if agreement is None:
        if not can(request.user, "agreements.draw_up_agreement", pilot):
            raise Http404 if not pilot.is_public else PermissionDenied
        initial = {"budget": pilot.budget_requested}
        rows = []
    else:
        if not can(request.user, "agreements.view_agreement", agreement):
            raise Http404
        if not can(request.user, "agreements.change_agreement", agreement):
            raise PermissionDenied
        initial = {
            name: getattr(agreement, name)
            for name in ("budget", "budget_public", "terms", "city_contact", "team_contact", "version")
        }
        rows = [
            {name: getattr(m, name) for name in ("title", "deliverable", "due_date", "share")}
            for m in agreement.milestones.all()
        ]
    form = AgreementForm(request.POST or None, initial=initial)
    formset = MilestoneFormSet(request.POST or None, initial=rows, prefix="milestones")
    status = 200
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            values = {
                name: form.cleaned_data[name]
                for name in ("budget", "budget_public", "terms", "city_contact", "team_contact")
            }
            values["milestones"] = [row for row in (f.row() for f in formset.forms) if row]
            try:
                if agreement is None:
                    services.agreement_draw_up(actor=request.user, pilot=pilot, **values)
                    messages.success(
                        request, _("The agreement was drawn up. The team is asked to accept it.")
                    )
                else:
                    services.agreement_update(
                        actor=request.user,
                        agreement=agreement,
                        expected_version=form.cleaned_data["version"],
                        **values,
                    )
                    messages.success(request, _("The agreement was saved."))
            except ValidationError as error:
                add_service_errors(form, error)
                status = 409 if _is_stale(error) else 400
            else:
                return redirect("agreement_detail", pk=pilot.pk)
        else:
            status = 400
    return render(
        request,
        "agreements/agreement_form.html",
        {"form": form, "formset": formset, "pilot": pilot, "agreement": agreement},
        status=status,
    )


@login_required
@require_POST
def agreement_accept(request, pk):
    agreement = _agreement(request, pk)
    try:
        services.agreement_accept(
            actor=request.user, agreement=agreement, expected_version=request.POST.get("version") or 0
        )
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("You accepted the agreement. The pilot can start."))
    return redirect("agreement_detail", pk=pk)


@login_required
def report_form(request, pk, milestone_pk):
    agreement = _agreement(request, pk)
    milestone = get_object_or_404(Milestone, pk=milestone_pk)
    if not can(request.user, "agreements.submit_report", agreement):
        raise PermissionDenied
    kpis = agreement.pilot.kpis.all()
    form = ReportForm(request.POST or None, request.FILES or None, kpis=kpis)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            file = form.cleaned_data.get("file")
            try:
                services.report_submit(
                    actor=request.user,
                    agreement=agreement,
                    milestone=milestone,
                    summary=form.cleaned_data["summary"],
                    kpi_values=form.kpi_values(),
                    files=[file] if file else [],
                )
            except ValidationError as error:
                add_service_errors(form, error)
                status = 400
            else:
                messages.success(request, _("Your report was submitted. The curators review it."))
                return redirect("agreement_detail", pk=pk)
        else:
            status = 400
    return render(
        request,
        "agreements/report_form.html",
        {"form": form, "agreement": agreement, "pilot": agreement.pilot, "milestone": milestone},
        status=status,
    )


@login_required
@require_POST
def report_review(request, pk, report_pk):
    agreement = _agreement(request, pk)
    report = get_object_or_404(Report, pk=report_pk, milestone__agreement=agreement)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to approve the report or return it."))
        return redirect("agreement_detail", pk=pk)
    try:
        if form.cleaned_data["action"] == "approve":
            services.report_approve(actor=request.user, report=report, comment=form.cleaned_data["comment"])
            messages.success(request, _("The report was approved and its instalment approved for payment."))
        else:
            services.report_return(actor=request.user, report=report, comment=form.cleaned_data["comment"])
            messages.success(request, _("The report was returned to the team with your comments."))
    except ValidationError as error:
        error_messages(request, error)
    return redirect("agreement_detail", pk=pk)


@login_required
def report_file(request, pk, report_pk, file_pk):
    agreement = _agreement(request, pk)
    attachment = get_object_or_404(
        ReportAttachment, pk=file_pk, report_id=report_pk, report__milestone__agreement=agreement
    )
    return file_response(attachment.file.storage, attachment.file.name, download_name=attachment.name)


@login_required
@require_POST
def instalment_paid(request, pk, instalment_pk):
    agreement = _agreement(request, pk)
    instalment = get_object_or_404(Instalment, pk=instalment_pk, agreement=agreement)
    form = PaidForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("agreement_detail", pk=pk)
    try:
        services.instalment_mark_paid(
            actor=request.user,
            instalment=instalment,
            paid_on=form.cleaned_data["paid_on"],
            reference=form.cleaned_data["reference"],
        )
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The instalment is marked paid."))
    return redirect("agreement_detail", pk=pk)


@login_required
def change_request(request, pk):
    agreement = _agreement(request, pk)
    if not can(request.user, "agreements.request_change", agreement):
        raise PermissionDenied
    milestones = list(agreement.milestones.all())
    form = ChangeRequestForm(request.POST or None, milestones=milestones)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.change_request_create(
                    actor=request.user,
                    agreement=agreement,
                    kind=form.cleaned_data["kind"],
                    reason=form.cleaned_data["reason"],
                    milestones=form.proposed(),
                    budget=form.cleaned_data["budget"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
                status = 400
            else:
                messages.success(request, _("Your change request was sent to the curators."))
                return redirect("agreement_detail", pk=pk)
        else:
            status = 400
    return render(
        request,
        "agreements/change_form.html",
        {"form": form, "agreement": agreement, "pilot": agreement.pilot},
        status=status,
    )


@login_required
@require_POST
def change_decide(request, pk, change_pk):
    agreement = _agreement(request, pk)
    change = get_object_or_404(ChangeRequest, pk=change_pk, agreement=agreement)
    form = ChangeDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to approve or decline the change."))
        return redirect("agreement_detail", pk=pk)
    approve = form.cleaned_data["action"] == "approve"
    try:
        services.change_request_decide(
            actor=request.user, change=change, approve=approve, comment=form.cleaned_data["comment"]
        )
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(
            request,
            _("The change was approved; the agreement is updated.")
            if approve
            else _("The change was declined."),
        )
    return redirect("agreement_detail", pk=pk)


@login_required
@require_POST
def final_report(request, pk):
    agreement = _agreement(request, pk)
    try:
        services.final_report_submit(
            actor=request.user, agreement=agreement, body=request.POST.get("body", "")
        )
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The final report was saved."))
    return redirect("agreement_detail", pk=pk)


@login_required
@require_POST
def city_decision(request, pk):
    agreement = _agreement(request, pk)
    try:
        services.city_decide(
            actor=request.user,
            agreement=agreement,
            decision=request.POST.get("decision", ""),
            reasons={code: request.POST.get(f"reasons_{code}", "") for code in ("fi", "sv", "en")},
        )
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The city's decision is published on the pilot's page."))
    return redirect("agreement_detail", pk=pk)


@login_required
@require_POST
def reserve_offer(request, pk):
    pilot = _pilot(pk)
    if not pilot.is_public:
        raise Http404
    form = ReserveOfferForm(request.POST)
    days = form.cleaned_data["days"] if form.is_valid() else 14
    try:
        offer = services.reserve_offer(actor=request.user, withdrawn=pilot, days=days)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(
            request, _("The place was offered to “%(title)s”.") % {"title": offer.offered_pilot.title}
        )
    return redirect(pilot)


@login_required
@require_POST
def reserve_answer(request, pk, offer_pk):
    pilot = _pilot(pk)
    offer = get_object_or_404(ReserveOffer, pk=offer_pk, offered_pilot=pilot)
    if not can(request.user, "agreements.answer_reserve_offer", pilot):
        raise Http404
    accept = request.POST.get("answer") == "accept"
    try:
        services.reserve_offer_answer(actor=request.user, offer=offer, accept=accept)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(
            request,
            _("You took the pilot place. The curators draw up the agreement next.")
            if accept
            else _("You declined the offer."),
        )
    return redirect(pilot)
