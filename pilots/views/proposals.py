"""Pages of a proposal while its team writes it: the draft, its team, KPIs and files, and
submitting it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.selectors import user_organizations
from challenges.models import Challenge
from pilots import rules as pilot_rules
from pilots import services
from pilots.forms import AttachmentForm, KPIForm, PilotCreateForm, PilotForm, TeamMemberForm
from pilots.models import KPI, Attachment, Pilot, TeamMember
from pilots.views.page import _attachments_context, _visible_pilot
from portal.htmx import redirect_back
from portal.page_messages import error_messages
from portal.rate_limits import RateLimited, refused_for_now
from portal.uploads import file_response

# --- Proposals --------------------------------------------------------------------------------


@login_required
def pilot_create(request, slug):
    challenge = get_object_or_404(Challenge.objects.published(), slug=slug)
    try:
        services.pilot_check_proposable(actor=request.user, challenge=challenge)
    except ValidationError as error:
        error_messages(request, error)
        return redirect(challenge)
    organizations = user_organizations(user=request.user)
    form = PilotCreateForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            pilot = services.pilot_create_draft(
                actor=request.user,
                challenge=challenge,
                organization=form.cleaned_data["organization"],
                **form.service_fields(),
            )
        except RateLimited as error:
            form.add_error(None, error)
            page = render(request, "pilots/pilot_form.html", {"form": form, "challenge": challenge})
            return refused_for_now(page, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Your draft was saved. Only your team sees it. Add KPIs and team members, "
                    "then submit it before the deadline."
                ),
            )
            return redirect(pilot)
    return render(request, "pilots/pilot_form.html", {"form": form, "challenge": challenge})


@login_required
def pilot_edit(request, pk):
    pilot = _visible_pilot(request, pk)
    if not pilot_rules.is_team_member(request.user, pilot):
        raise PermissionDenied
    if pilot.status != Pilot.Status.DRAFT:
        messages.error(request, _("This proposal has been submitted and can no longer be edited."))
        return redirect(pilot)
    form = PilotForm(request.POST or None, instance=pilot)
    if request.method == "POST" and form.is_valid():
        try:
            services.pilot_update_draft(
                actor=request.user,
                pilot=pilot,
                expected_version=form.cleaned_data["version"],
                **form.service_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(pilot)
    status = 409 if form.errors and any(e.code == "stale" for e in form.non_field_errors().as_data()) else 200
    return render(
        request,
        "pilots/pilot_form.html",
        {
            "form": form,
            "challenge": pilot.challenge,
            "pilot": pilot,
            **_attachments_context(request.user, pilot),
        },
        status=status,
    )


@login_required
@require_POST
def pilot_submit(request, pk):
    pilot = _visible_pilot(request, pk)
    try:
        services.pilot_submit(actor=request.user, pilot=pilot)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(
            request,
            _("Your proposal was submitted. The challenge's curators and evaluators can now read it."),
        )
    return redirect(pilot)


@login_required
@require_POST
def team_add(request, pk):
    pilot = _visible_pilot(request, pk)
    form = TeamMemberForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid email address."))
        return redirect(pilot)
    try:
        member = services.team_add(actor=request.user, pilot=pilot, email=form.cleaned_data["email"])
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("%(name)s joined the team.") % {"name": member.user.display_name})
    return redirect(pilot)


@login_required
@require_POST
def team_remove(request, pk, member_pk):
    pilot = _visible_pilot(request, pk)
    member = get_object_or_404(TeamMember.objects.select_related("user"), pk=member_pk, pilot=pilot)
    try:
        services.team_remove(actor=request.user, member=member)
    except ValidationError as error:
        error_messages(request, error)
        return redirect(pilot)
    messages.success(request, _("%(name)s left the team.") % {"name": member.user.display_name})
    # Someone who left a confidential proposal can no longer see it.
    return redirect(pilot if pilot.is_public or member.user != request.user else "profile")


@login_required
@require_POST
def kpi_add(request, pk):
    pilot = _visible_pilot(request, pk)
    form = KPIForm(request.POST)
    if form.is_valid():
        try:
            services.kpi_add(actor=request.user, pilot=pilot, **form.cleaned_data)
        except ValidationError as error:
            error_messages(request, error)
        else:
            messages.success(request, _("The KPI was added."))
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
    return redirect(pilot)


@login_required
def kpi_edit(request, pk, kpi_pk):
    pilot = _visible_pilot(request, pk)
    kpi = get_object_or_404(KPI, pk=kpi_pk, pilot=pilot)
    if not request.user.has_perm("pilots.change_pilot", pilot):
        raise PermissionDenied
    form = KPIForm(request.POST or None, instance=KPI.objects.get(pk=kpi.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.kpi_update(actor=request.user, kpi=kpi, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The KPI was saved."))
            return redirect(pilot)
    return render(request, "pilots/kpi_form.html", {"form": form, "pilot": pilot, "kpi": kpi})


@login_required
@require_POST
def kpi_remove(request, pk, kpi_pk):
    pilot = _visible_pilot(request, pk)
    kpi = get_object_or_404(KPI, pk=kpi_pk, pilot=pilot)
    try:
        services.kpi_remove(actor=request.user, kpi=kpi)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The KPI was removed."))
    return redirect(pilot)


# --- Attachments ------------------------------------------------------------------------------


def attachment_download(request, pk, attachment_pk):
    """A confidential attachment, for those who may see the proposal; 404 to everybody else."""
    pilot = _visible_pilot(request, pk)
    if not request.user.has_perm("pilots.view_attachments", pilot):
        raise Http404
    attachment = get_object_or_404(Attachment, pk=attachment_pk, pilot=pilot)
    return file_response(attachment.file.storage, attachment.file.name, download_name=attachment.name)


@login_required
@require_POST
def attachment_add(request, pk):
    pilot = _visible_pilot(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = services.attachment_add(
                actor=request.user, pilot=pilot, file=form.cleaned_data["file"]
            )
        except ValidationError as error:
            error_messages(request, error)
        else:
            messages.success(request, _("“%(name)s” was attached.") % {"name": attachment.name})
    else:
        for error in form.errors.get("file", []):
            messages.error(request, error)
    return redirect_back(request, f"{pilot.get_absolute_url()}#attachments")


@login_required
@require_POST
def attachment_remove(request, pk, attachment_pk):
    pilot = _visible_pilot(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, pilot=pilot)
    try:
        services.attachment_remove(actor=request.user, attachment=attachment)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("“%(name)s” was removed.") % {"name": attachment.name})
    return redirect_back(request, f"{pilot.get_absolute_url()}#attachments")
