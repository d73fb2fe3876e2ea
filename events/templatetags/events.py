"""Pieces of events for pages of their own and of other apps.

{% load events %}
{% upcoming_events user challenge=challenge %}     on a challenge's page (also pilot=, place=)
"""

from django import template

from events import selectors

register = template.Library()


@register.inclusion_tag("events/_upcoming.html")
def upcoming_events(user, *, challenge=None, pilot=None, place=None, heading: bool = True):
    """The next events of a challenge, a pilot or a place (one query), with a link to all."""
    events = selectors.events_for(viewer=user, challenge=challenge, pilot=pilot, place=place)
    query = ""
    if challenge is not None:
        query = f"?challenge={challenge.slug}"
    elif place is not None:
        query = f"?place={place.slug}"
    elif pilot is not None:
        query = f"?pilot={pilot.pk}"
    return {"events": events, "query": query, "heading": heading, "user": user}
