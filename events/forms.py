"""Forms for events. They parse input; the services decide (and say why not)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from challenges.forms import DateTimeLocalInput
from challenges.models import Challenge
from events.models import Event
from events.selectors import WHEN
from pilots.models import Pilot
from places.models import Place
from portal.models import District

LANGUAGE_NAMES = {"fi": _("in Finnish"), "sv": _("in Swedish"), "en": _("in English, optional")}
LANGUAGES = [code for code, _name in settings.LANGUAGES]
QUESTIONS = 3


def _translated(name: str, label, *, textarea: bool = False, max_length: int | None = None, help_text=""):
    """One field per language: `title_fi`, `title_sv`, `title_en`."""
    fields = {}
    for code in LANGUAGES:
        fields[f"{name}_{code}"] = forms.CharField(
            label=f"{label} ({LANGUAGE_NAMES[code]})",
            required=False,
            max_length=max_length,
            help_text=help_text if code == LANGUAGES[0] else "",
            widget=forms.Textarea(attrs={"rows": 5}) if textarea else forms.TextInput(),
        )
    return fields


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Event.Kind.choices)
    organization = forms.ModelChoiceField(
        label=_("Organized for"), queryset=None, required=False, empty_label=_("The City of Espoo")
    )
    language = forms.ChoiceField(
        label=_("Held in"), choices=settings.LANGUAGES, help_text=_("The language spoken at the event.")
    )
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=DateTimeLocalInput(), help_text=_("Helsinki time.")
    )
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DateTimeLocalInput())
    registration_closes_at = forms.DateTimeField(
        label=_("Registration closes"),
        required=False,
        widget=DateTimeLocalInput(),
        help_text=_("Empty: when the event starts."),
    )
    place = forms.ModelChoiceField(
        label=_("Place"), queryset=Place.objects.all(), required=False, empty_label=_("Not at a listed place")
    )
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    online_url = forms.CharField(
        label=_("Online link"),
        required=False,
        max_length=500,
        help_text=_("An https address. Only people with a seat see it."),
    )
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=100000)
    challenge = forms.ModelChoiceField(
        label=_("Challenge"), queryset=Challenge.objects.published(), required=False, empty_label=_("None")
    )
    pilot = forms.ModelChoiceField(
        label=_("Pilot"),
        queryset=Pilot.objects.filter(status__in=Pilot.PUBLIC_STATUSES),
        required=False,
        empty_label=_("None"),
    )

    def __init__(self, *args, user=None, event: Event | None = None, **kwargs):
        if event is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_from(event)
        super().__init__(*args, **kwargs)
        self.fields.update(_translated("title", _("Title"), max_length=200))
        self.fields.update(_translated("summary", _("Summary"), max_length=500))
        self.fields.update(_translated("description", _("Description"), textarea=True, max_length=10000))
        self.fields.update(
            _translated(
                "accessibility",
                _("Accessibility"),
                textarea=True,
                max_length=2000,
                help_text=_("Step-free access, hearing loop, quiet room, how to get there…"),
            )
        )
        for n in range(1, QUESTIONS + 1):
            self.fields.update(
                _translated(
                    f"question{n}",
                    _("Question %(number)d to people registering") % {"number": n},
                    max_length=200,
                    help_text=_("Optional, such as “Do you need an interpreter?”") if n == 1 else "",
                )
            )
        organizations = user.memberships.values("organization") if user is not None else []
        self.fields["organization"].queryset = Organization.objects.filter(pk__in=organizations)
        if event is not None:
            del self.fields["organization"]  # who organizes it stays as it was created
        for name in ("title_fi", "title_sv"):
            self.fields[name].required = name.rsplit("_", 1)[1] in settings.OFFICIAL_LANGUAGES_REQUIRED

    def event_fields(self) -> dict:
        data = self.cleaned_data
        fields = {
            name: data[name]
            for name in ("kind", "language", "starts_at", "ends_at", "place", "address", "online_url",
                         "capacity", "challenge", "pilot")
        }  # fmt: skip
        fields["registration_closes_at"] = data["registration_closes_at"] or data["starts_at"]
        for name in ("title", "summary", "description", "accessibility"):
            for code in LANGUAGES:
                fields[f"{name}_{code}"] = data[f"{name}_{code}"]
        return fields

    def questions(self) -> list[dict]:
        return [
            {f"text_{code}": self.cleaned_data[f"question{n}_{code}"] for code in LANGUAGES}
            for n in range(1, QUESTIONS + 1)
        ]


def initial_from(event: Event) -> dict:
    initial = {
        name: getattr(event, name)
        for name in ("kind", "language", "starts_at", "ends_at", "registration_closes_at", "place", "address",
                     "online_url", "capacity", "challenge", "pilot")
    }  # fmt: skip
    for name in ("title", "summary", "description", "accessibility"):
        for code in LANGUAGES:
            initial[f"{name}_{code}"] = getattr(event, f"{name}_{code}") or ""
    for n, question in enumerate(event.questions.all(), start=1):
        for code in LANGUAGES:
            initial[f"question{n}_{code}"] = getattr(question, f"text_{code}") or ""
    return initial


class RegistrationForm(forms.Form):
    share_with_organizer = forms.BooleanField(
        label=_("Show my name and email address to the organizers"),
        required=False,
        help_text=_("Without it they see only that someone registered, and your answers."),
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.question_fields = []
        for question in event.questions.all():
            name = f"answer_{question.pk}"
            self.fields[name] = forms.CharField(label=question.text, required=False, max_length=500)
            self.question_fields.append((name, question.pk))
        self.order_fields([name for name, _pk in self.question_fields] + ["share_with_organizer"])

    def answers(self) -> dict:
        return {str(pk): self.cleaned_data.get(name, "") for name, pk in self.question_fields}


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        required=False,
        help_text=_("Sent to everybody registered and to the event's followers."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReportForm(forms.Form):
    ideas = forms.CharField(
        label=_("Ideas that came out of the event"),
        required=False,
        max_length=500,
        help_text=_("Their numbers, separated by commas (the number is in the idea's address)."),
    )
    pilots = forms.ModelMultipleChoiceField(
        label=_("Pilot proposals that came out of the event"),
        queryset=Pilot.objects.filter(status__in=Pilot.PUBLIC_STATUSES),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = _translated(
            "report",
            _("Report"),
            textarea=True,
            max_length=10000,
            help_text=_("What was discussed, and what came of it."),
        )
        self.fields = {**fields, **self.fields}
        for code in settings.OFFICIAL_LANGUAGES_REQUIRED:
            if f"report_{code}" in self.fields:
                self.fields[f"report_{code}"].required = True

    def clean_ideas(self) -> list[int]:
        text = self.cleaned_data["ideas"]
        numbers = []
        for part in text.replace(";", ",").split(","):
            part = part.strip().lstrip("#")
            if not part:
                continue
            if not part.isdigit() or int(part) > 2**31 - 1:
                raise forms.ValidationError(_("“%(value)s” is not an idea number.") % {"value": part})
            numbers.append(int(part))
        return numbers


class EventFilterForm(forms.Form):
    """The list's filters, from the query string. Invalid values are ignored, not fatal."""

    when = forms.ChoiceField(
        label=_("When"), required=False, choices=list(zip(WHEN, [_("Upcoming"), _("Past")], strict=True))
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Event.Kind.choices]
    )
    where = forms.ChoiceField(
        label=_("Where"),
        required=False,
        choices=[("", _("Online and on site")), ("online", _("Online")), ("on_site", _("On site"))],
    )
    place = forms.ModelChoiceField(
        label=_("Place"),
        queryset=Place.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("All places"),
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("All districts"),
    )
    challenge = forms.ModelChoiceField(
        label=_("Challenge"),
        queryset=Challenge.objects.published(),
        required=False,
        to_field_name="slug",
        empty_label=_("All challenges"),
    )
    language = forms.ChoiceField(
        label=_("Held in"), required=False, choices=[("", _("Any language")), *settings.LANGUAGES]
    )
    pilot = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)

    def filters(self) -> dict:
        data = {}
        if self.is_bound:
            self.is_valid()  # keeps the valid fields in cleaned_data, whatever the others say
            data = self.cleaned_data
        return {
            "when": data.get("when") or "upcoming",
            "kind": data.get("kind") or "",
            "where": data.get("where") or "",
            "place": data["place"].slug if data.get("place") else "",
            "district": data["district"].slug if data.get("district") else "",
            "challenge": data["challenge"].slug if data.get("challenge") else "",
            "language": data.get("language") or "",
            "pilot": data.get("pilot"),
        }
