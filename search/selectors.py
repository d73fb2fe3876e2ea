"""The site-wide search: every kind registered in `portal.searchable`, asked once each.

A search costs one query per kind whatever it finds: each kind returns at most `PER_KIND + 1`
hits, the extra one only telling that there are more.
"""

from dataclasses import dataclass

from portal.searchable import SearchHit, SearchKind, searchable_kinds

PER_KIND = 5


@dataclass(frozen=True)
class ResultGroup:
    kind: SearchKind
    hits: list[SearchHit]
    has_more: bool
    more_url: str = ""


def search_everything(*, query: str, language: str, per_kind: int = PER_KIND) -> list[ResultGroup]:
    """The groups of hits for `query` (already cleaned by `SearchForm`), kinds with none left out."""
    groups = []
    for kind in searchable_kinds():
        hits = kind.find(query=query, language=language, limit=per_kind + 1)
        if hits:
            groups.append(
                ResultGroup(
                    kind=kind,
                    hits=hits[:per_kind],
                    has_more=len(hits) > per_kind,
                    more_url=kind.more_url(query) if kind.more_url else "",
                )
            )
    return groups
