"""Forms for agreements. They parse input; the services decide what is allowed and say why not."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import ChangeRequest, CityDecision
from portal.uploads import attachment_form_field

TEXTAREA = forms.Textarea(attrs={"rows": 4})
MILESTONE_ROWS = 6


class AgreementForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    budget = forms.DecimalField(label=_("Agreed budget (€)"), max_digits=12, decimal_places=2, min_value=0)
    budget_public = forms.BooleanField(label=_("Show the budget on the pilot's public page"), required=False)
    terms = forms.CharField(
        label=_("Terms"), widget=forms.Textarea(attrs={"rows": 8}), help_text=_("Markdown is supported.")
    )
    city_contact = forms.CharField(label=_("The city's contact"), max_length=300)
    team_contact = forms.CharField(label=_("The team's contact"), max_length=300)


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    deliverable = forms.CharField(
        label=_("Deliverable"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    due_date = forms.DateField(label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    share = forms.DecimalField(
        label=_("Share of the budget (%)"), max_digits=5, decimal_places=2, required=False
    )

    def row(self) -> dict | None:
        data = self.cleaned_data
        if not any(
            data.get(name) not in (None, "") for name in ("title", "deliverable", "due_date", "share")
        ):
            return None
        return {name: data.get(name) for name in ("title", "deliverable", "due_date", "share")}


MilestoneFormSet = forms.formset_factory(MilestoneForm, extra=0, min_num=MILESTONE_ROWS, max_num=30)


class ReportForm(forms.Form):
    summary = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown is supported."),
    )
    file = attachment_form_field(_("Attach a file (optional)"))

    def __init__(self, *args, kpis=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].required = False
        self.kpis = list(kpis)
        for kpi in self.kpis:
            label = _("%(name)s so far (target %(target)s %(unit)s)") % {
                "name": kpi.name,
                "target": kpi.target,
                "unit": kpi.unit,
            }
            self.fields[f"kpi_{kpi.pk}"] = forms.DecimalField(
                label=label, required=False, max_digits=14, decimal_places=2
            )

    def kpi_values(self) -> dict:
        return {kpi.pk: self.cleaned_data.get(f"kpi_{kpi.pk}") for kpi in self.kpis}


class ReviewForm(forms.Form):
    action = forms.ChoiceField(choices=[("approve", _("Approve")), ("return", _("Return with comments"))])
    comment = forms.CharField(label=_("Comments to the team"), required=False, widget=TEXTAREA)


class PaidForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))
    reference = forms.CharField(label=_("Payment reference"), max_length=100)


class ChangeRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("What changes"), choices=ChangeRequest.Kind.choices)
    reason = forms.CharField(label=_("Reason"), widget=TEXTAREA)
    budget = forms.DecimalField(
        label=_("New budget (€), for a change of budget"),
        required=False,
        max_digits=12,
        decimal_places=2,
        min_value=0,
    )

    def __init__(self, *args, milestones=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.milestones = list(milestones)
        for m in self.milestones:
            self.fields[f"due_{m.pk}"] = forms.DateField(
                label=_("“%(title)s”: new due date") % {"title": m.title},
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
            )
            self.fields[f"title_{m.pk}"] = forms.CharField(
                label=_("“%(title)s”: new title") % {"title": m.title}, required=False, max_length=200
            )
            self.fields[f"deliverable_{m.pk}"] = forms.CharField(
                label=_("“%(title)s”: new deliverable") % {"title": m.title}, required=False, widget=TEXTAREA
            )
            self.fields[f"amount_{m.pk}"] = forms.DecimalField(
                label=_("“%(title)s”: new instalment (€)") % {"title": m.title},
                required=False,
                max_digits=12,
                decimal_places=2,
                min_value=0,
            )

    def proposed(self) -> dict:
        """Only what the kind of change may change, and only the fields filled in."""
        kind = self.cleaned_data["kind"]
        names = {"dates": ("due",), "scope": ("title", "deliverable"), "budget": ("amount",)}[kind]
        service_name = {"due": "due_date", "title": "title", "deliverable": "deliverable", "amount": "amount"}
        result = {}
        for m in self.milestones:
            values = {}
            for name in names:
                value = self.cleaned_data.get(f"{name}_{m.pk}")
                if value not in (None, ""):
                    values[service_name[name]] = value
            if values:
                result[m.pk] = values
        return result


class ChangeDecisionForm(forms.Form):
    action = forms.ChoiceField(choices=[("approve", _("Approve")), ("decline", _("Decline"))])
    comment = forms.CharField(label=_("Comment"), required=False, widget=TEXTAREA)


class FinalReportForm(forms.Form):
    body = forms.CharField(
        label=_("Final report"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Markdown is supported."),
    )


class CityDecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("The city's decision"), choices=CityDecision.Decision.choices)
    reasons_fi = forms.CharField(label=_("Reasons in Finnish (public)"), widget=TEXTAREA, required=False)
    reasons_sv = forms.CharField(label=_("Reasons in Swedish (public)"), widget=TEXTAREA, required=False)
    reasons_en = forms.CharField(label=_("Reasons in English (optional)"), widget=TEXTAREA, required=False)


class ReserveOfferForm(forms.Form):
    days = forms.IntegerField(label=_("Days to answer"), min_value=1, max_value=60, initial=14)


class FinanceContactForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
