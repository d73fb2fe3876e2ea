"""Background work for privacy: preparing a person's data download."""

import uuid

from celery import shared_task
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import DataExport
from notifications.services import event_record
from privacy.services import collect, to_json


# The task keeps the name it had in the accounts app, so messages queued before a deploy still run.
@shared_task(name="accounts.prepare_data_export", autoretry_for=(OSError,), retry_backoff=True,
             max_retries=5, acks_late=True, time_limit=600)  # fmt: skip
def prepare_data_export(export_id: int, **kwargs) -> None:
    """Write a person's data as JSON and tell them it is ready. A rerun does nothing."""
    with transaction.atomic():
        export = DataExport.objects.select_for_update().select_related("user").filter(pk=export_id).first()
        if export is None or export.ready_at:
            return
        file_name = f"{uuid.uuid4().hex}.json"
        export.file_name = file_name
        path = export.file_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(to_json(collect(export.user)), encoding="utf-8")
        export.ready_at = timezone.now()
        export.save(update_fields=["file_name", "ready_at"])
        with translation.override(export.user.language):
            event_record(
                kind="account.data_export", actor=None, target=export, url=reverse("my_data"),
                title=str(export), recipients=[export.user],
            )  # fmt: skip
