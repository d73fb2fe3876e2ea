"""Pages for proposals, reviews, selection and running pilots: parse, check, call a service, render.

A confidential proposal answers 404 to whoever may not see it, on every address under it, so its
existence is not given away; a visible pilot answers 403 to an action the person may not take.
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
from pilots import selectors, services
from pilots.forms import (
    AttachmentForm,
    ConflictForm,
    DataStatementForm,
    DecisionForm,
    KPIForm,
    PilotCreateForm,
    PilotForm,
    ProgressUpdateForm,
    PublicPilotFilterForm,
    ReasonForm,
    ResultsForm,
    ReviewForm,
    SignUpForm,
    TeamMemberForm,
)
from pilots.models import KPI, Attachment, Pilot, Review, TeamMember
from portal.htmx import redirect_back
from portal.page_messages import error_messages
from portal.paginator import RememberingPaginator
from portal.rate_limits import RateLimited, refused_for_now
from portal.uploads import file_response


def _visible_pilot(request, pk: int) -> Pilot:
    try:
        pilot = selectors.pilot_for_page(pk=pk)
    except Pilot.DoesNotExist:
        raise Http404 from None
    if not pilot_rules.can(request.user, "pilots.view_pilot", pilot):
        raise Http404
    return pilot


# --- The pilot's page -------------------------------------------------------------------------


def pilot_detail(request, pk):
    pilot = _visible_pilot(request, pk)
    user = request.user
    context = {
        "pilot": pilot,
        "challenge": pilot.challenge,
        "team": list(selectors.pilot_team(pilot=pilot)),
        "kpis": list(pilot.kpis.all()),
        "updates": list(pilot.updates.select_related("author")) if pilot.is_public else [],
        "is_team": pilot_rules.is_team_member(user, pilot),
        "participation": selectors.participation(user=user, pilot=pilot),
        "sign_up_form": SignUpForm(),
    }
    participation = context["participation"]
    context["needs_reconsent"] = (
        participation is not None
        and participation.data_statement_version != pilot.data_statement_version
        and pilot_rules.is_live(user, pilot)
    )
    if pilot_rules.can(user, "pilots.manage_team", pilot):
        context["team_form"] = TeamMemberForm()
    context.update(_attachments_context(user, pilot))
    if pilot_rules.can(user, "pilots.change_pilot", pilot):
        context["kpi_form"] = KPIForm()
        context["missing"] = services.missing_for_submission(pilot)
        if not context["kpis"]:
            context["missing"].append(_("a KPI with a target"))
    if pilot_rules.can(user, "pilots.view_reviews", pilot):
        context["reviews"] = list(selectors.pilot_reviews(pilot=pilot))
        context["transitions"] = list(selectors.pilot_transitions(pilot=pilot))
    if pilot_rules.can(user, "pilots.decide_pilot", pilot):
        context["decision_form"] = DecisionForm()
    if pilot_rules.can(user, "pilots.view_decision", pilot) and pilot.status != Pilot.Status.DISCONTINUED:
        context["summary"] = selectors.decision_summary(pilot=pilot)
    if pilot_rules.can(user, "pilots.discontinue_pilot", pilot):
        context["discontinue_form"] = ReasonForm()
    if pilot_rules.is_pilot_evaluator(user, pilot) and not context["is_team"]:
        context["my_review"] = Review.objects.filter(pilot=pilot, evaluator=user).first()
    return render(request, "pilots/pilot_detail.html", context)


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
    if not pilot_rules.can(request.user, "pilots.change_pilot", pilot):
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


def _attachments_context(user, pilot: Pilot) -> dict:
    """The attachments section of the pilot's page and the draft's edit page, for those who see it."""
    if not pilot_rules.can(user, "pilots.view_attachments", pilot):
        return {}
    context = {"attachments": list(pilot.attachments.all()), "show_attachments": True}
    if pilot_rules.can(user, "pilots.change_attachments", pilot):
        context["attachment_form"] = AttachmentForm()
    return context


def attachment_download(request, pk, attachment_pk):
    """A confidential attachment, for those who may see the proposal; 404 to everybody else."""
    pilot = _visible_pilot(request, pk)
    if not pilot_rules.can(request.user, "pilots.view_attachments", pilot):
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


# --- Reviews and selection --------------------------------------------------------------------


@login_required
def review(request, pk):
    """The evaluator's page: the conflict declaration first, then a score for every criterion."""
    pilot = _visible_pilot(request, pk)
    user = request.user
    if not pilot_rules.is_pilot_evaluator(user, pilot) or pilot_rules.is_team_member(user, pilot):
        raise PermissionDenied
    my_review = (
        Review.objects.filter(pilot=pilot, evaluator=user).prefetch_related("scores__criterion").first()
    )
    criteria = list(pilot.challenge.criteria.all())
    context = {"pilot": pilot, "challenge": pilot.challenge, "review": my_review, "criteria": criteria}
    status = 200
    if my_review is None:
        form = ConflictForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                my_review = services.review_declare_conflict(
                    actor=user,
                    pilot=pilot,
                    conflict=form.cleaned_data["conflict"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if my_review.conflict_of_interest:
                    messages.success(
                        request,
                        _("Your conflict of interest was recorded. You will not score this proposal."),
                    )
                    return redirect(pilot)
                return redirect("pilot_review", pk=pilot.pk)
        context["conflict_form"] = form
    elif not my_review.conflict_of_interest and my_review.submitted_at is None:
        form = ReviewForm(request.POST or None, criteria=criteria)
        if request.method == "POST":
            if form.is_valid():
                try:
                    services.review_submit(
                        actor=user, pilot=pilot, scores=form.scores(), comment=form.cleaned_data["comment"]
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(request, _("Your review was submitted. Thank you!"))
                    return redirect(pilot)
            status = 400
        context["review_form"] = form
        context["conflict_form"] = ConflictForm(initial={"conflict": "no"})
        context["scoring_open"] = pilot.challenge.scoring_open()
    elif request.method == "POST":
        # A second review, or scores after a declared conflict: say why, keep the first intact.
        try:
            services.review_submit(actor=user, pilot=pilot, scores={}, comment="")
        except ValidationError as error:
            error_messages(request, error)
        status = 400
    return render(request, "pilots/review.html", context, status=status)


@login_required
@require_POST
def review_conflict(request, pk):
    """Declare a conflict after first saying there was none (before submitting scores)."""
    pilot = _visible_pilot(request, pk)
    form = ConflictForm(request.POST)
    if form.is_valid():
        try:
            services.review_declare_conflict(
                actor=request.user,
                pilot=pilot,
                conflict=form.cleaned_data["conflict"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            error_messages(request, error)
        else:
            if form.cleaned_data["conflict"]:
                messages.success(
                    request, _("Your conflict of interest was recorded. You will not score this proposal.")
                )
                return redirect(pilot)
    return redirect("pilot_review", pk=pilot.pk)


@login_required
def ranking(request, slug):
    """The curators' page for a challenge: proposals by weighted score, actions, and the history."""
    challenge = get_object_or_404(Challenge, slug=slug)
    if not pilot_rules.can(request.user, "pilots.view_ranking", challenge):
        raise Http404
    context = {
        "challenge": challenge,
        "criteria": list(challenge.criteria.all()),
        "ranking": selectors.challenge_ranking(challenge=challenge),
        "transitions": list(selectors.challenge_transitions(challenge=challenge)[:100]),
        "statuses": Pilot.Status,
    }
    return render(request, "pilots/ranking.html", context)


@login_required
@require_POST
def decide(request, pk):
    pilot = _visible_pilot(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what to do with the proposal."))
        return redirect_back(request, pilot)
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
    title = pilot.title
    try:
        match action:
            case "start_review":
                services.pilot_start_review(actor=request.user, pilot=pilot)
                done = _("“%(title)s” is open for review.")
            case "shortlist":
                services.pilot_shortlist(actor=request.user, pilot=pilot, note=reason)
                done = _("“%(title)s” was shortlisted.")
            case "accept":
                services.pilot_decide(actor=request.user, pilot=pilot, accept=True, reason=reason)
                done = _("“%(title)s” was accepted. Its page is now public.")
            case _:
                services.pilot_decide(actor=request.user, pilot=pilot, accept=False, reason=reason)
                done = _("“%(title)s” was declined. The team sees your reason.")
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, done % {"title": title})
    return redirect_back(request, pilot)


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
                learnings=form.cleaned_data["learnings"],
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


PILOTS_PER_PAGE = 20


def pilot_catalogue(request):
    """`/pilots/`: public pilots (running, completed, looking for testers or a site) with filters."""
    form = PublicPilotFilterForm(request.GET or None, places=selectors.public_pilot_places())
    filters = form.cleaned_data if form.is_valid() else {}
    pilots = selectors.public_pilot_catalogue(
        goal=filters.get("goal", ""),
        district=filters.get("district", ""),
        place=filters.get("place", ""),
        challenge=filters.get("challenge", ""),
        stage=filters.get("stage", ""),
    )
    page = RememberingPaginator(pilots, PILOTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "pilots/pilot_list.html", {"page": page, "filter_form": form, "filters": filters})
