"""How django-allauth fits the portal: emails in the recipient's own language, under our name."""

from types import SimpleNamespace
from urllib.parse import urlparse

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def portal_site() -> SimpleNamespace:
    """What allauth's emails call the site: the portal's name, in the active language."""
    return SimpleNamespace(name=gettext("Innovation Garden"), domain=urlparse(settings.SITE_URL).netloc)


# How long failed log-ins lock an address out: allauth's default limit for them is "5/300s/key"
# (five failures per address in five minutes). The message below and the log-in page's
# Retry-After say the same; a test keeps the three in step.
LOGIN_LOCKOUT_SECONDS = 5 * 60


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # allauth's own texts say only "later".
        "too_many_login_attempts": _("Too many failed log-in attempts. Please try again in 5 minutes."),
        "rate_limited": _("Too many requests in a short time. Please wait a minute and try again."),
    }

    def send_mail(self, template_prefix, email, context):
        # Someone who asks for a password reset on the Swedish pages but chose Finnish for their
        # account gets the email in Finnish: the saved choice is the more deliberate one.
        user = context.get("user") or get_user_model().objects.filter(email__iexact=email).first()
        language = getattr(user, "language", None) or translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, {**context, "current_site": portal_site()})

    def set_password(self, user, password) -> None:
        # A password change or reset ends the API tokens too: whoever held one with the old
        # password must not keep the account.
        from accounts.tokens import tokens_revoke

        super().set_password(user, password)
        tokens_revoke(user=user)

    def format_email_subject(self, subject):
        return f"[{gettext('Innovation Garden')}] {subject}"
