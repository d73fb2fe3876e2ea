"""Place pages: the list with its map, a place's page, the host's editing, and the posters."""

from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engagement import selectors as engagement_selectors
from pilots import selectors as pilot_selectors
from pilots.models import Pilot
from places import selectors, services
from places.forms import PlaceFilterForm, PlaceForm, PlacePhotoForm
from places.models import Place, PlacePhoto
from places.sections import PAGE as SECTIONS_PAGE
from portal import geo
from portal.forms import add_service_errors


def _map_context(request, filters: dict) -> dict:
    query = {key: value for key, value in request.GET.items() if key in PlaceFilterForm.base_fields and value}
    places_url = reverse("api_map_places")
    return {
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "centre": geo.CENTRE,
        "bounds": [[geo.LATITUDE_MIN, geo.LONGITUDE_MIN], [geo.LATITUDE_MAX, geo.LONGITUDE_MAX]],
        "layers": [
            ("places", _("Places"), f"{places_url}?{urlencode(query)}" if query else places_url, True),
            ("pilots", _("Pilots running now"), reverse("api_map_pilots"), True),
            ("ideas", _("Ideas with a location"), reverse("api_map_ideas"), False),
        ],
    }


def place_list(request):
    form = PlaceFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    places = list(
        selectors.place_list(
            kind=filters.get("kind", ""),
            district=filters.get("district", ""),
            running_now=filters.get("running_now", False),
            takes_pilots=filters.get("takes_pilots", False),
        )
    )
    context = {"places": places, "filter_form": form, "filters": filters, **_map_context(request, filters)}
    return render(request, "places/place_list.html", context)


def _place(slug) -> Place:
    try:
        return selectors.place_for_page(slug=slug)
    except Place.DoesNotExist as error:
        raise Http404 from error


def place_detail(request, slug):
    place = _place(slug)
    user = request.user
    context = {
        "place": place,
        "photos": list(place.photos.all()),
        "pilots": selectors.place_pilots(place=place),
        "engagement": engagement_selectors.engagement_state(viewer=user, target=place),
        "next": request.get_full_path(),
        "can_change": user.has_perm("places.change_place", place),
        "offered_by": [c for c in place.challenges.all() if user.has_perm("challenges.view_challenge", c)],
        "sections_page": SECTIONS_PAGE,
        "open_requests": None,
    }
    if context["can_change"]:
        context["open_requests"] = (
            selectors.site_requests_for_place(place=place)
            .filter(status__in=place.site_requests.model.OPEN_STATUSES)
            .count()
        )
    return render(request, "places/place_detail.html", context)


@login_required
def place_edit(request, slug):
    place = _place(slug)
    if not request.user.has_perm("places.change_place", place):
        raise PermissionDenied
    form = PlaceForm(request.POST or None, initial=PlaceForm.initial_from(place))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.place_update(actor=request.user, place=place, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The place's page is saved."))
                return redirect(place.get_absolute_url())
        status = 400
    return render(request, "places/place_form.html", {"place": place, "form": form}, status=status)


@login_required
def place_photos(request, slug):
    place = _place(slug)
    if not request.user.has_perm("places.change_place", place):
        raise PermissionDenied
    form = PlacePhotoForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.place_photo_add(
                    actor=request.user,
                    place=place,
                    image=data["image"],
                    alt_texts={language: data[f"alt_text_{language}"] for language in ("fi", "sv", "en")},
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The photo is added."))
                return redirect("place_photos", slug=place.slug)
        status = 400
    context = {"place": place, "form": form, "photos": list(place.photos.all())}
    return render(request, "places/place_photos.html", context, status=status)


@login_required
@require_POST
def place_photo_remove(request, slug, pk):
    photo = get_object_or_404(PlacePhoto.objects.select_related("place"), pk=pk, place__slug=slug)
    services.place_photo_remove(actor=request.user, photo=photo)
    messages.success(request, _("The photo is removed."))
    return redirect("place_photos", slug=slug)


def _qr_svg(request, path: str) -> str:
    """The page's address as a QR code, an inline SVG that scales to the poster."""
    url = request.build_absolute_uri(path)
    return segno.make(url, error="m").svg_inline(scale=1, omitsize=True, svgclass="qr", title=url)


def place_poster(request, slug):
    place = _place(slug)
    context = {
        "place": place,
        "pilots": selectors.place_pilots(place=place),
        "qr": _qr_svg(request, place.get_absolute_url()),
        "url": request.build_absolute_uri(place.get_absolute_url()),
    }
    return render(request, "places/poster_place.html", context)


def pilot_poster(request, pk):
    """A running (or accepted) pilot's poster: what is tested, who runs it, its data statement."""
    try:
        pilot = pilot_selectors.pilot_for_page(pk=pk)
    except Pilot.DoesNotExist as error:
        raise Http404 from error
    if pilot.status not in (Pilot.Status.ACCEPTED, Pilot.Status.RUNNING):
        raise Http404
    bookings = [b for b in selectors.site_requests_of_pilot(pilot=pilot) if b.status == b.Status.APPROVED]
    context = {
        "pilot": pilot,
        "bookings": bookings,
        "qr": _qr_svg(request, pilot.get_absolute_url()),
        "url": request.build_absolute_uri(pilot.get_absolute_url()),
    }
    return render(request, "places/poster_pilot.html", context)
