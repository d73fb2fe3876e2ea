"""Forms for challenges. They parse input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from challenges.models import SCORE_MAX, Challenge, Criterion, Phase
from challenges.selectors import SORTS
from challenges.translation import CHALLENGE_OPTIONAL_TEXTS, CHALLENGE_TEXTS, CRITERION_TEXTS
from portal.models import District, Goal, GoalChoice
from portal.translated_forms import TranslatedFormMixin, localized_fields


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's date and time picker; the value is local time in the portal's time zone."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


DATE_FIELDS = [
    "ideas_open",
    "ideas_close",
    "proposals_open",
    "proposals_close",
    "evaluation_end",
    "piloting_end",
]


TEXTAREA = {"rows": 3}


class ChallengeForm(TranslatedFormMixin, forms.ModelForm):
    translated_fields = (*CHALLENGE_TEXTS, *CHALLENGE_OPTIONAL_TEXTS)
    translated_required = CHALLENGE_TEXTS
    translated_widgets = {
        "summary": forms.Textarea(attrs=TEXTAREA),
        "description": forms.Textarea(attrs={"rows": 12}),
        "offers_data": forms.Textarea(attrs=TEXTAREA),
        "offers_sites": forms.Textarea(attrs=TEXTAREA),
        "offers_staff": forms.Textarea(attrs=TEXTAREA),
        "eligibility": forms.Textarea(attrs=TEXTAREA),
    }
    translated_help = {
        "summary": _("One or two sentences for the list of challenges."),
        "description": _("Markdown is supported."),
        "offers_data": _("Data sets the pilots may use, and how."),
        "offers_sites": _("Places where the pilots can try things out."),
        "offers_staff": _("City experts and their time for the pilots."),
        "eligibility": _("Who can submit a proposal, and any conditions."),
    }
    goals = forms.ModelMultipleChoiceField(
        label=_("Espoo Story goals"),
        queryset=Goal.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One or more. Needed before the challenge is published."),
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.all(),
        required=False,
        empty_label=_("The whole city"),
    )

    class Meta:
        model = Challenge
        fields = [
            *localized_fields(*CHALLENGE_TEXTS),
            "goals",
            "district",
            *localized_fields("site"),
            "department",
            "budget_total",
            "budget_max_per_pilot",
            *localized_fields("offers_data", "offers_sites", "offers_staff", "eligibility"),
            *DATE_FIELDS,
        ]
        widgets = {name: DateTimeLocalInput() for name in DATE_FIELDS}
        help_texts = {
            "department": _("For example Urban Environment, or Health and Social Services."),
            "budget_total": _("In euros, for all pilots together."),
            "budget_max_per_pilot": _("In euros. No proposal may ask for more."),
            "ideas_open": _("Residents can propose ideas from this moment (Helsinki time)."),
            "ideas_close": _("The same as ‘ideas open’ if the challenge takes no ideas."),
            "proposals_close": _("The deadline for pilot proposals."),
        }

    def challenge_fields(self) -> dict:
        """The cleaned values as keyword arguments for `challenge_create` / `challenge_update`."""
        values = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return values | {name: values[name] or "" for name in localized_fields(*self.translated_fields)}


class CriterionForm(TranslatedFormMixin, forms.ModelForm):
    translated_fields = CRITERION_TEXTS
    translated_widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    class Meta:
        model = Criterion
        fields = [*localized_fields(*CRITERION_TEXTS), "weight", "min_score"]
        widgets = {
            "weight": forms.NumberInput(attrs={"min": 1, "max": 100}),
            "min_score": forms.NumberInput(attrs={"min": 0, "max": SCORE_MAX}),
        }


CriterionFormSet = forms.inlineformset_factory(
    Challenge,
    Criterion,
    form=CriterionForm,
    extra=2,
    can_delete=True,
    max_num=20,
    validate_max=True,
)


def criteria_from_formset(formset) -> list[dict]:
    """The criteria the formset describes, in order, as `criteria_set` takes them."""
    criteria = []
    for form in formset.forms:
        if not form.has_changed() and form.instance.pk is None:
            continue
        if form.cleaned_data.get("DELETE"):
            continue
        item = {name: form.cleaned_data[name] for name in CriterionForm.Meta.fields}
        item.update({name: item[name] or "" for name in localized_fields(*CRITERION_TEXTS)})
        item["id"] = form.instance.pk
        criteria.append(item)
    return criteria


class ChallengeFilterForm(forms.Form):
    """The list's filters, from the query string. Invalid values are ignored, not fatal."""

    goal = forms.ChoiceField(
        label=_("Goal"), required=False, choices=[("", _("All goals")), *GoalChoice.choices]
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("All districts"),
    )
    phase = forms.ChoiceField(label=_("Phase"), required=False)
    open = forms.BooleanField(label=_("Open for ideas or proposals now"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=list(zip(SORTS, [_("Newest first"), _("Next deadline first"), _("Title")], strict=True)),
    )

    def __init__(self, *args, show_drafts: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        phases = [(value, label) for value, label in Phase.choices if show_drafts or value != Phase.DRAFT]
        self.fields["phase"].choices = [("", _("All phases")), *phases]

    def filters(self) -> dict:
        """Keyword arguments for `challenge_list` from the fields that are valid."""
        data = {}
        if self.is_bound:
            self.is_valid()  # keeps the valid fields in cleaned_data, whatever the others say
            data = self.cleaned_data
        return {
            "goal": data.get("goal") or None,
            "district": data.get("district"),
            "phase": data.get("phase") or None,
            "open_now": bool(data.get("open")),
            "sort": data.get("sort") or "newest",
        }


class PersonByEmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_("The address they use to log in to the portal."),
    )
