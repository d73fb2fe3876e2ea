"""A person's data: everything the portal holds about them, to download or to erase.

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
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone


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


# --- What the accounts app holds ----------------------------------------------------------------


def export(user) -> dict:
    from allauth.account.models import EmailAddress

    from accounts.models import Invitation, Membership

    return {
        "profile": {
            "email": user.email,
            "name": user.name,
            "language": user.language,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "roles": {
                "official": user.is_official,
                "moderator": user.is_moderator,
                "administrator": user.is_superuser,
            },
        },
        "email_addresses": list(
            EmailAddress.objects.filter(user=user).values("email", "verified", "primary")
        ),
        "organizations": [
            {"organization": m.organization.name, "role": m.role, "joined_at": m.joined_at}
            for m in Membership.objects.filter(user=user).select_related("organization")
        ],
        "invitations_sent": list(
            Invitation.objects.filter(invited_by=user).values("email", "organization__name", "created_at")
        ),
    }


def erase(user, *, remove_contributions: bool) -> None:
    from allauth.account.models import EmailAddress

    from accounts.models import DataExport, Invitation, Membership

    for membership in Membership.objects.filter(user=user, role=Membership.Role.ADMIN).select_related(
        "organization"
    ):
        # An organization is not left without an administrator: its longest-standing member takes over.
        others = Membership.objects.filter(organization=membership.organization).exclude(user=user)
        if not others.filter(role=Membership.Role.ADMIN).exists():
            successor = others.order_by("joined_at").first()
            if successor:
                successor.role = Membership.Role.ADMIN
                successor.save(update_fields=["role"])
    Membership.objects.filter(user=user).delete()
    Invitation.objects.filter(email__iexact=user.email, accepted_at__isnull=True).delete()
    EmailAddress.objects.filter(user=user).delete()
    for export_row in DataExport.objects.filter(user=user):
        _delete_export_file(export_row)
    DataExport.objects.filter(user=user).delete()
    # Sessions elsewhere end by themselves: Django signs nobody in as an inactive user.
    user.email = f"deleted-{user.pk}@deleted.invalid"
    user.name = ""
    user.is_active = False
    user.is_staff = user.is_superuser = user.is_official = user.is_moderator = False
    user.deleted_at = timezone.now()
    user.set_unusable_password()
    user.save()


def export_path(file_name: str):
    return settings.PRIVATE_ROOT / "exports" / file_name


def _delete_export_file(export_row) -> None:
    if export_row.file_name:
        export_path(export_row.file_name).unlink(missing_ok=True)
