"""Template helpers of insights.

{% load insights %}
{{ value|figure:"percent" }}          a figure formatted for the active language
{% pilots_holding_my_data user %}     on a person's profile: the pilots that hold data about them
"""

from django import template

from insights import selectors
from insights.sections import format_value

register = template.Library()


@register.filter
def figure(value, kind="number") -> str:
    return format_value(value, kind)


@register.inclusion_tag("insights/_my_data_use.html")
def pilots_holding_my_data(user):
    return {"participations": list(selectors.pilots_holding_data_about(user=user))}
