"""Sections that apps above places add to a place's page, such as its upcoming events.

The places app names no app above it. An app with something to show on a place's page registers a
section from its own `AppConfig.ready()`:

    from places.sections import register_place_section

    register_place_section(
        "events",
        title=_("Upcoming events"),
        template="events/_place_events.html",
        context=lambda request, place: {"events": upcoming_events_at(place=place, user=request.user)},
        order=10,
    )

The place's page (`templates/places/place_detail.html`, block `place_sections`, right after the
pilots running there) renders each registered section in `order` as a `<section>` with an `<h2>` of
its title, and includes its template with `request`, `object` (the place) and `section` (what
`context(request, place)` returned). A context of `None` leaves the section out. Keep the context
a fixed number of queries: the page's query count is pinned by a test. The mechanism is
`portal.page_sections`, which the pilot and idea pages use too.
"""

from collections.abc import Callable

from portal.page_sections import register_page_section

PAGE = "place_detail"


def register_place_section(key: str, *, title, template: str, context: Callable, order: int = 100) -> None:
    register_page_section(PAGE, key, title=title, template=template, context=context, order=order)
