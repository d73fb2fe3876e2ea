"""Site requests: a team asks a place for dates; the host approves, declines or proposes others;
the team accepts them, withdraws or cancels. Plus the links between pilots, challenges, ideas and
places (a proposal's test site, the places a challenge offers, an idea's point)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from challenges.models import Challenge
from ideas.models import Idea
from pilots.models import Pilot
from places import selectors, services
from places.forms import (
    ApproveForm,
    CancelForm,
    ChallengePlacesForm,
    DeclineForm,
    IdeaLocationForm,
    ProposeDatesForm,
    SiteRequestForm,
    TestSiteForm,
)
from places.models import IdeaLocation, Place, SiteRequest, TestSite
from portal.forms import add_service_errors


def _pilot(request, pk) -> Pilot:
    pilot = get_object_or_404(Pilot.objects.select_related("challenge", "organization"), pk=pk)
    if not request.user.has_perm("pilots.view_pilot", pilot):
        raise Http404
    return pilot


@login_required
def site_request_new(request, pk):
    pilot = _pilot(request, pk)
    if not request.user.has_perm("places.request_site", pilot):
        raise PermissionDenied
    initial = {}
    site = TestSite.objects.filter(pilot=pilot).select_related("place").first()
    if request.GET.get("place"):
        initial["place"] = Place.objects.filter(slug=request.GET["place"]).first()
    elif site:
        initial["place"] = site.place
    form = SiteRequestForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                site_request = services.site_request_create(
                    actor=request.user, pilot=pilot, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your request is sent to the place's hosts."))
                return redirect(site_request.get_absolute_url())
        status = 400
    return render(request, "places/site_request_form.html", {"pilot": pilot, "form": form}, status=status)


def _site_request(request, pk) -> SiteRequest:
    try:
        site_request = selectors.site_request_for_page(pk=pk)
    except SiteRequest.DoesNotExist as error:
        raise Http404 from error
    if not request.user.has_perm("places.view_site_request", site_request):
        raise Http404
    return site_request


def _detail_context(request, site_request, **forms) -> dict:
    user = request.user
    context = {"site_request": site_request, "pilot": site_request.pilot, "place": site_request.place}
    if user.has_perm("places.decide_site_request", site_request):
        context["approve_form"] = forms.get("approve") or ApproveForm()
        context["decline_form"] = forms.get("decline") or DeclineForm()
        context["propose_form"] = forms.get("propose") or ProposeDatesForm(
            initial={"starts_on": site_request.starts_on, "ends_on": site_request.ends_on}
        )
        context["concurrent"] = services.concurrent_pilots(
            place=site_request.place,
            starts_on=site_request.starts_on,
            ends_on=site_request.ends_on,
            exclude_pk=site_request.pk,
        )
    context["can_accept"] = user.has_perm("places.accept_proposed_dates", site_request)
    context["can_withdraw"] = user.has_perm("places.withdraw_site_request", site_request)
    if user.has_perm("places.cancel_site_request", site_request):
        context["cancel_form"] = forms.get("cancel") or CancelForm()
    context["errors"] = forms.get("errors", [])
    return context


@login_required
def site_request_detail(request, pk):
    site_request = _site_request(request, pk)
    return render(request, "places/site_request_detail.html", _detail_context(request, site_request))


# action -> (form class or None, the service call, the message when done)
ACTIONS = {
    "approve": (
        ApproveForm,
        lambda actor, sr, data: services.site_request_approve(actor=actor, site_request=sr, **data),
        _("Approved. The team is told."),
    ),
    "decline": (
        DeclineForm,
        lambda actor, sr, data: services.site_request_decline(actor=actor, site_request=sr, **data),
        _("Declined. The team is told, with your reason."),
    ),
    "propose": (
        ProposeDatesForm,
        lambda actor, sr, data: services.site_request_propose_dates(actor=actor, site_request=sr, **data),
        _("Your dates are sent to the team."),
    ),
    "accept": (
        None,
        lambda actor, sr, data: services.site_request_accept_dates(actor=actor, site_request=sr),
        _("You accepted the host's dates. The booking is approved."),
    ),
    "withdraw": (
        None,
        lambda actor, sr, data: services.site_request_withdraw(actor=actor, site_request=sr),
        _("The request is withdrawn."),
    ),
    "cancel": (
        CancelForm,
        lambda actor, sr, data: services.site_request_cancel(actor=actor, site_request=sr, **data),
        _("The booking is cancelled. The other side is told."),
    ),
}


@login_required
@require_POST
def site_request_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    site_request = _site_request(request, pk)
    form_class, call, done = ACTIONS[action]
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        context = _detail_context(request, site_request, **{action: form})
        return render(request, "places/site_request_detail.html", context, status=400)
    try:
        call(request.user, site_request, form.cleaned_data if form is not None else {})
    except ValidationError as error:
        if form is not None:
            add_service_errors(form, error)
            context = _detail_context(request, site_request, **{action: form})
        else:
            context = _detail_context(request, site_request, errors=error.messages)
        if form is not None and form.non_field_errors():
            context["errors"] = list(form.non_field_errors())
        site_request.refresh_from_db()
        return render(request, "places/site_request_detail.html", context, status=400)
    messages.success(request, done)
    return redirect(site_request.get_absolute_url())


@login_required
def my_site_requests(request):
    """The requests of the person's teams and the requests to the places they host."""
    user = request.user
    context = {
        "waiting": list(selectors.open_requests_for_host(user=user)),
        "requests": list(selectors.site_requests_visible_to(user=user).order_by("-created_at", "-pk")[:200]),
        "hosted": list(selectors.hosted_places(user=user)),
    }
    return render(request, "places/my_site_requests.html", context)


