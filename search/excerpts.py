"""Showing a hit: the passage around the first matching word, with the matching words marked.

Words are marked when they start with a searched word, or with its first letters for long words,
so that Finnish and Swedish endings ("pyörät", "pyörällä" for "pyörä") are marked as PostgreSQL's
stemming found them. Everything else is escaped: the result is safe HTML.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

EXCERPT_LENGTH = 220
# Long words are matched on their first letters, as a rough stem.
STEM_FROM = 6
STEM_KEEP = 5


def query_terms(query: str) -> list[str]:
    words = re.findall(r"\w+", query.lower())
    return [word[:STEM_KEEP] if len(word) >= STEM_FROM else word for word in words if len(word) > 1]


def _pattern(terms: list[str]) -> re.Pattern | None:
    if not terms:
        return None
    alternatives = "|".join(re.escape(term) for term in sorted(set(terms), key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)


def highlight(text: str, query: str) -> SafeString:
    """`text` escaped, each matching word in <mark>."""
    pattern = _pattern(query_terms(query))
    if pattern is None:
        return escape(text)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))


def excerpt(text: str, query: str, length: int = EXCERPT_LENGTH) -> str:
    """About `length` characters of `text` around its first match (its start if none), on word ends."""
    # Markdown's marks (**bold**, # headings, > quotes, `code`) are noise in a one-line passage.
    text = " ".join(re.sub(r"[*_#>`]+", "", text or "").split())
    if len(text) <= length:
        return text
    pattern = _pattern(query_terms(query))
    match = pattern.search(text) if pattern else None
    start = max(0, (match.start() if match else 0) - length // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
