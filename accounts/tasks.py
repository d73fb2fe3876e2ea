"""Background work for accounts: emails that must not hold up a page."""

from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from accounts.emails import invitation_email
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
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("organization", "invited_by")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None or invitation.sent_at or not invitation.is_open:
            return
        message = invitation_email(invitation)
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
