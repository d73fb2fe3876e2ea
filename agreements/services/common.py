"""What the agreement services share: permission checks, locks, money, dates and the record of a step."""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from agreements.models import Agreement
from agreements.rules import can
from notifications.services import event_record
from portal.audit import audit_record
from portal.language import untranslated

CENT = Decimal("0.01")


def require(actor: User, perm: str, obj) -> None:
    if not can(actor, perm, obj):
        raise PermissionDenied


def lock(agreement: Agreement) -> Agreement:
    """The agreement's row, locked for the rest of the transaction, with its pilot and challenge."""
    return (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("pilot", "pilot__challenge", "pilot__organization")
        .get(pk=agreement.pk)
    )


def expect_version(agreement: Agreement, expected_version: int | None) -> None:
    """Optimistic locking: refuse an edit made on an older version of the agreement."""
    if expected_version is not None and int(expected_version) != agreement.version:
        raise ValidationError(
            _("Someone else changed this agreement in the meantime. Reload the page; your text is kept."),
            code="stale",
        )


def bump(agreement: Agreement, *fields: str) -> None:
    agreement.version += 1
    agreement.full_clean()
    agreement.save(update_fields=["version", "updated_at", *fields])


def euros(value, *, field: str) -> Decimal:
    """An amount in euros, exact to the cent: a Decimal, never a float."""
    try:
        amount = Decimal(str(value).strip().replace(" ", "").replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Give the amount in euros, for example 12500.00.")}) from None
    if not amount.is_finite() or amount < 0:
        raise ValidationError({field: _("Give the amount in euros, for example 12500.00.")})
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        raise ValidationError({field: _("An amount is exact to the cent: at most two decimals.")})
    if amount >= Decimal("1e10"):
        raise ValidationError({field: _("The amount is too large.")})
    return amount.quantize(CENT)


def percent(value, *, field: str) -> Decimal:
    try:
        share = Decimal(str(value).strip().replace(",", ".").rstrip("%").strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Give the share as a percentage, for example 25.")}) from None
    if not share.is_finite() or share != share.quantize(CENT):
        raise ValidationError({field: _("Give the share as a percentage with at most two decimals.")})
    if share <= 0:
        raise ValidationError({field: _("A milestone's share must be more than 0 %.")})
    if share > 100:
        raise ValidationError({field: _("A milestone's share cannot be over 100 %.")})
    return share


def day(value, *, field: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError({field: _("Give the date as YYYY-MM-DD.")}) from None


def format_day(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def piloting_days(challenge) -> tuple[date, date]:
    """The first and last day of the challenge's piloting phase, in the portal's time zone."""
    return timezone.localtime(challenge.evaluation_end).date(), timezone.localtime(
        challenge.piloting_end
    ).date()


def check_due_date(challenge, due: date, *, field: str) -> None:
    first, last = piloting_days(challenge)
    if not first <= due <= last:
        raise ValidationError(
            {
                field: _("A milestone is due within the piloting phase, %(first)s–%(last)s; %(date)s is not.")
                % {"first": format_day(first), "last": format_day(last), "date": format_day(due)}
            },
            code="outside_piloting",
        )


def team_ids(pilot) -> list[int]:
    return list(pilot.team_members.values_list("user_id", flat=True))


def curator_ids(pilot) -> list[int]:
    return list(pilot.challenge.curators.values_list("pk", flat=True))


def finance_ids(pilot) -> list[int]:
    return list(pilot.challenge.finance_contacts.values_list("user_id", flat=True))


def record_step(
    *, actor: User | None, agreement: Agreement, action: str, step, recipients, target=None, **details
) -> None:
    """Every step: an audit entry and an outbox event for the people it concerns."""
    pilot = agreement.pilot
    audit_record(
        actor=actor, action=f"agreement.{action}", target=target or agreement, pilot=pilot.pk, **details
    )
    event_record(
        kind="agreement.step",
        actor=actor,
        target=agreement,
        url=agreement.get_absolute_url(),
        title=pilot.title,
        group=pilot.challenge,
        recipients=recipients,
        status=untranslated(step),
        step=action,
    )
