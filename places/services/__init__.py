"""Every change to places and site requests goes through here (one topic a module):

- `places.services.places`: places, their photos, the places a challenge offers, a proposal's test
  site, an idea's location;
- `places.services.site_requests`: asking a place for dates and the host's decisions, with the
  capacity check under a lock.

Each function checks that the actor may do it (`places/rules.py`), validates, and writes in one
transaction with its audit entry and notification event. Errors a person can fix are
`ValidationError`s with a message for them; a missing right is `PermissionDenied`.
"""

from places.services.places import (
    PLACE_FIELDS,
    TRANSLATED_FIELDS,
    challenge_places_set,
    idea_location_clear,
    idea_location_set,
    place_create,
    place_photo_add,
    place_photo_remove,
    place_update,
    test_site_pick,
)
from places.services.site_requests import (
    concurrent_pilots,
    site_request_accept_dates,
    site_request_approve,
    site_request_cancel,
    site_request_create,
    site_request_decline,
    site_request_propose_dates,
    site_request_withdraw,
)

__all__ = [
    "PLACE_FIELDS",
    "TRANSLATED_FIELDS",
    "challenge_places_set",
    "concurrent_pilots",
    "idea_location_clear",
    "idea_location_set",
    "place_create",
    "place_photo_add",
    "place_photo_remove",
    "place_update",
    "site_request_accept_dates",
    "site_request_approve",
    "site_request_cancel",
    "site_request_create",
    "site_request_decline",
    "site_request_propose_dates",
    "site_request_withdraw",
    "test_site_pick",
]
