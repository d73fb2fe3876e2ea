"""Forms for people and organizations. They parse input; the services decide."""

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.business_id import normalize_business_id, validate_business_id
from accounts.models import Membership, Organization, User
from portal.uploads import image_form_field


class SignupForm(forms.Form):
    """Fields allauth's sign-up form adds to email and password."""

    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        help_text=_("Shown with your ideas and comments. Your real name or a nickname."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def signup(self, request, user):
        user.name = " ".join(self.cleaned_data["name"].split())  # one line, as the profile keeps it
        language = (get_language() or settings.LANGUAGE_CODE)[:2]
        user.language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        user.save(update_fields=["name", "language"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "language"]


class OrganizationForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    logo = image_form_field(_("Logo (optional)"))
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    class Meta:
        model = Organization
        fields = ["name", "kind", "business_id", "description", "website"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.logo:
            self.fields["logo"].label = _("Replace the logo")
        else:
            del self.fields["remove_logo"]

    def clean_business_id(self):
        value = normalize_business_id(self.cleaned_data.get("business_id", ""))
        if value:
            validate_business_id(value)
        return value


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER)


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class OrganizationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Organization.Kind.choices]
    )
    verified = forms.BooleanField(label=_("Verified only"), required=False)
