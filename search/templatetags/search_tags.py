from django import template

from search.excerpts import excerpt, highlight

register = template.Library()


@register.filter
def highlighted(text: str, query: str):
    """{{ hit.title|highlighted:query }}: escaped, matching words in <mark>."""
    return highlight(text or "", query)


@register.filter
def highlighted_excerpt(text: str, query: str):
    """{{ hit.text|highlighted_excerpt:query }}: the passage around the first match, marked."""
    return highlight(excerpt(text or "", query), query)
