"""Template helpers for challenge pages."""

from decimal import Decimal

from django import template

from portal.formats import format_euros

register = template.Library()


@register.filter
def euros(value) -> str:
    """An amount in euros in the active language's format: `{{ challenge.budget_total|euros }}`."""
    if value in (None, ""):
        return ""
    return format_euros(Decimal(value))
