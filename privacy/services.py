"""A person's data across the apps: everything the portal holds about them, to download or erase.

Each app that stores personal data has a `privacy.py` module with two functions:

    def export(user) -> dict            # what this app holds about the person, JSON-ready
    def erase(user, *, remove_contributions: bool) -> None   # called inside the deletion's transaction

This module finds them (like Django's admin autodiscovery), puts the exports together and runs the
erasers when a person deletes their account, all in one transaction. The account row itself stays,
anonymized ("Deleted user", no email, no password, inactive), so what is kept still adds up.

The rules, each explained in its app's module:

- always erased: name, email addresses, memberships, notifications and email choices (here and in
  `notifications.privacy`), follows and handled reports (`engagement.privacy`), idea images and
  pending co-author invitations (`ideas.privacy`), pilot participation (withdrawn, the consent
  record kept without a name) and team places (`pilots.privacy`), curator and evaluator roles
  (`challenges.privacy`); the person's name leaves the notifications they caused for others;
- kept under "Deleted user" by default, removed if the person asks (`remove_contributions`): votes
  and likes (counts drop with them), comments (placeholders keep the replies), ideas (deleted, or
  withdrawn when others built on them, or passed to a co-author) and idea updates;
- kept in any case, as the city's record: proposals, progress updates, reviews, attached files,
  official answers, moderation decisions and the audit log.

Every counter equals its rows afterwards; tests/accounts/test_privacy.py holds them to that.
"""

import importlib
import json
from datetime import date, datetime
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import DataExport, User
from portal.queue import enqueue_after_commit


def _privacy_modules():
    modules = []
    for config in apps.get_app_configs():
        try:
            modules.append((config.label, importlib.import_module(f"{config.name}.privacy")))
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.privacy":
                raise
    return modules


def collect(user) -> dict:
    """All of a person's data, by app."""
    data = {"exported_at": timezone.now(), "portal": settings.SITE_URL}
    for label, module in _privacy_modules():
        if hasattr(module, "export"):
            data[label] = module.export(user)
    return data


def to_json(data: dict) -> str:
    return json.dumps(data, cls=_Encoder, ensure_ascii=False, indent=2)


def erase_everywhere(user, *, remove_contributions: bool) -> None:
    # Other apps first: their rows may point at the account that accounts anonymizes last.
    modules = sorted(_privacy_modules(), key=lambda item: item[0] == "accounts")
    for _label, module in modules:
        if hasattr(module, "erase"):
            module.erase(user, remove_contributions=remove_contributions)


class _Encoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, Decimal):
            return str(o)
        if isinstance(o, datetime | date):
            return o.isoformat()
        return super().default(o)


# --- What a person asks for -------------------------------------------------------------------


def data_export_request(*, actor: User) -> DataExport:
    """Ask for all one's data; a task prepares the file and a notification links to it."""
    if not actor.is_authenticated:
        raise PermissionDenied
    with transaction.atomic():
        export = actor.data_exports.filter(ready_at__isnull=True).first()
        if export is None:
            export = DataExport.objects.create(user=actor)
        # Asking again queues the task again (harmless: it skips a finished export), in case the
        # first request met a broker that was down.
        enqueue_after_commit("accounts.prepare_data_export", export.pk)
    return export


@transaction.atomic
def account_delete(*, actor: User, password: str, remove_contributions: bool = False) -> None:
    """Erase a person's personal data; keep (or, if asked, remove) what they contributed."""
    if not actor.is_authenticated or actor.deleted_at:
        raise PermissionDenied
    if not actor.check_password(password):
        raise ValidationError({"password": _("The password is not correct.")})
    erase_everywhere(actor, remove_contributions=remove_contributions)
