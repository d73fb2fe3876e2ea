"""The city's own content in Finnish, Swedish and English (django-modeltranslation fields).

A model registers its translated fields in its app's `translation.py`; each field `title` then has
columns `title_fi`, `title_sv` and `title_en`, and reading `obj.title` gives the reader's language,
or the first of `MODELTRANSLATION_FALLBACK_LANGUAGES` that has the text. This module is what every
app shares around that:

- writing: `translations_given(value)` turns what a form, the API or a service caller gives (one
  text in the active language, or a mapping language → text) into per-language values, and
  `translations_set(obj, field, value)` stores them (rendering Markdown into the `…_html` twin);
- publishing: `missing_languages(obj, fields)` and `require_languages(obj, fields)` refuse content
  that lacks a required language (`OFFICIAL_LANGUAGES_REQUIRED`, fi and sv by default), with a
  message naming the language;
- reading: `shown_language(obj, field)` is the language the reader actually sees, and
  `language_note(obj, field)` the sentence telling her when that is not her own
  (`{% language_note obj "field" %}` in templates, from `portal/templatetags/translated.py`);
- notifications: `translations_of(obj, field)` for an event's payload and `translation_pick` to
  read it back in a recipient's language.
"""

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.markdown import render_markdown


def content_languages() -> tuple[str, ...]:
    """The languages the city's content is written in, in the order forms show them."""
    return tuple(settings.MODELTRANSLATION_LANGUAGES)


def required_languages() -> list[str]:
    """The languages content must have before it is published (a setting; fi and sv in Espoo)."""
    return [code for code in settings.OFFICIAL_LANGUAGES_REQUIRED if code in content_languages()]


def language_name(code: str) -> str:
    """The language's name in the active interface language ("Swedish", "ruotsi", "svenska")."""
    names = dict(settings.LANGUAGES)
    return str(names.get(code, code))


def localized(field: str, language: str) -> str:
    """`title`, "sv" → `title_sv`."""
    return f"{field}_{language.replace('-', '_')}"


def localized_names(fields: Iterable[str]) -> set[str]:
    """Every per-language column of the given fields."""
    return {localized(field, code) for field in fields for code in content_languages()}


def active_language() -> str:
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return language if language in content_languages() else settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def translations_given(value) -> dict[str, str]:
    """What a caller gave for one translated field, as language → text.

    A plain string is the text in the active language; a mapping names its languages (an unknown
    language is refused, so a typo does not vanish). Texts are stripped; an empty one clears that
    language.
    """
    if value is None:
        return {}
    if isinstance(value, Mapping):
        unknown = set(value) - set(content_languages())
        if unknown:
            raise ValidationError(
                _("Texts can be given in %(languages)s, not in %(unknown)s.")
                % {"languages": ", ".join(content_languages()), "unknown": ", ".join(sorted(unknown))}
            )
        return {code: (text or "").strip() for code, text in value.items()}
    return {active_language(): str(value).strip()}


def translations_set(obj, field: str, value, *, html_field: str | None = None) -> list[str]:
    """Store the given texts of `field` on `obj` (not saved); return the columns changed.

    `html_field` is the Markdown rendering kept beside the text, rendered per language.
    """
    changed = []
    for code, text in translations_given(value).items():
        setattr(obj, localized(field, code), text)
        changed.append(localized(field, code))
        if html_field:
            setattr(obj, localized(html_field, code), render_markdown(text) if text else "")
            changed.append(localized(html_field, code))
    return changed


def html_refresh(obj, field: str, html_field: str) -> None:
    """Render each language's Markdown of `field` into `html_field` (an admin mended the text)."""
    for code in content_languages():
        text = text_in(obj, field, code)
        setattr(obj, localized(html_field, code), render_markdown(text) if text else "")


def text_in(obj, field: str, language: str) -> str:
    """The text of `field` in exactly that language, without falling back ("" when missing)."""
    return getattr(obj, localized(field, language), None) or ""


def translations_of(obj, field: str) -> dict[str, str]:
    """The texts of `field` that exist, by language."""
    return {code: text for code in content_languages() if (text := text_in(obj, field, code))}


