"""Places where pilots run and events happen, and the site requests that book them.

A **place** (the Iso Omena service centre, a library, a school, a street) is kept by its host, an
organization whose members manage it. Its official texts are translated fields (django-modeltranslation:
`name_fi`, `name_sv`, `name_en`, …, registered in `places/translation.py`); a proper name is written
the same in each language (Iso Omena stays Iso Omena), and a place that has a name of its own in
Swedish (Sellon kirjasto, Sello bibliotek) keeps it. Its coordinates lie in Espoo (`portal.geo`),
checked by the services and by the database.

`capacity` is how many pilots the place holds at once; 0 means it takes no pilots (events may still
happen there). A **site request** asks a place for dates on behalf of a pilot's team; the host
approves, declines with a reason, or proposes other dates that the team accepts. Approved requests
never overlap more than `capacity` at any day: `places.services` checks that under a lock on the
place row, so two hosts approving at the same moment cannot both take the last slot.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import geo
from portal.uploads import UploadField

LATITUDE_VALIDATORS = [MinValueValidator(geo.LATITUDE_MIN), MaxValueValidator(geo.LATITUDE_MAX)]
LONGITUDE_VALIDATORS = [MinValueValidator(geo.LONGITUDE_MIN), MaxValueValidator(geo.LONGITUDE_MAX)]


class Place(models.Model):
    class Kind(models.TextChoices):
        SERVICE_CENTRE = "service_centre", _("Service centre")
        LIBRARY = "library", _("Library")
        SCHOOL = "school", _("School")
        HEALTH_STATION = "health_station", _("Health station")
        SPORTS = "sports", _("Sports venue")
        CULTURE = "culture", _("Cultural centre")
        PARK = "park", _("Park")
        STREET = "street", _("Street or square")
        OTHER = "other", _("Other place")

    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    host = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("host"),
        on_delete=models.PROTECT,
        related_name="hosted_places",
        help_text=_("The organization or city unit that runs the place; its members manage this page."),
    )

    # Translated (places/translation.py).
    name = models.CharField(_("name"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    address = models.CharField(_("street address"), max_length=200)
    opening_hours = models.TextField(_("opening hours"), blank=True, max_length=1000)
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        max_length=2000,
        help_text=_("Step-free access, lifts, toilets, hearing loops, parking, public transport."),
    )
    offers = models.TextField(
        _("what the place offers pilots"),
        blank=True,
        max_length=3000,
        help_text=_("Space, equipment and help a pilot can use here, in your own words."),
    )
    rules = models.TextField(_("rules for pilots"), blank=True, max_length=3000)

    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    district = models.ForeignKey(
        "portal.District", verbose_name=_("district"), on_delete=models.PROTECT, related_name="places"
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=6, validators=LATITUDE_VALIDATORS
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=6, validators=LONGITUDE_VALIDATORS
    )
    website = models.URLField(_("website"), blank=True)

    # What it offers pilots, as facts to filter and compare.
    capacity = models.PositiveSmallIntegerField(
        _("pilots at once"),
        default=0,
        help_text=_("How many pilots the place can hold at the same time; 0 if it takes no pilots."),
    )
    floor_space_m2 = models.PositiveIntegerField(_("floor space for pilots (m²)"), null=True, blank=True)
    daily_visitors = models.PositiveIntegerField(_("visitors a day"), null=True, blank=True)
    has_network = models.BooleanField(_("network connection"), default=False)
    has_power = models.BooleanField(_("power outlets"), default=False)
    has_storage = models.BooleanField(_("storage"), default=False)
    has_staff_help = models.BooleanField(_("help from the staff"), default=False)

    # Challenges that offer this place as a test site (the challenge's free text stays for the rest).
    challenges = models.ManyToManyField(
        "challenges.Challenge",
        verbose_name=_("offered by challenges"),
        related_name="offered_places",
        blank=True,
    )

    # Kept exact by engagement.services; places take follows (votes and comments stay closed).
    vote_count = models.PositiveIntegerField(_("votes"), default=0, editable=False)
    comment_count = models.PositiveIntegerField(_("comments"), default=0, editable=False)
    follower_count = models.PositiveIntegerField(_("followers"), default=0, editable=False)

    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.CheckConstraint(condition=geo.espoo_box_condition(), name="place_in_espoo"),
            models.CheckConstraint(
                condition=Q(vote_count__gte=0) & Q(comment_count__gte=0) & Q(follower_count__gte=0),
                name="place_counters_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("place_detail", kwargs={"slug": self.slug})

    @property
    def title(self) -> str:
        return self.name

    @property
    def takes_pilots(self) -> bool:
        return self.capacity > 0


class PlacePhoto(models.Model):
    """A photo of a place, re-encoded without metadata by portal.uploads, with its text for people
    who cannot see it (translated: `alt_text_fi`, `alt_text_sv`, `alt_text_en`)."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="photos")
    image = UploadField(_("photo"), upload_to="places/", default="", db_default="")
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    alt_text = models.CharField(
        _("photo description"),
        max_length=250,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("photo of a place")
        verbose_name_plural = _("photos of places")
        constraints = [
            models.CheckConstraint(condition=~Q(alt_text=""), name="place_photo_has_description"),
        ]

    def __str__(self) -> str:
        return self.alt_text


class TestSite(models.Model):
    """The place a pilot proposal picks as its test site: one of the places its challenge offers, or
    any place that takes pilots. Dates are asked for later with a site request."""

    pilot = models.OneToOneField("pilots.Pilot", on_delete=models.CASCADE, related_name="test_site_place")
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="test_sites")
    picked_at = models.DateTimeField(_("picked"), default=timezone.now)
    picked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("test site")
        verbose_name_plural = _("test sites")

    def __str__(self) -> str:
        return f"{self.pilot} @ {self.place}"


