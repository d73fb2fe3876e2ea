"""Dates and money as people read them, in the active language."""

from datetime import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format, number_format


def format_moment(value: datetime) -> str:
    """A date and time as people read it in the active language, in the portal's time zone."""
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def format_euros(value: Decimal) -> str:
    """An amount of money in the active language's number format, e.g. "100 000 €" in Finnish."""
    places = 0 if value == value.to_integral_value() else 2
    return f"{number_format(value, places, force_grouping=True)} €"
