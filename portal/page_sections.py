"""Sections that a higher app adds to a lower app's page, so the lower app names no app above it.

A page leaves a place for them with `{% page_sections "pilot_detail" pilot %}` (from
`{% load page_sections %}`); an app registers a section for that page from its own
`AppConfig.ready()`:

    register_page_section(
        "pilot_detail", "places",
        title=_("Where the pilot runs"),
        template="places/_pilot_places.html",
        context=lambda request, pilot: {"bookings": ...} or None,
        order=10,
    )

Each section is rendered as `<section aria-labelledby=…>` with an `<h2>` of its title and its
template included with `request`, `object` (the page's item) and what `context(request, obj)`
returns; a context of `None` leaves the section out. Pages with a place for sections today:
`pilot_detail`, `idea_detail` and `place_detail` (see `places.sections`).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PageSection:
    page: str
    key: str
    title: str
    template: str
    context: Callable  # context(request, obj) -> dict | None
    order: int = 100


# page -> key -> section; filled from the apps' ready().
PAGE_SECTIONS: dict[str, dict[str, PageSection]] = {}


def register_page_section(
    page: str, key: str, *, title, template: str, context: Callable, order: int = 100
) -> None:
    PAGE_SECTIONS.setdefault(page, {})[key] = PageSection(
        page=page, key=key, title=title, template=template, context=context, order=order
    )


@dataclass(frozen=True)
class RenderedSection:
    section: PageSection
    context: dict

    @property
    def key(self) -> str:
        return self.section.key

    @property
    def title(self) -> str:
        return str(self.section.title)

    @property
    def template(self) -> str:
        return self.section.template


def sections_for(page: str, request, obj) -> list[RenderedSection]:
    """The page's registered sections with their context for this item and person, in order."""
    rendered = []
    for section in sorted(PAGE_SECTIONS.get(page, {}).values(), key=lambda s: (s.order, s.key)):
        context = section.context(request, obj)
        if context is not None:
            rendered.append(RenderedSection(section=section, context=context))
    return rendered
