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


# --- The city's own content in each language (portal.translated) ------------------------------


@pytest.fixture
def demo(transactional_db):
    from home.demo import load_demo

    return load_demo()


def test_every_published_demo_object_has_its_required_languages(demo):
    from challenges.models import Challenge
    from challenges.services import challenge_language_problems
    from ideas.models import Idea
    from pilots.models import Pilot
    from portal import translated
    from portal.models import District

    required = translated.required_languages()
    assert required == ["fi", "sv"]
    published = list(Challenge.objects.published())
    assert published
    for challenge in published:
        assert challenge_language_problems(challenge) == [], challenge.slug
        for code in ("fi", "sv", "en"):  # the demo has every official text in English too
            assert translated.text_in(challenge, "title", code), (challenge.slug, code)
    answered = Idea.objects.exclude(official_answer="").exclude(status="merged")
    assert answered.count() >= 4
    for idea in answered:
        assert translated.missing_languages(idea, ["official_answer"]) == [], idea.pk
    for pilot in Pilot.objects.filter(status__in=Pilot.PUBLIC_STATUSES):
        for code in required:
            assert translated.text_in(pilot, "title", code), (pilot.title, code)
        if pilot.results_published_at:
            assert translated.missing_languages(pilot, ["learnings"]) == []
    for district in District.objects.all():
        assert all(translated.text_in(district, "name", code) for code in ("fi", "sv", "en"))


def test_the_demo_reads_in_each_language(demo, client):
    from challenges.models import Challenge

    challenge = Challenge.objects.get(slug__startswith="greener-commuting")
    expected = {
        "fi": "Vihreämpää työmatkaliikennettä Keilaniemeen ja Otaniemeen",
        "sv": "Grönare arbetsresor till Kägeludden och Otnäs",
        "en": "Greener commuting to Keilaniemi and Otaniemi",
    }
    for code, title in expected.items():
        page = client.get(f"/{code}/challenges/{challenge.slug}/").content.decode()
        assert f'lang="{code}">{title}</h1>' in page
        assert "language-note" not in page


def test_a_text_in_one_language_is_shown_with_a_note(db, client):
    from django.utils import translation

    from tests.challenges.factories import ChallengeFactory

    challenge = ChallengeFactory(title="Hiljaisemmat kadut", title_sv="", title_en="")
    challenge.title_sv = challenge.title_en = ""
    challenge.save()
    page = client.get(f"/sv/challenges/{challenge.slug}/").content.decode()
    assert 'lang="fi">Hiljaisemmat kadut</h1>' in page
    with translation.override("sv"):
        note = translation.gettext("This text exists only in %(language)s.") % {
            "language": translation.gettext("Finnish")
        }
    assert note in page or "language-note" in page


def test_publishing_without_a_required_language_names_it(db, official):
    from django.core.exceptions import ValidationError

    from challenges import services
    from tests.challenges.factories import ChallengeFactory, CriterionFactory

    draft = ChallengeFactory(
        phase="draft", curators=[official], title_sv="", summary_sv="", description_sv=""
    )
    CriterionFactory(challenge=draft)
    with pytest.raises(ValidationError) as refused:
        services.challenge_publish(actor=official, challenge=draft)
    assert any("in Swedish too" in message and "title" in message for message in refused.value.messages)
    draft.refresh_from_db()
    assert draft.published_at is None


def test_the_api_follows_lang_and_accept_language(db, client):
    from tests.challenges.factories import ChallengeFactory

    challenge = ChallengeFactory(title="Quiet streets", title_fi="Hiljaiset kadut", title_sv="Tysta gator")
    url = f"/api/v1/challenges/{challenge.pk}/"
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="sv").json()["title"] == "Tysta gator"
    body = client.get(url, {"lang": "fi"}, HTTP_ACCEPT_LANGUAGE="sv").json()
    assert body["title"] == "Hiljaiset kadut" and body["text_languages"]["title"] == "fi"
    assert client.get(url, {"lang": "en"}).json()["title"] == "Quiet streets"
    refused = client.get(url, {"lang": "de"})
    assert refused.status_code == 400 and refused.json()["code"] == "invalid_language"
