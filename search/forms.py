"""The search box: what it accepts, and the messages for what it does not."""

from django import forms
from django.utils.translation import gettext_lazy as _

QUERY_MAX_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=QUERY_MAX_LENGTH,
        strip=True,
        error_messages={
            "required": _("Type a word or two to search for."),
            "max_length": _("Search for at most %(limit_value)d characters (this was %(show_value)d)."),
        },
    )

    def clean_q(self) -> str:
        query = " ".join(self.cleaned_data["q"].split())
        if not query:
            raise forms.ValidationError(self.fields["q"].error_messages["required"], code="required")
        return query
