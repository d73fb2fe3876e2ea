"""Who may do what with events, and when.

*Who*: an event's organizers are the person who organizes it and, for an organization's event,
the organization's administrators (the organizer acts for the organization only while a member
of it); administrators may always step in. Officials organize the city's own events, and any
member of an organization may organize one for it.

*When*: an event takes registrations until its registration closes, unless it is cancelled;
organizers change, postpone or cancel it until it ends, mark attendance once it has started, and
publish the report once it is over.

Every event is public. Its online link is not: only people with a confirmed seat and the
organizers see it. Ask as everywhere: `user.has_perm(perm, event)`, in templates `{% has_perm perm
user event as … %}` from `{% load rules %}`; the services check the *who* and say in words why not
*now*.
"""

import rules
from django.utils import timezone

from accounts.rules import (
    is_administrator,
    is_official,
    is_organization_admin,
    is_organization_member,
    is_signed_in,
)


def registration_of(user, event):
    """The person's registration at the event (any status), or None; remembered per request."""
    if not (user.is_authenticated and event is not None and event.pk):
        return None
    cache = user.__dict__.setdefault("_event_registration_cache", {})
    if event.pk not in cache:
        cache[event.pk] = event.registrations.filter(user=user).first()
    return cache[event.pk]


def forget_registration(user, event) -> None:
    user.__dict__.get("_event_registration_cache", {}).pop(getattr(event, "pk", None), None)


# --- Who --------------------------------------------------------------------------------------


@rules.predicate
def is_event_organizer(user, event) -> bool:
    if event is None or not user.is_authenticated or not user.is_active:
        return False
    if is_administrator(user):
        return True
    organization = event.organization
    if event.organizer_id == user.pk:
        return organization is None or is_organization_member(user, organization)
    return organization is not None and is_organization_admin(user, organization)


@rules.predicate
def has_confirmed_seat(user, event) -> bool:
    registration = registration_of(user, event)
    return registration is not None and registration.status == "confirmed"


@rules.predicate
def is_registered(user, event) -> bool:
    """A confirmed seat or a place in the waiting list."""
    registration = registration_of(user, event)
    return registration is not None and registration.status != "cancelled"


@rules.predicate
def may_organize_events(user) -> bool:
    """Officials organize the city's events; organization members their organization's."""
    if not is_signed_in(user):
        return False
    return is_official(user) or user.memberships.exists()


# --- When -------------------------------------------------------------------------------------


@rules.predicate
def is_cancelled(user, event) -> bool:
    return event is not None and event.is_cancelled


@rules.predicate
def has_started(user, event) -> bool:
    return event is not None and event.has_started(timezone.now())


@rules.predicate
def has_ended(user, event) -> bool:
    return event is not None and event.has_ended(timezone.now())


@rules.predicate
def registration_open(user, event) -> bool:
    return event is not None and event.registration_open(timezone.now())


rules.add_perm("events.view_event", rules.always_allow)
rules.add_perm("events.add_event", may_organize_events)
rules.add_perm("events.change_event", is_event_organizer & ~is_cancelled & ~has_ended)
rules.add_perm("events.cancel_event", is_event_organizer & ~is_cancelled & ~has_ended)
rules.add_perm("events.view_registrations", is_event_organizer)
rules.add_perm("events.mark_attendance", is_event_organizer & has_started & ~is_cancelled)
rules.add_perm("events.publish_report", is_event_organizer & has_ended & ~is_cancelled)
rules.add_perm("events.register", is_signed_in & ~is_registered & ~is_cancelled & registration_open)
rules.add_perm("events.cancel_registration", is_registered & ~has_ended)
rules.add_perm("events.view_online_link", has_confirmed_seat | is_event_organizer)
rules.add_perm(
    "events.create_idea",
    is_signed_in & has_started & ~is_cancelled & (has_confirmed_seat | is_event_organizer),
)
