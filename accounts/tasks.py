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


@shared_task(name="accounts.prepare_data_export", autoretry_for=(OSError,), retry_backoff=True,
             max_retries=5, acks_late=True, time_limit=600)  # fmt: skip
def prepare_data_export(export_id: int, **kwargs) -> None:
    """Write a person's data as JSON and tell them it is ready. A rerun does nothing."""
    import uuid

    from accounts.models import DataExport
    from accounts.privacy import collect, export_path, to_json
    from notifications.services import event_record

    with transaction.atomic():
        export = DataExport.objects.select_for_update().select_related("user").filter(pk=export_id).first()
        if export is None or export.ready_at:
            return
        file_name = f"{uuid.uuid4().hex}.json"
        path = export_path(file_name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(to_json(collect(export.user)), encoding="utf-8")
        export.file_name = file_name
        export.ready_at = timezone.now()
        export.save(update_fields=["file_name", "ready_at"])
        with translation.override(export.user.language):
            event_record(
                kind="account.data_export", actor=None, target=export, url=reverse("my_data"),
                title=str(export), recipients=[export.user],
            )  # fmt: skip
