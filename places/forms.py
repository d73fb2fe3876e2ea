"""Forms for places and site requests. They parse input; `places.services` decides."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from places.models import Place
from places.services import TRANSLATED_FIELDS
from portal.models import District
from portal.uploads import image_form_field

LANGUAGE_LABELS = {"fi": _("in Finnish"), "sv": _("in Swedish"), "en": _("in English")}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DateInput(),
        error_messages={"invalid": _("Give a date as year-month-day, such as 2027-03-14.")},
        **kwargs,
    )


class PlaceFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Place.Kind.choices]
    )
    district = forms.ChoiceField(label=_("District"), required=False)
    running_now = forms.BooleanField(label=_("Pilots running now"), required=False)
    takes_pilots = forms.BooleanField(label=_("Takes pilots"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", _("All districts"))] + [
            (district.slug, district.name) for district in District.objects.all()
        ]


class PlaceForm(forms.Form):
    """What the host keeps on the place's page: its texts in each language and its facts."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Place.Kind.choices)
    district = forms.ModelChoiceField(label=_("District"), queryset=District.objects.all())
    postal_code = forms.RegexField(
        label=_("Postal code"),
        regex=r"^\d{5}$",
        required=False,
        error_messages={"invalid": _("A postal code is five digits, such as 02230.")},
    )
    latitude = forms.DecimalField(
        label=_("Latitude"), max_digits=8, decimal_places=6, help_text=_("For example 60.1613 (Iso Omena).")
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), max_digits=8, decimal_places=6, help_text=_("For example 24.7382 (Iso Omena).")
    )
    website = forms.URLField(label=_("Website"), required=False)
    capacity = forms.IntegerField(
        label=_("Pilots at once"),
        min_value=0,
        max_value=100,
        help_text=_("How many pilots the place can hold at the same time; 0 if it takes no pilots."),
    )
    floor_space_m2 = forms.IntegerField(label=_("Floor space for pilots (m²)"), min_value=0, required=False)
    daily_visitors = forms.IntegerField(label=_("Visitors a day"), min_value=0, required=False)
    has_network = forms.BooleanField(label=_("Network connection"), required=False)
    has_power = forms.BooleanField(label=_("Power outlets"), required=False)
    has_storage = forms.BooleanField(label=_("Storage"), required=False)
    has_staff_help = forms.BooleanField(label=_("Help from the staff"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        required = set(settings.OFFICIAL_LANGUAGES_REQUIRED)
        for name in TRANSLATED_FIELDS:
            model_field = Place._meta.get_field(name)
            for language in settings.MODELTRANSLATION_LANGUAGES:
                label = f"{model_field.verbose_name.capitalize()} ({LANGUAGE_LABELS[language]})"
                field = model_field.formfield(label=label, required=False)
                if name in ("name", "address") and language in required:
                    field.required = True
                if isinstance(field.widget, forms.Textarea):
                    field.widget.attrs["rows"] = 3
                field.help_text = model_field.help_text if language == "fi" else ""
                self.fields[f"{name}_{language}"] = field

    @classmethod
    def initial_from(cls, place: Place) -> dict:
        initial = {name: getattr(place, name) for name in cls.base_fields if name != "district"}
        initial["district"] = place.district_id
        for name in TRANSLATED_FIELDS:
            for language in settings.MODELTRANSLATION_LANGUAGES:
                initial[f"{name}_{language}"] = getattr(place, f"{name}_{language}") or ""
        return initial


class PlacePhotoForm(forms.Form):
    image = image_form_field(_("Photo"))
    alt_text_fi = forms.CharField(
        label=_("What the photo shows (in Finnish)"), max_length=250, required=False
    )
    alt_text_sv = forms.CharField(
        label=_("What the photo shows (in Swedish)"), max_length=250, required=False
    )
    alt_text_en = forms.CharField(
        label=_("What the photo shows (in English)"), max_length=250, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["image"].required = True


class SiteRequestForm(forms.Form):
    place = forms.ModelChoiceField(label=_("Place"), queryset=Place.objects.none(), empty_label=None)
    starts_on = _date_field(_("First day"))
    ends_on = _date_field(_("Last day"))
    needs = forms.CharField(
        label=_("What the pilot needs"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Space, power, network, storage, staff help, opening hours…"),
    )

    def __init__(self, *args, places=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Every place is listed, so that asking one that takes no pilots says why it cannot.
        self.fields["place"].queryset = places if places is not None else Place.objects.order_by("name")
        today = timezone.localdate().isoformat()
        self.fields["starts_on"].widget.attrs["min"] = today
        self.fields["ends_on"].widget.attrs["min"] = today


class ApproveForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the team (optional)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you decline"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why you decline, so the team can look for another way.")},
    )


class ProposeDatesForm(forms.Form):
    starts_on = _date_field(_("First day you propose"))
    ends_on = _date_field(_("Last day you propose"))
    message = forms.CharField(
        label=_("Message to the team (optional)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is cancelled (optional)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TestSiteForm(forms.Form):
    place = forms.ModelChoiceField(
        label=_("Test site"),
        queryset=Place.objects.none(),
        required=False,
        empty_label=_("No place picked yet"),
        help_text=_("The places the challenge offers come first; any place that takes pilots can be picked."),
    )

    def __init__(self, *args, places=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places if places is not None else Place.objects.none()


class ChallengePlacesForm(forms.Form):
    places = forms.ModelMultipleChoiceField(
        label=_("Places the challenge offers as test sites"),
        queryset=Place.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class IdeaLocationForm(forms.Form):
    latitude = forms.DecimalField(label=_("Latitude"), max_digits=8, decimal_places=6)
    longitude = forms.DecimalField(label=_("Longitude"), max_digits=8, decimal_places=6)
