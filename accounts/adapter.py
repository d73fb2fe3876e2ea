"""How django-allauth fits the portal: emails in the recipient's own language."""

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth import get_user_model
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        # Someone who asks for a password reset on the Swedish pages but chose Finnish for their
        # account gets the email in Finnish: the saved choice is the more deliberate one.
        user = context.get("user") or get_user_model().objects.filter(email__iexact=email).first()
        language = getattr(user, "language", None) or translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, context)
