"""The page cache for visitors who are not signed in (portal/page_cache.py)."""

import re

import pytest
from django.test import Client
from rest_framework.test import APIClient

from engagement import services as engagement
from tests.ideas.factories import IdeaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 30


def test_a_visitor_gets_the_stored_page_without_touching_the_database(django_assert_num_queries):
    IdeaFactory(title="Benches on the shore path")
    first = Client().get("/en/ideas/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = Client().get("/en/ideas/")
    assert second["X-Page-Cache"] == "hit"
    assert "Benches on the shore path" in second.content.decode()


def test_new_content_is_shown_at_the_next_request():
    Client().get("/en/ideas/")
    IdeaFactory(title="A sauna by the sea")
    response = Client().get("/en/ideas/")
    assert response["X-Page-Cache"] == "miss"
    assert "A sauna by the sea" in response.content.decode()


def test_hiding_by_a_moderator_is_shown_at_the_next_request(moderator):
    idea = IdeaFactory(title="Something rude")
    assert "Something rude" in Client().get("/en/ideas/").content.decode()
    engagement.moderation_hide(actor=moderator, target=idea, reason="Keep it civil.")
    assert "Something rude" not in Client().get("/en/ideas/").content.decode()


def test_votes_reach_visitors_within_the_cache_time_but_signed_in_people_at_once(resident):
    idea = IdeaFactory()
    Client().get(f"/en/ideas/{idea.pk}/")
    engagement.vote_cast(actor=resident, target=idea)
    assert Client().get(f"/en/ideas/{idea.pk}/")["X-Page-Cache"] == "hit"
    signed_in = Client()
    signed_in.force_login(resident)
    response = signed_in.get(f"/en/ideas/{idea.pk}/")
    assert "X-Page-Cache" not in response
    assert response.context["idea"].vote_count == 1


def test_signed_in_people_and_private_sections_are_never_stored(resident):
    client = Client()
    client.force_login(resident)
    assert "X-Page-Cache" not in client.get("/en/ideas/")
    assert "X-Page-Cache" not in Client().get("/en/accounts/login/")
    assert "X-Page-Cache" not in Client().get("/healthz")


def test_each_visitor_gets_a_working_csrf_token_on_a_stored_page():
    Client().get("/en/ideas/")
    tokens = []
    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        page = visitor.get("/en/ideas/")
        assert page["X-Page-Cache"] == "hit"
        html = page.content.decode()
        assert "pagecachecsrftokenplaceholder" not in html
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        tokens.append(token)
        switched = visitor.post(
            "/i18n/setlang/", {"language": "fi", "next": "/fi/ideas/", "csrfmiddlewaretoken": token}
        )
        assert switched.status_code == 302
    assert tokens[0] != tokens[1]


def test_the_api_is_stored_per_language_and_skipped_with_a_token(resident):
    IdeaFactory()
    english = APIClient(HTTP_ACCEPT_LANGUAGE="en").get("/api/v1/ideas/")
    finnish = APIClient(HTTP_ACCEPT_LANGUAGE="fi").get("/api/v1/ideas/")
    assert english["X-Page-Cache"] == finnish["X-Page-Cache"] == "miss"
    assert APIClient(HTTP_ACCEPT_LANGUAGE="fi").get("/api/v1/ideas/")["X-Page-Cache"] == "hit"
    with_token = APIClient(HTTP_ACCEPT_LANGUAGE="en", HTTP_AUTHORIZATION="Token nonsense")
    assert "X-Page-Cache" not in with_token.get("/api/v1/ideas/")


def test_a_login_does_not_retire_the_stored_pages(resident):
    resident.set_password("a long enough password")
    resident.save()
    Client().get("/en/ideas/")
    Client().login(email=resident.email, password="a long enough password")
    assert Client().get("/en/ideas/")["X-Page-Cache"] == "hit"


def test_each_host_has_its_own_cached_pages(settings):
    # Links on a page are built from its host; a page rendered for one name must not be served
    # under another (cache poisoning through the Host header, where ALLOWED_HOSTS lists several).
    settings.ALLOWED_HOSTS = ["garden.example.org", "puutarha.example.org"]
    IdeaFactory()
    assert Client(HTTP_HOST="garden.example.org").get("/en/ideas/")["X-Page-Cache"] == "miss"
    assert Client(HTTP_HOST="puutarha.example.org").get("/en/ideas/")["X-Page-Cache"] == "miss"
    assert Client(HTTP_HOST="garden.example.org").get("/en/ideas/")["X-Page-Cache"] == "hit"
