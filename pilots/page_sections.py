"""Sections higher apps add to a pilot's page (the agreements app: milestone timeline, decision).

A section is a function `(request, pilot) -> str` returning safe HTML, or "" for nothing; apps
register theirs in `AppConfig.ready()` and `{% pilot_sections pilot %}` renders them in order.
"""

from collections.abc import Callable

SECTIONS: list[Callable] = []


def register_section(section: Callable) -> None:
    if section not in SECTIONS:
        SECTIONS.append(section)


def render_sections(request, pilot) -> str:
    return "".join(section(request, pilot) for section in SECTIONS)
