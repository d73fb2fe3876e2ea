"""A person's secret calendar address (the feed of the events she registered for)."""

from django.db import transaction

from accounts.models import User
from events.models import CalendarFeed, new_feed_token


def calendar_feed_for(*, user: User) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_renew(*, actor: User) -> CalendarFeed:
    """A new secret address; the old one stops working at once (someone may have seen it)."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=actor)
    if not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token"])
    return feed