@login_required
def place_requests(request, slug):
    place = get_object_or_404(Place, slug=slug)
    if not request.user.has_perm("places.view_place_requests", place):
        raise PermissionDenied
    context = {"place": place, "requests": list(selectors.site_requests_for_place(place=place))}
    return render(request, "places/place_requests.html", context)


@login_required
def test_site_pick(request, pk):
    pilot = _pilot(request, pk)
    if not request.user.has_perm("places.pick_test_site", pilot):
        raise PermissionDenied
    offered = list(pilot.challenge.offered_places.filter(capacity__gt=0).order_by("name"))
    others = selectors.places_taking_pilots().exclude(pk__in=[p.pk for p in offered])
    current = TestSite.objects.filter(pilot=pilot).first()
    form = TestSiteForm(
        request.POST or None,
        places=Place.objects.filter(capacity__gt=0),
        initial={"place": current.place_id if current else None},
    )
    form.fields["place"].choices = [
        ("", form.fields["place"].empty_label),
        (_("Offered by the challenge"), [(p.pk, p.name) for p in offered]),
        (_("Other places that take pilots"), [(p.pk, p.name) for p in others]),
    ]
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.test_site_pick(actor=request.user, pilot=pilot, place=form.cleaned_data["place"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The test site is saved."))
                return redirect(pilot.get_absolute_url())
        status = 400
    return render(request, "places/test_site_form.html", {"pilot": pilot, "form": form}, status=status)


@login_required
def challenge_places(request, slug):
    challenge = get_object_or_404(Challenge, slug=slug)
    if not request.user.has_perm("places.link_challenge_places", challenge):
        raise PermissionDenied
    form = ChallengePlacesForm(request.POST or None, initial={"places": list(challenge.offered_places.all())})
    if request.method == "POST" and form.is_valid():
        services.challenge_places_set(
            actor=request.user, challenge=challenge, places=form.cleaned_data["places"]
        )
        messages.success(request, _("The places the challenge offers are saved."))
        return redirect(challenge.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(
        request, "places/challenge_places_form.html", {"challenge": challenge, "form": form}, status=status
    )


@login_required
def idea_location(request, pk):
    idea = get_object_or_404(Idea, pk=pk)
    if not request.user.has_perm("places.locate_idea", idea):
        raise PermissionDenied
    location = IdeaLocation.objects.filter(idea=idea).first()
    initial = {"latitude": location.latitude, "longitude": location.longitude} if location else {}
    form = IdeaLocationForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if "remove" in request.POST:
            services.idea_location_clear(actor=request.user, idea=idea)
            messages.success(request, _("The idea's location is removed."))
            return redirect(idea.get_absolute_url())
        if form.is_valid():
            try:
                services.idea_location_set(actor=request.user, idea=idea, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The idea's location is saved."))
                return redirect(idea.get_absolute_url())
        status = 400
    context = {"idea": idea, "form": form, "location": location}
    return render(request, "places/idea_location_form.html", context, status=status)
