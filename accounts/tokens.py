"""API tokens for other clients (`Authorization: Token …`).

- A token is given only for the right password of an account whose address is confirmed, and only
  through the log-in page's own lockout (allauth's `login_failed` limit, five failures per address
  in five minutes), so the API is no way around it.
- A token works for `API_TOKEN_DAYS` days from when it was made; asking again within that time
  gives the same token and when it expires, after it a new one.
- Changing or resetting the password revokes every token of the account (`AccountAdapter.set_password`).
"""

from datetime import datetime, timedelta

from allauth.account.adapter import get_adapter
from allauth.account.utils import has_verified_email
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied

from accounts.adapter import LOGIN_LOCKOUT_SECONDS
from accounts.models import User


class LoginLockedOut(Exception):
    """Too many failed log-ins for this address, on the pages or here."""

    retry_after_seconds = LOGIN_LOCKOUT_SECONDS


def token_expires_at(token: Token) -> datetime:
    return token.created + timedelta(days=settings.API_TOKEN_DAYS)


def _is_expired(token: Token) -> bool:
    return token_expires_at(token) <= timezone.now()


@transaction.atomic
def token_issue(*, request, email: str, password: str) -> Token:
    """The account's token for a correct email and password, made anew once the old one expired."""
    adapter = get_adapter(request)
    try:
        user = adapter.authenticate(request, email=email.lower(), password=password)
    except ValidationError as error:  # allauth's lockout: too_many_login_attempts
        raise LoginLockedOut from error
    if user is None or not user.is_active:
        raise AuthenticationFailed(_("The email address or password is not correct."))
    if not has_verified_email(user, user.email):
        raise PermissionDenied(
            _(
                "Confirm your email address first: follow the link in the email we sent you, "
                "or log in on the site to get a new one."
            ),
            code="email_unconfirmed",
        )
    token = Token.objects.select_for_update().filter(user=user).first()
    if token is not None and _is_expired(token):
        token.delete()
        token = None
    if token is None:
        token = Token.objects.create(user=user)
    return token


def tokens_revoke(*, user: User) -> None:
    """End every API token of the person (after a password change or reset, or when asked)."""
    Token.objects.filter(user=user).delete()


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, refusing a token older than `API_TOKEN_DAYS`."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if _is_expired(token):
            token.delete()
            raise AuthenticationFailed(
                _("This token has expired. Ask for a new one with your email and password.")
            )
        return user, token
