"""Forms for comments, flags and moderation. They parse input; `engagement.services` decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from engagement.models import Flag


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write something before you send the comment.")},
        help_text=_("Be kind and keep to the topic. Markdown is supported."),
    )
    parent = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with it?"), choices=Flag.Reason.choices, widget=forms.RadioSelect
    )
    details = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. Only moderators see this."),
    )


class ModerationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give a reason. The author sees it, so write it for them.")},
        help_text=_("The author sees this reason on their content."),
    )
