from django import forms
from django.utils.translation import gettext_lazy as _


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    remove_contributions = forms.BooleanField(
        label=_("Also remove my ideas, comments and votes"),
        required=False,
        help_text=_(
            "Otherwise ideas and comments stay, shown as written by “Deleted user”, "
            "and votes count without your name."
        ),
    )
    confirm = forms.BooleanField(label=_("I understand that my account cannot be restored"), required=True)
