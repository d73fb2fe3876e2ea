"""The site-wide search: every registered kind, grouped, highlighted, in the reader's language."""

import pytest
from django.utils import translation

from challenges.models import Phase
from pilots.models import Pilot
from portal.searchable import searchable_kinds
from search.excerpts import excerpt, highlight
from search.selectors import PER_KIND, search_everything
from tests.accounts.factories import OrganizationFactory
from tests.challenges.factories import ChallengeFactory
from tests.ideas.factories import IdeaFactory
from tests.pilots.factories import PilotFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def garden():
    challenge = ChallengeFactory(
        phase=Phase.PILOTING, title="Pyöräily talvella", summary="Talvipyöräily Espoossa on helpompaa."
    )
    ChallengeFactory(phase=Phase.DRAFT, title="Pyöräily salainen luonnos")
    IdeaFactory(
        title="Pyöräparkki asemalle", body="Lisää pyörätelineitä Leppävaaran asemalle.", language="fi"
    )
    IdeaFactory(title="Benches by the shore", body="More benches.", language="en")
    PilotFactory(
        challenge=challenge, status=Pilot.Status.RUNNING, title="Pyörälainaamo", summary="Lainaa pyörä."
    )
    PilotFactory(challenge=challenge, status=Pilot.Status.SUBMITTED, title="Pyörä salainen ehdotus")
    OrganizationFactory(name="Pyöräilijät ry", description="Espoon pyöräilijöiden yhdistys.")
    return challenge


def kinds_and_titles(groups):
    return {group.kind.key: {hit.title for hit in group.hits} for group in groups}


class TestRegistry:
    def test_every_app_registers_its_kind_from_ready(self):
        assert [kind.key for kind in searchable_kinds()] == ["challenges", "ideas", "pilots", "organizations"]


class TestSelector:
    def test_finds_every_kind_and_only_what_everybody_may_see(self, garden):
        found = kinds_and_titles(search_everything(query="pyörä", language="fi"))
        assert found["challenges"] == set() or "Pyöräily salainen luonnos" not in found.get(
            "challenges", set()
        )
        assert "Pyörä salainen ehdotus" not in found.get("pilots", set())
        assert "Pyörälainaamo" in found["pilots"]
        assert "Pyöräparkki asemalle" in found["ideas"]
        assert "Pyöräilijät ry" in found["organizations"]

    def test_finnish_stemming_on_postgresql(self, garden):
        # "talvipyöräilyä" is not a substring of anything; the Finnish configuration stems it.
        found = kinds_and_titles(search_everything(query="Pyöräily", language="fi"))
        assert "Pyöräily talvella" in found["challenges"]

    def test_kinds_without_hits_are_left_out(self, garden):
        found = kinds_and_titles(search_everything(query="benches", language="en"))
        assert set(found) == {"ideas"}

    def test_at_most_a_few_per_kind_and_says_there_are_more(self, db):
        for n in range(PER_KIND + 2):
            OrganizationFactory(name=f"Garden club {n}")
        [group] = search_everything(query="garden club", language="en")
        assert len(group.hits) == PER_KIND and group.has_more


class TestExcerpts:
    def test_highlight_marks_words_and_their_endings_and_escapes_the_rest(self):
        marked = highlight("<b>Pyörät</b> ja pyörällä", "pyörä")
        assert marked == "&lt;b&gt;<mark>Pyörät</mark>&lt;/b&gt; ja <mark>pyörällä</mark>"

    def test_excerpt_is_cut_around_the_first_match(self):
        text = "alpha " * 100 + "needle in the haystack " + "omega " * 100
        cut = excerpt(text, "needle")
        assert "needle" in cut and cut.startswith("…") and cut.endswith("…") and len(cut) < 240


class TestPage:
    def test_results_grouped_by_kind_with_marks(self, client, garden):
        response = client.get("/fi/search/", {"q": "pyörä"})
        text = response.content.decode()
        assert response.status_code == 200
        assert 'id="results-ideas"' in text and 'id="results-organizations"' in text
        assert "<mark>Pyöräparkki</mark>" in text
        assert "salainen" not in text

    def test_the_box_is_on_every_page(self, client, db):
        assert 'role="search"' in client.get("/en/ideas/").content.decode()
        assert 'action="/en/search/"' in client.get("/en/").content.decode()

    @pytest.mark.parametrize(
        ("query", "message"),
        [
            ("", "Type a word or two to search for."),
            ("   ", "Type a word or two to search for."),
            ("x" * 5000, "Search for at most 200 characters (this was 5000)."),
        ],
    )
    def test_bad_input_gets_a_clear_message(self, client, db, query, message):
        response = client.get("/en/search/", {"q": query})
        assert response.status_code == 400
        assert message in response.content.decode()

    def test_nothing_found_says_so(self, client, db):
        text = client.get("/en/search/", {"q": "zeppelin"}).content.decode()
        assert "Nothing matches “zeppelin”" in text

    def test_costs_at_most_ten_queries(self, client, garden, django_assert_max_num_queries):
        from tests.accounts.factories import UserFactory

        for n in range(10):
            IdeaFactory(title=f"Pyörä {n}", language="fi")
            OrganizationFactory(name=f"Pyörä {n}")
        client.force_login(UserFactory())
        with django_assert_max_num_queries(10):
            response = client.get("/fi/search/", {"q": "pyörä"})
        assert response.status_code == 200

    def test_in_the_readers_language(self, client, garden):
        with translation.override("sv"):
            text = client.get("/sv/search/", {"q": "benches"}).content.decode()
        assert "Idéer" in text or "results-ideas" in text


class TestApi:
    def test_groups_in_json(self, client, garden):
        response = client.get("/api/v1/search/", {"q": "pyörä"}, HTTP_ACCEPT_LANGUAGE="fi")
        assert response.status_code == 200
        body = response.json()
        kinds = {group["kind"]: group for group in body["groups"]}
        assert {"ideas", "pilots", "organizations"} <= set(kinds)
        assert kinds["ideas"]["more_url"].startswith("http://testserver/")
        assert all(hit["url"].startswith("http://testserver/") for hit in kinds["pilots"]["results"])
        assert "Pyörä salainen ehdotus" not in response.content.decode()

    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({}, "Type a word or two to search for."),
            ({"q": ""}, "Type a word or two to search for."),
            ({"q": "x" * 5000}, "200"),
        ],
    )
    def test_bad_input_is_a_400_with_a_message(self, client, db, params, message):
        response = client.get("/api/v1/search/", params, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400
        body = response.json()
        assert body["code"] and message in str(body["fields"]["q"])
