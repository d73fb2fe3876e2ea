"""Place pages and site requests, by concern (`pages`, `requests`)."""

from places.views.pages import (
    pilot_poster,
    place_detail,
    place_edit,
    place_list,
    place_photo_remove,
    place_photos,
    place_poster,
)
from places.views.requests import (
    challenge_places,
    idea_location,
    my_site_requests,
    place_requests,
    site_request_action,
    site_request_detail,
    site_request_new,
    test_site_pick,
)

__all__ = [
    "challenge_places",
    "idea_location",
    "my_site_requests",
    "pilot_poster",
    "place_detail",
    "place_edit",
    "place_list",
    "place_photo_remove",
    "place_photos",
    "place_poster",
    "place_requests",
    "site_request_action",
    "site_request_detail",
    "site_request_new",
    "test_site_pick",
]
