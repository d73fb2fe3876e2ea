"""Every string of the interface is translated into Finnish and Swedish, placeholders intact."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_catalogue_is_complete_and_placeholders_match(language):
    po = polib.pofile(str(Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"))
    assert len(po) > 100
    missing = [entry.msgid for entry in po if not entry.translated() or "fuzzy" in entry.flags]
    assert not missing, f"untranslated in {language}: {missing[:10]}"
    broken = []
    for entry in po:
        if entry.msgid_plural:
            for index, text in entry.msgstr_plural.items():
                source = entry.msgid if index == 0 else entry.msgid_plural
                if placeholders(source) != placeholders(text):
                    broken.append(entry.msgid)
        elif placeholders(entry.msgid) != placeholders(entry.msgstr):
            broken.append(entry.msgid)
    assert not broken, f"placeholders differ in {language}: {broken[:10]}"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fi", ["Kirjaudu sisään", "Espoo-tarina"]), ("sv", ["Logga in", "Esbo-berättelsen"])],
)
def test_home_page_is_translated(client, db, language, expected):
    content = client.get(f"/{language}/").content.decode()
    for text in expected:
        assert text in content
