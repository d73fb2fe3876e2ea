"""Showing the city's translated content: which language a text is in, and a note when it is
not the reader's own.

    {% load translated %}
    <h1 lang="{% shown_language challenge "title" %}">{{ challenge.title }}</h1>
    <div lang="{% shown_language challenge "description" %}">{{ challenge.description_html|safe }}</div>
    {% language_note challenge "description" %}

`language_note` renders nothing when the reader's language has the text, else
`<p class="language-note">This text exists only in Finnish.</p>` (see `portal.translated`).
"""

from django import template
from django.utils.html import format_html

from portal import translated

register = template.Library()


@register.simple_tag
def shown_language(obj, field: str) -> str:
    """The language code of the text the reader sees, for a `lang` attribute."""
    return translated.shown_language(obj, field)


@register.simple_tag
def language_note(obj, field: str) -> str:
    note = translated.language_note(obj, field)
    if not note:
        return ""
    return format_html('<p class="language-note">{}</p>', note)


@register.simple_tag
def translated_group(form, field: str) -> list:
    """The per-language fields of one text of a `TranslatedFormMixin` form."""
    return form.translated_group(field)
