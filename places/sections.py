"""Sections that apps above places add to a place's page, such as its upcoming events.

The places app names no app above it. An app that has something to show on a place's page
registers a section from its own `AppConfig.ready()`:

    from places.sections import register_place_section

    register_place_section(
        "events",
        title=_("Upcoming events"),
        template="events/_place_events.html",
        context=lambda request, place: {"events": upcoming_events_at(place=place, user=request.user)},
        order=10,
    )

The place's page (`templates/places/place_detail.html`, block `place_sections`) renders each
registered section in `order` as `<section aria-labelledby=…>` with an `<h2>` of its title, and
includes its template with the place, `request` and what `context(request, place)` returns. A
section whose context is `None` is left out (nothing to show). Keep the context a fixed number of
queries: the page's query count is pinned by a test.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PlaceSection:
    key: str
    title: str
    template: str
    context: Callable  # context(request, place) -> dict | None
    order: int = 100


# Filled from the apps' ready(); read only after the app registry is ready.
PLACE_SECTIONS: dict[str, PlaceSection] = {}


def register_place_section(key: str, *, title, template: str, context: Callable, order: int = 100) -> None:
    PLACE_SECTIONS[key] = PlaceSection(key=key, title=title, template=template, context=context, order=order)


@dataclass(frozen=True)
class RenderedSection:
    section: PlaceSection
    context: dict

    @property
    def key(self) -> str:
        return self.section.key

    @property
    def title(self) -> str:
        return self.section.title

    @property
    def template(self) -> str:
        return self.section.template


def place_sections(request, place) -> list[RenderedSection]:
    """The registered sections with their context for this place and person, in order."""
    rendered = []
    for section in sorted(PLACE_SECTIONS.values(), key=lambda s: (s.order, s.key)):
        context = section.context(request, place)
        if context is not None:
            rendered.append(RenderedSection(section=section, context=context))
    return rendered
