"""Pages of choosing among proposals: the evaluator's review, the curators' ranking and their
decisions.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from challenges.models import Challenge
from pilots import rules as pilot_rules
from pilots import selectors, services
from pilots.forms import ConflictForm, DecisionForm, ReviewForm
from pilots.models import Pilot, Review
from pilots.views.page import _visible_pilot
from portal.htmx import redirect_back
from portal.page_messages import error_messages

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
    if not request.user.has_perm("pilots.view_ranking", challenge):
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
