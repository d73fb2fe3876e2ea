"""Texts of the city's content in tests: the same words in each of its languages."""


def in_each_language(text: str) -> dict[str, str]:
    return {"fi": text, "sv": text, "en": text}
