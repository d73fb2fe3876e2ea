"""Places, their photos, the places a challenge offers, a proposal's test site, an idea's location."""

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from challenges.models import Challenge
from ideas.models import Idea
from pilots.models import Pilot
from places.models import IdeaLocation, Place, PlacePhoto, TestSite
from portal import geo
from portal.audit import audit_record
from portal.uploads import clean_image, delete_after_commit, store

LANGUAGES = tuple(settings.MODELTRANSLATION_LANGUAGES)
# The official texts, written per language (`name_fi`, `name_sv`, `name_en`, …).
TRANSLATED_FIELDS = (
    "name",
    "summary",
    "description",
    "address",
    "opening_hours",
    "accessibility",
    "offers",
    "rules",
)
# Texts a place must have in each of the city's required languages.
REQUIRED_TRANSLATED = ("name", "address")
FACT_FIELDS = (
    "kind", "district", "postal_code", "latitude", "longitude", "website", "capacity", "floor_space_m2",
    "daily_visitors", "has_network", "has_power", "has_storage", "has_staff_help",
)  # fmt: skip
# What `place_create` / `place_update` take: the facts and each text in each language.
PLACE_FIELDS = frozenset(
    {*FACT_FIELDS, *(f"{name}_{language}" for name in TRANSLATED_FIELDS for language in LANGUAGES)}
)
LANGUAGE_NAMES = {"fi": _("Finnish"), "sv": _("Swedish"), "en": _("English")}


def _require(actor: User, perm: str, obj=None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


def _decimal(value, field: str) -> Decimal:
    try:
        return Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError, TypeError) as error:
        raise ValidationError({field: _("Give the coordinate as a number, such as 60.1613.")}) from error


def _check_point(latitude, longitude) -> tuple[Decimal, Decimal]:
    latitude, longitude = _decimal(latitude, "latitude"), _decimal(longitude, "longitude")
    geo.validate_point_in_espoo(latitude, longitude)
    return latitude, longitude


def _check_texts(place: Place) -> None:
    errors = {}
    for name in REQUIRED_TRANSLATED:
        for language in settings.OFFICIAL_LANGUAGES_REQUIRED:
            if not (getattr(place, f"{name}_{language}", "") or "").strip():
                label = Place._meta.get_field(name).verbose_name
                errors[f"{name}_{language}"] = _("Write the %(field)s in %(language)s too.") % {
                    "field": label,
                    "language": LANGUAGE_NAMES.get(language, language),
                }
    if errors:
        raise ValidationError(errors)


def _apply(place: Place, fields: Mapping) -> None:
    unknown = set(fields) - PLACE_FIELDS
    if unknown:
        raise ValueError(f"place fields not taken: {sorted(unknown)}")
    for name, value in fields.items():
        if name in ("latitude", "longitude"):
            continue
        if isinstance(value, str):
            value = value.strip()
        setattr(place, name, value)
    if "latitude" in fields or "longitude" in fields:
        place.latitude, place.longitude = _check_point(
            fields.get("latitude", place.latitude), fields.get("longitude", place.longitude)
        )
    # Empty optional texts are stored as "" in every language, never NULL.
    for name in TRANSLATED_FIELDS:
        for language in LANGUAGES:
            if getattr(place, f"{name}_{language}") is None:
                setattr(place, f"{name}_{language}", "")


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "place"
    slug, number = base, 2
    while Place.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def place_create(*, actor: User, host: Organization, **fields) -> Place:
    """A new place run by `host`. Officials add places; the host's members then keep the page."""
    _require(actor, "places.add_place")
    place = Place(host=host, created_by=actor)
    _apply(place, fields)
    if place.latitude is None or place.longitude is None:
        raise ValidationError({"latitude": _("Give the place's coordinates.")})
    _check_texts(place)
    place.slug = _unique_slug(place.name_fi or place.name_sv or "")
    place.full_clean()
    place.save()
    audit_record(actor=actor, action="place.create", target=place, host=host.pk)
    return place


@transaction.atomic
def place_update(*, actor: User, place: Place, **fields) -> Place:
    """Change what the place's page says, its facts and how many pilots it holds at once.

    Lowering the capacity leaves approved requests as they are: the host agreed to them; new
    approvals then wait until there is room.
    """
    place = Place.objects.select_for_update().get(pk=place.pk)
    _require(actor, "places.change_place", place)
    _apply(place, fields)
    _check_texts(place)
    place.full_clean()
    place.save()
    audit_record(actor=actor, action="place.update", target=place, fields=sorted(fields))
    return place


@transaction.atomic
def place_photo_add(*, actor: User, place: Place, image, alt_texts: Mapping[str, str]) -> PlacePhoto:
    """Add a photo (re-encoded without metadata) with its description in the required languages."""
    _require(actor, "places.change_place", place)
    alts = {language: (alt_texts.get(language) or "").strip() for language in LANGUAGES}
    missing = [language for language in settings.OFFICIAL_LANGUAGES_REQUIRED if not alts[language]]
    if missing:
        raise ValidationError(
            {
                f"alt_text_{language}": _("Describe the photo in %(language)s for people who cannot see it.")
                % {"language": LANGUAGE_NAMES.get(language, language)}
                for language in missing
            }
        )
    clean = clean_image(image, field="image")
    photo = PlacePhoto(place=place, position=place.photos.count(), width=clean.width, height=clean.height)
    for language, text in alts.items():
        setattr(photo, f"alt_text_{language}", text)
    photo.alt_text = alts[settings.MODELTRANSLATION_DEFAULT_LANGUAGE]
    store(photo.image, clean)
    photo.full_clean()
    photo.save()
    return photo


@transaction.atomic
def place_photo_remove(*, actor: User, photo: PlacePhoto) -> None:
    _require(actor, "places.change_place", photo.place)
    delete_after_commit(photo.image)
    photo.delete()


@transaction.atomic
def challenge_places_set(*, actor: User, challenge: Challenge, places: Iterable[Place]) -> None:
    """The places a challenge offers as test sites (its free-text field stays for anything else)."""
    _require(actor, "places.link_challenge_places", challenge)
    places = list(places)
    challenge.offered_places.set(places)
    audit_record(actor=actor, action="challenge.places", target=challenge, places=[p.pk for p in places])


@transaction.atomic
def test_site_pick(*, actor: User, pilot: Pilot, place: Place | None) -> TestSite | None:
    """The place a proposal picks as its test site, or none. It must take pilots; the challenge's
    offered places come first in the form, but any place that takes pilots may be picked."""
    _require(actor, "places.pick_test_site", pilot)
    if place is None:
        TestSite.objects.filter(pilot=pilot).delete()
        return None
    if not place.takes_pilots:
        raise ValidationError({"place": _("%(place)s does not take pilots.") % {"place": place.name}})
    site, _created = TestSite.objects.update_or_create(
        pilot=pilot, defaults={"place": place, "picked_by": actor}
    )
    return site


@transaction.atomic
def idea_location_set(*, actor: User, idea: Idea, latitude, longitude) -> IdeaLocation:
    """An idea's point on the map, set by one of its authors; it must lie in Espoo."""
    _require(actor, "places.locate_idea", idea)
    latitude, longitude = _check_point(latitude, longitude)
    location, _created = IdeaLocation.objects.update_or_create(
        idea=idea, defaults={"latitude": latitude, "longitude": longitude}
    )
    return location


@transaction.atomic
def idea_location_clear(*, actor: User, idea: Idea) -> None:
    _require(actor, "places.locate_idea", idea)
    IdeaLocation.objects.filter(idea=idea).delete()
