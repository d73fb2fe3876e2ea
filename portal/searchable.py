"""The kinds of things the site-wide search finds, registered by the apps that own them.

Each app registers its kind from its own `AppConfig.ready()` with `register_searchable(...)`, as it
registers its engageable items; the `search` app (a floor above) asks every registered kind and
never names one. A kind's `find(query=..., language=..., limit=...)` returns at most `limit`
`SearchHit`s, best first, in one query, with only what everybody may see.

`text_match` is the one way a kind matches words: PostgreSQL full text with the reader's language
configuration (so "pyörät" finds "pyörä"), or a case-insensitive substring on the embedded SQLite.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import FloatField, Q, QuerySet, Value

# PostgreSQL text search configurations of the interface languages.
SEARCH_CONFIGS = {"fi": "finnish", "sv": "swedish", "en": "english"}


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    text: str = ""  # the passage an excerpt is cut from (a summary, a description)
    language: str = ""  # the language it is written in, when known (for lang="…")
    meta: str = ""  # one short line: a status, a phase, an organization's name


@dataclass(frozen=True)
class SearchKind:
    key: str
    label: object  # a lazy translated plural ("Ideas")
    find: Callable[..., list[SearchHit]]
    order: int = 100
    # The kind's own list searched for the same words, when it has one: more_url(query) -> address.
    more_url: Callable[[str], str] | None = field(default=None)


_kinds: dict[str, SearchKind] = {}


def register_searchable(kind: SearchKind) -> None:
    _kinds[kind.key] = kind


def searchable_kinds() -> list[SearchKind]:
    return sorted(_kinds.values(), key=lambda kind: (kind.order, kind.key))


def text_match(queryset: QuerySet, *, fields: list[str], query: str, language: str) -> QuerySet:
    """`queryset` narrowed to rows whose `fields` match `query`, annotated with a `rank` (0 on SQLite)."""
    if connection.vendor != "postgresql":
        match = Q()
        for name in fields:
            match |= Q(**{f"{name}__icontains": query})
        return queryset.filter(match).annotate(rank=Value(0.0, output_field=FloatField()))
    config = SEARCH_CONFIGS.get(language, "simple")
    search = SearchQuery(query, config=config, search_type="websearch")
    vector = SearchVector(*fields, config=config)
    # The first field (a title or a name) also matches as a substring: a partial name finds it.
    return queryset.annotate(search_document=vector, rank=SearchRank(vector, search)).filter(
        Q(search_document=search) | Q(**{f"{fields[0]}__icontains": query})
    )
