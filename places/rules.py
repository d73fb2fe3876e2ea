"""Who may do what with places and site requests, and when.

*Who*: a place's hosts are the members of its host organization; a site request's team is the team
of its pilot. *When*: a request can be asked for a proposal that is shortlisted, accepted or
running (before that the city has not chosen it; after it the pilot is over), and only of a place
that takes pilots; a host decides an open request; the team answers proposed dates.

Places are public, like the map. A site request is seen by its team, the place's hosts and the
curators of the pilot's challenge; a host sees the proposal's title and summary through the request
even while the proposal is confidential, because that is what the host decides on.

Ask with `can(user, perm, obj)` (templates: `{% can perm user obj as … %}` from `{% load places %}`).
"""

import rules

from accounts.rules import is_administrator, is_official, is_organization_member, is_signed_in
from challenges.rules import can_curate
from ideas.models import Idea
from pilots.models import Pilot
from pilots.rules import is_draft, is_pilot_curator, is_team_member, is_undecided
from places.models import SiteRequest

REQUESTING_STATUSES = (Pilot.Status.SHORTLISTED, Pilot.Status.ACCEPTED, Pilot.Status.RUNNING)


def can(user, perm: str, obj=None) -> bool:
    return rules.has_perm(perm, user, obj)


# --- Who --------------------------------------------------------------------------------------


@rules.predicate
def is_place_host(user, place) -> bool:
    return place is not None and is_organization_member(user, place.host)


@rules.predicate
def is_request_host(user, site_request) -> bool:
    return site_request is not None and is_place_host(user, site_request.place)


@rules.predicate
def is_request_team(user, site_request) -> bool:
    return site_request is not None and is_team_member(user, site_request.pilot)


@rules.predicate
def is_request_curator(user, site_request) -> bool:
    return site_request is not None and is_pilot_curator(user, site_request.pilot)


@rules.predicate
def is_idea_author(user, idea) -> bool:
    return isinstance(idea, Idea) and idea.is_author(user)


# --- When -------------------------------------------------------------------------------------


@rules.predicate
def takes_pilots(user, place) -> bool:
    return place is not None and place.capacity > 0


@rules.predicate
def pilot_may_request_site(user, pilot) -> bool:
    return pilot is not None and pilot.status in REQUESTING_STATUSES


@rules.predicate
def is_pending(user, site_request) -> bool:
    return site_request is not None and site_request.status == SiteRequest.Status.PENDING


@rules.predicate
def has_dates_proposed(user, site_request) -> bool:
    return site_request is not None and site_request.status == SiteRequest.Status.DATES_PROPOSED


@rules.predicate
def is_open(user, site_request) -> bool:
    return site_request is not None and site_request.is_open


@rules.predicate
def is_approved(user, site_request) -> bool:
    return site_request is not None and site_request.status == SiteRequest.Status.APPROVED


rules.add_perm("places.view_place", rules.always_allow)
rules.add_perm("places.add_place", is_official)
rules.add_perm("places.change_place", is_place_host | is_administrator)
rules.add_perm("places.view_place_requests", is_place_host | is_administrator)
rules.add_perm("places.request_site", is_team_member & pilot_may_request_site)
rules.add_perm(
    "places.view_site_request", is_request_team | is_request_host | is_request_curator | is_administrator
)
rules.add_perm("places.decide_site_request", (is_request_host | is_administrator) & is_pending)
rules.add_perm("places.accept_proposed_dates", is_request_team & has_dates_proposed)
rules.add_perm("places.withdraw_site_request", is_request_team & is_open)
rules.add_perm(
    "places.cancel_site_request", (is_request_team | is_request_host | is_administrator) & is_approved
)
# A proposal picks its test site while it is written (and may change it until the city decides).
rules.add_perm("places.pick_test_site", is_team_member & (is_draft | is_undecided))
rules.add_perm("places.link_challenge_places", can_curate)
rules.add_perm("places.locate_idea", is_idea_author & is_signed_in)
