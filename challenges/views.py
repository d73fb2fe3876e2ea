"""Pages for challenges: parse, check, call a service or selector, render.

Who may see what is `challenges.view_challenge`: a draft is answered with 404 for everyone but
its curators, so its existence is not revealed. A page someone may see but not act on is 403.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from challenges import selectors, services
from challenges.forms import (
    ChallengeFilterForm,
    ChallengeForm,
    CriterionFormSet,
    PersonByEmailForm,
    criteria_from_formset,
)
from challenges.models import Challenge, Phase
from portal.forms import add_service_errors
from portal.page_messages import error_messages

PAGE_SIZE = 12


def _challenge_for(request, slug: str, perm: str | None = None) -> Challenge:
    try:
        challenge = selectors.challenge_detail(slug=slug)
    except Challenge.DoesNotExist as error:
        raise Http404 from error
    if not request.user.has_perm("challenges.view_challenge", challenge):
        raise Http404
    if perm and not request.user.has_perm(perm, challenge):
        raise PermissionDenied
    return challenge


# --- Reading --------------------------------------------------------------------------------


def challenge_list(request):
    show_drafts = request.user.has_perm("challenges.create_challenge")
    form = ChallengeFilterForm(request.GET or None, show_drafts=show_drafts)
    filters = form.filters()
    challenges = selectors.challenge_list(user=request.user, **filters)
    page = Paginator(challenges, PAGE_SIZE).get_page(request.GET.get("page"))
    filtering = any(filters[name] for name in ("goal", "district", "phase", "open_now"))
    return render(
        request,
        "challenges/challenge_list.html",
        {"page": page, "filter_form": form, "filtering": filtering, "now": timezone.now()},
    )


def challenge_detail(request, slug):
    challenge = _challenge_for(request, slug)
    now = timezone.now()
    criteria = list(challenge.criteria.all())
    total_weight = sum(criterion.weight for criterion in criteria)
    can_curate = request.user.has_perm("challenges.change_challenge", challenge)
    context = {
        "challenge": challenge,
        "phase": challenge.phase_at(now),
        "Phase": Phase,
        "milestone": challenge.next_milestone(now),
        "opens_for_ideas": now < challenge.ideas_open < challenge.ideas_close,
        "timeline": challenge.timeline(now),
        "criteria": [(criterion, round(100 * criterion.weight / total_weight)) for criterion in criteria],
        "can_curate": can_curate,
    }
    if can_curate and not challenge.is_published:
        context["publish_problems"] = services.challenge_publish_problems(challenge=challenge, now=now)
    return render(request, "challenges/challenge_detail.html", context)


# --- Creating and editing -------------------------------------------------------------------


def _initial_timeline() -> dict:
    """A sensible starting timeline for a new challenge: ideas from next Monday, and so on."""
    today = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    start = today + timedelta(days=7 - today.weekday())
    week = timedelta(weeks=1)
    return {
        "ideas_open": start,
        "ideas_close": start + 4 * week,
        "proposals_open": start + 4 * week,
        "proposals_close": start + 10 * week,
        "evaluation_end": start + 14 * week,
        "piloting_end": start + 40 * week,
    }


@login_required
@require_http_methods(["GET", "POST"])
def challenge_create(request):
    if not request.user.has_perm("challenges.create_challenge"):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    form = ChallengeForm(data, initial=_initial_timeline())
    formset = CriterionFormSet(data, instance=Challenge(), prefix="criteria")
    formset.extra = 3
    if data is not None and all([form.is_valid(), formset.is_valid()]):
        try:
            challenge = services.challenge_create(
                actor=request.user, criteria=criteria_from_formset(formset), **form.challenge_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The draft “%(title)s” was saved. Only its curators can see it until it is published.")
                % {"title": challenge.title},
            )
            return redirect(challenge)
    return render(request, "challenges/challenge_form.html", {"form": form, "formset": formset})


@login_required
@require_http_methods(["GET", "POST"])
def challenge_edit(request, slug):
    challenge = _challenge_for(request, slug, "challenges.change_challenge")
    data = request.POST if request.method == "POST" else None
    # The form works on its own copy, so a rejected edit leaves `challenge` as it is saved.
    form = ChallengeForm(data, instance=Challenge.objects.get(pk=challenge.pk))
    criteria_fixed = selectors.challenge_has_reviews(challenge=challenge)
    formset = None if criteria_fixed else CriterionFormSet(data, instance=challenge, prefix="criteria")
    if data is not None and all([form.is_valid(), formset is None or formset.is_valid()]):
        criteria = criteria_from_formset(formset) if formset is not None else None
        try:
            services.challenge_update(
                actor=request.user, challenge=challenge, criteria=criteria, **form.challenge_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
            challenge.refresh_from_db()  # the page around the form shows what is saved
        else:
            messages.success(request, _("The challenge was saved."))
            return redirect(challenge)
    return render(
        request,
        "challenges/challenge_form.html",
        {
            "form": form,
            "formset": formset,
            "challenge": challenge,
            "criteria_fixed": criteria_fixed,
            "criteria": challenge.criteria.all(),
        },
    )


# --- Publishing and closing -----------------------------------------------------------------


@login_required
@require_POST
def challenge_publish(request, slug):
    challenge = _challenge_for(request, slug, "challenges.publish_challenge")
    try:
        services.challenge_publish(actor=request.user, challenge=challenge)
    except ValidationError as error:
        messages.error(request, _("The challenge was not published yet:"))
        error_messages(request, error)
    else:
        messages.success(request, _("The challenge is now public."))
    return redirect(challenge)


@login_required
@require_http_methods(["GET", "POST"])
def challenge_close(request, slug):
    """Closing early ends the challenge for good, so the page asks first."""
    challenge = _challenge_for(request, slug, "challenges.close_challenge")
    if request.method == "POST":
        try:
            services.challenge_close_early(actor=request.user, challenge=challenge)
        except ValidationError as error:
            error_messages(request, error)
        else:
            messages.success(request, _("The challenge was closed."))
        return redirect(challenge)
    return render(request, "challenges/challenge_close.html", {"challenge": challenge})


# --- Curators and evaluators ----------------------------------------------------------------


def _people_page(request, challenge, *, curator_form=None, evaluator_form=None, status=200):
    context = {
        "challenge": challenge,
        "curators": selectors.challenge_curators(challenge=challenge),
        "appointments": selectors.challenge_appointments(challenge=challenge),
        "curator_form": curator_form or PersonByEmailForm(prefix="curator"),
        "evaluator_form": evaluator_form or PersonByEmailForm(prefix="evaluator"),
    }
    return render(request, "challenges/challenge_people.html", context, status=status)


@login_required
def challenge_people(request, slug):
    challenge = _challenge_for(request, slug, "challenges.appoint_evaluator")
    return _people_page(request, challenge)


@login_required
@require_POST
def curator_add(request, slug):
    challenge = _challenge_for(request, slug, "challenges.manage_curators")
    form = PersonByEmailForm(request.POST, prefix="curator")
    if form.is_valid():
        try:
            user = services.curator_add(
                actor=request.user, challenge=challenge, email=form.cleaned_data["email"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s now curates this challenge.") % {"name": user.display_name})
            return redirect("challenge_people", slug=challenge.slug)
    return _people_page(request, challenge, curator_form=form, status=400)


@login_required
@require_POST
def curator_remove(request, slug, user_id):
    challenge = _challenge_for(request, slug, "challenges.manage_curators")
    user = get_object_or_404(User, pk=user_id)
    try:
        services.curator_remove(actor=request.user, challenge=challenge, user=user)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(
            request, _("%(name)s no longer curates this challenge.") % {"name": user.display_name}
        )
        if not request.user.has_perm("challenges.view_challenge", challenge):
            # Curators who removed themselves from a draft can no longer see it.
            return redirect("challenge_list")
    return redirect("challenge_people", slug=challenge.slug)


@login_required
@require_POST
def evaluator_appoint(request, slug):
    challenge = _challenge_for(request, slug, "challenges.appoint_evaluator")
    form = PersonByEmailForm(request.POST, prefix="evaluator")
    if form.is_valid():
        try:
            appointment = services.evaluator_appoint(
                actor=request.user, challenge=challenge, email=form.cleaned_data["email"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is now an evaluator of this challenge.")
                % {"name": appointment.evaluator.display_name},
            )
            return redirect("challenge_people", slug=challenge.slug)
    return _people_page(request, challenge, evaluator_form=form, status=400)


@login_required
@require_POST
def evaluator_remove(request, slug, user_id):
    challenge = _challenge_for(request, slug, "challenges.appoint_evaluator")
    evaluator = get_object_or_404(User, pk=user_id)
    try:
        services.evaluator_remove(actor=request.user, challenge=challenge, evaluator=evaluator)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(
            request,
            _("%(name)s is no longer an evaluator of this challenge.") % {"name": evaluator.display_name},
        )
    return redirect("challenge_people", slug=challenge.slug)