def missing_languages(obj, fields: Iterable[str], languages: Iterable[str] | None = None) -> list[str]:
    """The required languages in which any of the fields has no text (fields empty in every
    language are the caller's concern: optional ones may stay empty)."""
    languages = required_languages() if languages is None else list(languages)
    missing = []
    for code in languages:
        for field in fields:
            if translations_of(obj, field) and not text_in(obj, field, code):
                missing.append(code)
                break
    return missing


def missing_language_messages(obj, fields: Mapping[str, str], *, what: str = "") -> list[str]:
    """One message per missing required language, naming the language and the fields, e.g.
    "Write the title and summary in Swedish too: Espoo publishes its content in Finnish and Swedish."

    `fields` maps field names to their labels; `what` names the item when it is not obvious
    (a criterion among the challenge's).
    """
    messages = []
    for code in missing_languages(obj, fields):
        labels = [
            str(label)
            for field, label in fields.items()
            if translations_of(obj, field) and not text_in(obj, field, code)
        ]
        params = {
            "fields": _join(labels),
            "language": language_name(code),
            "required": _join([language_name(c) for c in required_languages()]),
            "what": what,
        }
        if what:
            message = gettext("%(what)s: write the %(fields)s in %(language)s too (required: %(required)s).")
        else:
            message = gettext("Write the %(fields)s in %(language)s too (required: %(required)s).")
        messages.append(message % params)
    return messages


def require_languages(obj, fields: Mapping[str, str], *, what: str = "") -> None:
    """Refuse (ValidationError) when a required language is missing from the fields."""
    messages = missing_language_messages(obj, fields, what=what)
    if messages:
        raise ValidationError(messages)


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return gettext("%(first)s and %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def shown_language(obj, field: str, language: str | None = None) -> str:
    """The language whose text of `field` a reader of `language` (the active one) sees: her own
    when it exists, else the first fallback that has it; "" when there is no text at all."""
    language = language or active_language()
    for code in (language, *settings.MODELTRANSLATION_FALLBACK_LANGUAGES):
        if text_in(obj, field, code):
            return code
    return ""


def language_note(obj, field: str, language: str | None = None) -> str:
    """ "This text is in Finnish only." when the reader sees another language than her own, and
    "" when she reads her own language (or there is no text)."""
    language = language or active_language()
    shown = shown_language(obj, field, language)
    if not shown or shown == language:
        return ""
    others = [code for code in translations_of(obj, field) if code != language]
    if len(others) == 1:
        return gettext("This text exists only in %(language)s.") % {"language": language_name(shown)}
    return gettext("This text is not available in %(reader)s; it is shown in %(language)s.") % {
        "reader": language_name(language),
        "language": language_name(shown),
    }


def reading_order(field: str, language: str | None = None):
    """The text a reader sees, as a database expression: her language's column, else the fallbacks'
    (for `order_by`, so a list sorts by what it shows in every language)."""
    language = language or active_language()
    codes = list(dict.fromkeys((language, *settings.MODELTRANSLATION_FALLBACK_LANGUAGES)))
    text = TextField()
    return Coalesce(
        *(NullIf(Cast(F(localized(field, code)), text), Value("")) for code in codes),
        Value(""),
        output_field=text,
    )


def text_contains(field: str, query: str) -> Q:
    """The field contains `query` in any of its languages (search finds a text in every language)."""
    found = Q()
    for code in content_languages():
        found |= Q(**{f"{localized(field, code)}__icontains": query})
    return found


def translation_pick(texts: Mapping[str, str] | str, language: str | None = None) -> str:
    """A text stored per language (an event's payload), read in `language` or its fallback."""
    if isinstance(texts, str):
        return texts
    language = (language or active_language())[:2]
    for code in (language, *settings.MODELTRANSLATION_FALLBACK_LANGUAGES):
        if texts.get(code):
            return texts[code]
    return ""


# Words for forms: "Title (Finnish)".
def label_in(label, code: str):
    return format_lazy("{} ({})", label, dict(settings.LANGUAGES).get(code, code))