# The statuses as plain values, for the database constraint (a test keeps them equal to the choices).
SITE_REQUEST_STATUS_VALUES = ["pending", "approved", "declined", "dates_proposed", "withdrawn", "cancelled"]


class SiteRequest(models.Model):
    """A pilot's team asks a place for dates; the host decides.

    `pending → approved | declined | dates_proposed`; `dates_proposed → approved` when the team
    accepts the host's dates (which become the request's dates), or `→ withdrawn`; the team may
    withdraw a pending request, and the host or team cancel an approved one.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the host")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        DATES_PROPOSED = "dates_proposed", _("Other dates proposed")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        CANCELLED = "cancelled", _("Cancelled")

    OPEN_STATUSES = (Status.PENDING, Status.DATES_PROPOSED)

    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="site_requests"
    )
    pilot = models.ForeignKey(
        "pilots.Pilot", verbose_name=_("pilot"), on_delete=models.CASCADE, related_name="site_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    needs = models.TextField(
        _("what the pilot needs"),
        blank=True,
        max_length=3000,
        help_text=_("Space, power, network, storage, staff help, opening hours…"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    proposed_starts_on = models.DateField(_("proposed first day"), null=True, blank=True)
    proposed_ends_on = models.DateField(_("proposed last day"), null=True, blank=True)
    host_message = models.TextField(
        _("message from the host"),
        blank=True,
        max_length=3000,
        help_text=_("The reason for a decline, or a note."),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("site request")
        verbose_name_plural = _("site requests")
        indexes = [models.Index(fields=["place", "status", "starts_on"], name="site_request_calendar")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=SITE_REQUEST_STATUS_VALUES), name="site_request_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="site_request_dates_ordered"
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(host_message=""), name="site_request_decline_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status="dates_proposed")
                | (
                    Q(proposed_starts_on__isnull=False)
                    & Q(proposed_ends_on__isnull=False)
                    & Q(proposed_ends_on__gte=models.F("proposed_starts_on"))
                ),
                name="site_request_proposal_has_dates",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "declined", "dates_proposed"])
                | Q(decided_at__isnull=False),
                name="site_request_decision_has_date",
            ),
            # One open request per pilot and place at a time.
            models.UniqueConstraint(
                fields=["pilot", "place"],
                condition=Q(status__in=["pending", "dates_proposed"]),
                name="site_request_one_open_per_pilot_place",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pilot} @ {self.place} {self.starts_on}–{self.ends_on}"

    def get_absolute_url(self) -> str:
        return reverse("site_request_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def overlaps(self, starts_on, ends_on) -> bool:
        return self.starts_on <= ends_on and starts_on <= self.ends_on


class IdeaLocation(models.Model):
    """An idea's optional point on the map, beside its district; set by its authors."""

    idea = models.OneToOneField("ideas.Idea", on_delete=models.CASCADE, related_name="location")
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=6, validators=LATITUDE_VALIDATORS
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=6, validators=LONGITUDE_VALIDATORS
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("location of an idea")
        verbose_name_plural = _("locations of ideas")
        constraints = [
            models.CheckConstraint(condition=geo.espoo_box_condition(), name="idea_location_in_espoo")
        ]

    def __str__(self) -> str:
        return f"{self.latitude}, {self.longitude}"
