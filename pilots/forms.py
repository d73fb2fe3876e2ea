"""Forms for proposals, reviews and running pilots. They parse input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from challenges.models import SCORE_MAX, Challenge
from pilots.models import KPI, Pilot, ProgressUpdate
from portal.models import District, Goal
from portal.uploads import attachment_form_field

TEXTAREA = forms.Textarea(attrs={"rows": 4})
LONG_TEXTAREA = forms.Textarea(attrs={"rows": 8})


class PilotForm(forms.ModelForm):
    """The proposal as the team writes it. `version` is the draft's version the form was built from."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Pilot
        fields = [
            "title", "summary", "problem", "solution", "partners", "test_site", "schedule",
            "budget_requested", "city_needs", "resident_involvement", "capacity",
            "collects_personal_data", "personal_data", "data_subjects", "data_purpose", "legal_basis",
            "data_retention", "data_contact",
        ]  # fmt: skip
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
            "problem": LONG_TEXTAREA,
            "solution": LONG_TEXTAREA,
            "partners": TEXTAREA,
            "schedule": TEXTAREA,
            "city_needs": TEXTAREA,
            "resident_involvement": TEXTAREA,
            "personal_data": TEXTAREA,
            "data_subjects": TEXTAREA,
            "data_purpose": TEXTAREA,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PilotCreateForm(PilotForm):
    organization = forms.ChoiceField(
        label=_("Proposed by"),
        help_text=_("An organization you belong to, or a group of residents."),
    )

    field_order = ["organization"]

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = {str(organization.pk): organization for organization in organizations}
        self.fields["organization"].choices = [
            *((pk, organization.name) for pk, organization in self.organizations.items()),
            ("", _("A group of residents (no organization)")),
        ]
        self.fields["organization"].required = False

    def clean_organization(self):
        return self.organizations.get(self.cleaned_data.get("organization") or "")


class DataStatementForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Pilot
        fields = [
            "capacity", "collects_personal_data", "personal_data", "data_subjects", "data_purpose",
            "legal_basis", "data_retention", "data_contact",
        ]  # fmt: skip
        widgets = {"personal_data": TEXTAREA, "data_subjects": TEXTAREA, "data_purpose": TEXTAREA}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class TeamMemberForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("They need an account on the portal. They will see the proposal."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class KPIForm(forms.ModelForm):
    class Meta:
        model = KPI
        fields = ["name", "unit", "target", "note"]


class ConflictForm(forms.Form):
    conflict = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest with this proposal?"),
        help_text=_(
            "For example a tie to the organization or its team, or a stake in a competing proposal. "
            "With a conflict you do not score the proposal and your review is left out of its average. "
            "A declared conflict cannot be withdrawn."
        ),
        choices=[
            ("no", _("No, I have no conflict of interest")),
            ("yes", _("Yes, I have a conflict of interest")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("About the conflict (for the curators)"), required=False, widget=TEXTAREA, max_length=2000
    )


class ReviewForm(forms.Form):
    """A score (0..5) and a comment for every criterion of the challenge, then an overall comment."""

    comment = forms.CharField(label=_("Overall comment (for the curators)"), required=False, widget=TEXTAREA)

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        fields = {}
        for criterion in self.criteria:
            fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=_("%(criterion)s: score") % {"criterion": criterion.name},
                help_text=criterion.description,
                choices=[(str(n), str(n)) for n in range(SCORE_MAX + 1)],
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "score-scale"}),
            )
            fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("%(criterion)s: comment") % {"criterion": criterion.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        fields["comment"] = self.fields.pop("comment")
        self.fields.update(fields)

    def scores(self) -> dict:
        from pilots.services import ScoreInput

        return {
            criterion.pk: ScoreInput(
                score=self.cleaned_data[f"score_{criterion.pk}"],
                comment=self.cleaned_data.get(f"comment_{criterion.pk}", ""),
            )
            for criterion in self.criteria
        }


class DecisionForm(forms.Form):
    ACTIONS = [
        ("start_review", _("Open for review")),
        ("shortlist", _("Shortlist")),
        ("accept", _("Accept")),
        ("decline", _("Decline")),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    reason = forms.CharField(
        label=_("Reason for the team"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you decline. The team reads it."),
    )


class ProgressUpdateForm(forms.ModelForm):
    class Meta:
        model = ProgressUpdate
        fields = ["title", "body"]
        widgets = {"body": LONG_TEXTAREA}


class ResultsForm(forms.Form):
    """Each KPI's outcome, the learnings and the next step."""

    def __init__(self, *args, kpis=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kpis = list(kpis)
        for kpi in self.kpis:
            unit = f" ({kpi.unit})" if kpi.unit else ""
            self.fields[f"outcome_{kpi.pk}"] = forms.DecimalField(
                label=_("%(kpi)s: outcome%(unit)s") % {"kpi": kpi.name, "unit": unit},
                help_text=_("Target: %(target)s") % {"target": kpi.target},
                max_digits=14,
                decimal_places=2,
                initial=kpi.outcome,
            )
            self.fields[f"note_{kpi.pk}"] = forms.CharField(
                label=_("%(kpi)s: note") % {"kpi": kpi.name}, required=False, max_length=500, initial=kpi.note
            )
        self.fields["learnings"] = forms.CharField(
            label=_("Learnings"), widget=LONG_TEXTAREA, help_text=_("Markdown is supported.")
        )
        self.fields["next_step"] = forms.ChoiceField(label=_("Next step"), choices=Pilot.NextStep.choices)

    def outcomes(self) -> dict:
        return {kpi.pk: self.cleaned_data[f"outcome_{kpi.pk}"] for kpi in self.kpis}

    def notes(self) -> dict:
        return {kpi.pk: self.cleaned_data.get(f"note_{kpi.pk}", "") for kpi in self.kpis}


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Why does the pilot stop?"), widget=forms.Textarea(attrs={"rows": 3}))


class SignUpForm(forms.Form):
    consent = forms.BooleanField(
        label=_("I have read the data statement and consent to it."),
        required=False,  # the service says what is missing, in words
    )


class AttachmentForm(forms.Form):
    file = attachment_form_field(_("File to attach"))


class PublicPilotFilterForm(forms.Form):
    """The filters of `/pilots/`: what `selectors.public_pilot_catalogue` takes."""

    STAGES = [
        ("", _("All public pilots")),
        ("running", _("Running now")),
        ("completed", _("Completed")),
        ("testers", _("Looking for testers")),
        ("sites", _("Looking for a test site")),
    ]

    stage = forms.ChoiceField(label=_("Show"), required=False, choices=STAGES)
    goal = forms.ChoiceField(label=_("Goal"), required=False)
    district = forms.ChoiceField(label=_("District"), required=False)
    place = forms.ChoiceField(label=_("Place"), required=False)
    challenge = forms.ChoiceField(label=_("Challenge"), required=False)

    def __init__(self, *args, places: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].choices = [("", _("Any goal")), *((g.slug, g.name) for g in Goal.objects.all())]
        self.fields["district"].choices = [
            ("", _("Any district")),
            *((d.slug, d.name) for d in District.objects.all()),
        ]
        self.fields["place"].choices = [("", _("Any place")), *((p, p) for p in places)]
        self.fields["challenge"].choices = [
            ("", _("Any challenge")),
            *(
                (c.slug, c.title)
                for c in Challenge.objects.filter(pilots__status__in=Pilot.PUBLIC_STATUSES)
                .distinct()
                .only("slug", "title")
                .order_by("title")
            ),
        ]
