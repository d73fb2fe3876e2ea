"""The emails the accounts app sends itself (sign-up and password emails are allauth's)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Invitation
from accounts.services import invitation_token


def invitation_email(invitation: Invitation) -> EmailMultiAlternatives:
    """An invitation to join an organization, in the language it was written for."""
    with translation.override(invitation.language):
        path = reverse("invitation_accept", kwargs={"token": invitation_token(invitation)})
        context = {
            "invitation": invitation,
            "organization": invitation.organization,
            "inviter": invitation.invited_by,
            "accept_url": settings.SITE_URL + path,
            "expires_at": timezone.localtime(invitation.expires_at),
        }
        subject = render_to_string("accounts/email/invitation_subject.txt", context)
        message = EmailMultiAlternatives(
            subject=" ".join(subject.split()),
            body=render_to_string("accounts/email/invitation_message.txt", context),
            to=[invitation.email],
        )
        message.attach_alternative(
            render_to_string("accounts/email/invitation_message.html", context), "text/html"
        )
    return message
