"""Background work for accounts: emails that must not hold up a page."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Invitation


@shared_task(
    name="accounts.send_organization_invitation",
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_kwargs={"max_retries": 8},
    acks_late=True,
)
def send_organization_invitation(invitation_id: int, **kwargs) -> None:
    """Email an invitation link. Runs again harmlessly: a sent or closed invitation is skipped."""
    from accounts.services import invitation_token

    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("organization", "invited_by")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None or invitation.sent_at or not invitation.is_open:
            return
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
        message.send()
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])


@shared_task(name="accounts.send_unsent_invitations", acks_late=True)
def send_unsent_invitations(**kwargs) -> None:
    """Beat: queue invitations whose email was never sent (the broker was down at the time)."""
    stale = Invitation.objects.filter(
        sent_at__isnull=True,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        created_at__lt=timezone.now() - timedelta(minutes=5),
        expires_at__gt=timezone.now(),
    )
    for invitation_id in stale.values_list("pk", flat=True)[:1000]:
        send_organization_invitation.delay(invitation_id)
