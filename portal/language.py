"""Moving an address of the portal from one interface language to another."""

from django.urls import translate_url
from django.utils import translation
from django.utils.translation import get_language_from_path


def path_in_language(path: str, language: str) -> str:
    """`/en/ideas/3/` in Finnish is `/fi/ideas/3/`, whatever language is active now.

    Django's translate_url resolves the address in the active language, which fails for an address
    with another language's prefix; so resolve it in its own language first.
    """
    with translation.override(get_language_from_path(path) or translation.get_language()):
        return translate_url(path, language)


def untranslated(label) -> str:
    """An interface word (a lazy label) as its source text, for text translated later per reader.

    Notifications store status labels this way and translate them for each recipient.
    """
    with translation.override("en"):
        return str(label)
