"""Pages of a pilot after it is accepted: start, discontinue, data statement, progress updates,
results, and residents taking part.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pilots import rules as pilot_rules
from pilots import services
from pilots.forms import DataStatementForm, ProgressUpdateForm, ResultsForm, SignUpForm
from pilots.models import Pilot
from pilots.views.page import _visible_pilot
from portal.page_messages import error_messages

# --- Running pilots ---------------------------------------------------------------------------


@login_required
@require_POST
def pilot_start(request, pk):
    pilot = _visible_pilot(request, pk)
    try:
        services.pilot_start(actor=request.user, pilot=pilot)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The pilot is running. Post updates as it goes."))
    return redirect(pilot)


@login_required
@require_POST
def pilot_discontinue(request, pk):
    pilot = _visible_pilot(request, pk)
    try:
        services.pilot_discontinue(actor=request.user, pilot=pilot, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The pilot was discontinued."))
    return redirect(pilot)


@login_required
def data_statement(request, pk):
    pilot = _visible_pilot(request, pk)
    if not pilot_rules.is_team_member(request.user, pilot):
        raise PermissionDenied
    form = DataStatementForm(request.POST or None, instance=Pilot.objects.get(pk=pilot.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.pilot_update_data_statement(
                actor=request.user,
                pilot=pilot,
                expected_version=form.cleaned_data["version"],
                **form.service_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Saved. Participants are asked to consent to a changed data statement.")
            )
            return redirect(pilot)
    return render(request, "pilots/data_statement_form.html", {"form": form, "pilot": pilot})


@login_required
def progress_update_create(request, pk):
    pilot = _visible_pilot(request, pk)
    if not pilot_rules.is_team_member(request.user, pilot):
        raise PermissionDenied
    form = ProgressUpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.progress_update_post(actor=request.user, pilot=pilot, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your update was posted."))
            return redirect(pilot)
    return render(request, "pilots/update_form.html", {"form": form, "pilot": pilot})


@login_required
def pilot_results(request, pk):
    pilot = _visible_pilot(request, pk)
    if not pilot_rules.is_team_member(request.user, pilot):
        raise PermissionDenied
    form = ResultsForm(request.POST or None, kpis=pilot.kpis.all())
    if request.method == "POST" and form.is_valid():
        try:
            services.pilot_publish_results(
                actor=request.user,
                pilot=pilot,
                outcomes=form.outcomes(),
                notes=form.notes(),
                learnings=form.learnings(),
                next_step=form.cleaned_data["next_step"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The results were published. Thank you for piloting in the open!"))
            return redirect(pilot)
    return render(request, "pilots/results_form.html", {"form": form, "pilot": pilot})


@login_required
@require_POST
def participate(request, pk):
    pilot = _visible_pilot(request, pk)
    form = SignUpForm(request.POST)
    form.is_valid()
    try:
        services.participant_sign_up(
            actor=request.user, pilot=pilot, consent=form.cleaned_data.get("consent", False)
        )
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("You are taking part in “%(title)s”.") % {"title": pilot.title})
    return redirect(pilot)


@login_required
@require_POST
def withdraw(request, pk):
    pilot = _visible_pilot(request, pk)
    try:
        services.participant_withdraw(actor=request.user, pilot=pilot)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("You no longer take part in “%(title)s”.") % {"title": pilot.title})
    return redirect(pilot)
