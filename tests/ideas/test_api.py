import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from challenges.models import Challenge, Phase
from engagement import services as engagement
from engagement.models import Vote
from ideas.models import Idea
from tests.accounts.factories import UserFactory
from tests.challenges.factories import ChallengeFactory
from tests.ideas.factories import IdeaCoauthorFactory, IdeaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


def results(response) -> list[dict]:
    assert response.status_code == 200, response.json()
    return response.json()["results"]


class TestList:
    def test_items_carry_the_design_shape_and_hidden_and_merged_ideas_are_left_out(self, api, moderator):
        shown = IdeaFactory(title="Benches by the shore")
        IdeaFactory(title="Hidden one", hidden_at=timezone.now())
        IdeaFactory(title="Merged one", status=Idea.Status.MERGED, merged_into=shown)
        items = results(api.get("/api/v1/ideas/"))
        assert [item["title"] for item in items] == ["Benches by the shore"]
        item = items[0]
        assert item["url"].startswith("http://testserver/") and item["url"].endswith(f"/ideas/{shown.pk}/")
        assert {"id", "title", "vote_count", "comment_count", "follower_count", "has_voted", "is_following",
                "status"} <= set(item)  # fmt: skip
        # The merged idea when asked for by status; the hidden one never in lists, even for moderators.
        assert [i["title"] for i in results(api.get("/api/v1/ideas/?status=merged"))] == ["Merged one"]
        api.force_authenticate(moderator)
        assert len(results(api.get("/api/v1/ideas/"))) == 1

    def test_search_filters_and_orderings_match_the_page(self, api, resident):
        challenge = ChallengeFactory(slug="commuting", phase=Phase.IDEAS)
        benches = IdeaFactory(title="Benches by the shore", goals=["health"])
        buses = IdeaFactory(
            title="Night buses to Otaniemi", body="Buses after midnight.", challenge=challenge
        )
        old = IdeaFactory(title="Older idea", created_at=timezone.now() - timezone.timedelta(days=30))
        for person in (resident, UserFactory()):
            engagement.vote_cast(actor=person, target=buses)
        engagement.comment_create(actor=resident, target=benches, body="Yes")
        engagement.comment_create(actor=resident, target=benches, body="Yes!")

        def titles(query):
            return [item["title"] for item in results(api.get(f"/api/v1/ideas/?{query}"))]

        assert titles("search=buses") == ["Night buses to Otaniemi"]
        assert titles("goal=health") == ["Benches by the shore"]
        assert titles("challenge=commuting") == ["Night buses to Otaniemi"]
        assert titles("ordering=votes")[0] == "Night buses to Otaniemi"
        assert titles("ordering=discussed")[0] == "Benches by the shore"
        assert titles("ordering=trending")[0] == "Night buses to Otaniemi"
        assert titles("ordering=newest")[-1] == old.title
        assert titles("goal=nothing-like-this") == []

    @pytest.mark.parametrize(
        "query, field",
        [("status=nonsense", "status"), ("ordering=best", "ordering"), ("expand=everything", "expand"),
         ("search=" + "x" * 300, "search")],
    )  # fmt: skip
    def test_bad_parameters_are_400_with_the_field_named(self, api, query, field):
        response = api.get(f"/api/v1/ideas/?{query}")
        assert response.status_code == 400
        assert field in response.json()["fields"]

    @pytest.mark.parametrize("size", [5, 30])
    def test_a_fixed_number_of_queries_whatever_the_page_size_and_engagement(
        self, api, resident, size, django_assert_max_num_queries
    ):
        people = [UserFactory() for _ in range(3)]
        for n in range(size):
            idea = IdeaFactory(goals=["health", "vitality"], challenge=ChallengeFactory(phase=Phase.IDEAS))
            IdeaCoauthorFactory(idea=idea)
            for person in people:
                engagement.vote_cast(actor=person, target=idea)
                engagement.comment_create(actor=person, target=idea, body=f"Comment {n}")
        api.force_authenticate(resident)
        # The count, the page (with the viewer's votes and follows), goals, and co-authors.
        with django_assert_max_num_queries(4):
            response = api.get(f"/api/v1/ideas/?page_size={size}&expand=challenge,authors&ordering=trending")
        items = results(response)
        assert len(items) == size
        assert items[0]["challenge"]["url"].endswith(f"/challenges/{items[0]['challenge']['slug']}/")
        assert len(items[0]["authors"]) == 2 and items[0]["vote_count"] == 3
        with django_assert_max_num_queries(3):
            results(api.get(f"/api/v1/ideas/?page_size={size}&search=idea"))

    def test_page_size_is_bounded(self, api):
        for _ in range(3):
            IdeaFactory()
        body = api.get("/api/v1/ideas/?page_size=2").json()
        assert len(body["results"]) == 2 and body["next"]
        assert api.get("/api/v1/ideas/?page_size=100000").status_code == 200


class TestRetrieve:
    def test_detail_with_history_updates_and_the_viewer_state(self, api, resident):
        idea = IdeaFactory()
        engagement.vote_cast(actor=resident, target=idea)
        api.force_authenticate(resident)
        body = api.get(f"/api/v1/ideas/{idea.pk}/").json()
        assert body["has_voted"] is True and body["is_following"] is False
        assert body["vote_count"] == 1 and body["is_locked"] is True
        assert body["authors"] is None  # only with ?expand=authors
        assert (
            api.get(f"/api/v1/ideas/{idea.pk}/?expand=authors").json()["authors"][0]["id"] == idea.author_id
        )

    @pytest.mark.parametrize("path", ["999999", "99999999999999999999999", "abc", "-1"])
    def test_unknown_ids_are_404(self, api, path):
        response = api.get(f"/api/v1/ideas/{path}/")
        assert response.status_code == 404 and response.json()["code"] == "not_found"


class TestWrite:
    def test_create_uses_the_service_and_its_rules(self, api, resident):
        api.force_authenticate(resident)
        response = api.post(
            "/api/v1/ideas/",
            {"title": "  Shade  trees ", "body": "Plant **oaks**. <script>alert(1)</script>",
             "goals": ["health"], "district": "suur-tapiola"},
            format="json",
        )  # fmt: skip
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["title"] == "Shade trees" and body["is_following"] is True
        assert "<script" not in body["body_html"] and "<strong>oaks</strong>" in body["body_html"]
        assert body["district"] == "suur-tapiola" and body["goals"] == ["health"]

    def test_create_refuses_challenges_that_do_not_take_ideas(self, api, resident):
        api.force_authenticate(resident)
        ChallengeFactory(slug="later", phase=Phase.PROPOSALS)
        ChallengeFactory(slug="draft", phase=Phase.DRAFT)
        for slug in ("later", "draft", "missing"):
            response = api.post(
                "/api/v1/ideas/", {"title": "T", "body": "B", "challenge": slug}, format="json"
            )
            assert response.status_code == 400 and "challenge" in response.json()["fields"]
        assert not Idea.objects.exists()

    @pytest.mark.parametrize(
        "payload",
        [
            {"title": ["a list"], "body": "B"},
            {"title": "T", "body": {"an": "object"}},
            {"title": "T", "body": "B", "language": "de"},
            {"title": "T", "body": "B", "goals": "health"},
            {"title": "T", "body": "B", "goals": ["no-such-goal"]},
            {"title": "T", "body": "B", "coauthors": ["not an email"]},
            {"title": "T", "body": "B", "coauthors": ["nobody@example.org"]},
            {"title": "x" * 151, "body": "B"},
            {"title": "   ", "body": "B"},
            ["a", "list"],
        ],
    )
    def test_bad_input_is_400_and_nothing_is_written(self, api, resident, payload):
        api.force_authenticate(resident)
        response = api.post("/api/v1/ideas/", payload, format="json")
        assert response.status_code == 400, response.json()
        assert response.json()["code"] in ("invalid", "parse_error")
        assert not Idea.objects.exists()

    def test_malformed_json_is_a_parse_error(self, api, resident):
        api.force_authenticate(resident)
        response = api.post("/api/v1/ideas/", "{not json", content_type="application/json")
        assert response.status_code == 400 and response.json()["code"] == "parse_error"

    def test_rate_limit_is_a_429_saying_when_to_retry(self, api, resident, settings):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, "idea": (1, 60)}
        api.force_authenticate(resident)
        assert api.post("/api/v1/ideas/", {"title": "One", "body": "B"}, format="json").status_code == 201
        response = api.post("/api/v1/ideas/", {"title": "Two", "body": "B"}, format="json")
        assert response.status_code == 429
        assert response.json()["code"] == "rate_limited"
        assert "You can propose another one at" in response.json()["detail"]
        assert int(response["Retry-After"]) > 0
        assert Idea.objects.count() == 1

    def test_edit_until_someone_votes_then_updates(self, api, resident):
        idea = IdeaFactory()
        api.force_authenticate(idea.author)
        response = api.patch(f"/api/v1/ideas/{idea.pk}/", {"title": "Better title"}, format="json")
        assert response.status_code == 200 and response.json()["title"] == "Better title"
        assert response.json()["body"] == idea.body  # fields left out keep their value
        response = api.post(f"/api/v1/ideas/{idea.pk}/updates/", {"body": "Too early"}, format="json")
        assert response.status_code == 400
        engagement.vote_cast(actor=resident, target=idea)
        response = api.patch(f"/api/v1/ideas/{idea.pk}/", {"title": "Changed"}, format="json")
        assert response.status_code == 400 and response.json()["code"] == "idea_locked"
        assert "Add an update" in response.json()["detail"]
        response = api.post(f"/api/v1/ideas/{idea.pk}/updates/", {"body": "We met the city."}, format="json")
        assert response.status_code == 201 and response.json()["body_html"] == "<p>We met the city.</p>"

    def test_vote_and_follow_answer_the_new_counts(self, api, resident):
        idea = IdeaFactory()
        api.force_authenticate(resident)
        assert api.post(f"/api/v1/ideas/{idea.pk}/vote/").json() == {
            "item": f"idea:{idea.pk}", "vote_count": 1, "has_voted": True
        }  # fmt: skip
        assert api.post(f"/api/v1/ideas/{idea.pk}/vote/").json()["vote_count"] == 1  # twice: still one
        assert api.delete(f"/api/v1/ideas/{idea.pk}/vote/").json()["vote_count"] == 0
        assert api.post(f"/api/v1/ideas/{idea.pk}/follow/").json()["follower_count"] == 1
        body = api.delete(f"/api/v1/ideas/{idea.pk}/follow/").json()
        assert body["follower_count"] == 0 and body["is_following"] is False

    def test_closed_voting_says_why(self, api, resident):
        idea = IdeaFactory(challenge=ChallengeFactory(phase=Phase.CLOSED))
        api.force_authenticate(resident)
        response = api.post(f"/api/v1/ideas/{idea.pk}/vote/")
        assert response.status_code == 400 and response.json()["code"] == "voting_closed"
        assert response.json()["detail"].startswith("Voting closed on")
        assert api.get(f"/api/v1/ideas/{idea.pk}/").json()["voting_closed"].startswith("Voting closed on")
        assert not Vote.objects.exists()

    def test_officials_answer_merge_and_promote(self, api, official, resident):
        duplicate, original = IdeaFactory(), IdeaFactory(title="The original")
        engagement.vote_cast(actor=resident, target=duplicate)
        api.force_authenticate(official)
        response = api.post(
            f"/api/v1/ideas/{original.pk}/status/",
            {
                "status": "under_consideration",
                "answer": "We are **looking** at it.",
                "answer_fi": "Selvitämme **asiaa**.",
                "answer_sv": "Vi **utreder** saken.",
            },
            format="json",
        )
        assert response.status_code == 200 and response.json()["status"] == "under_consideration"
        assert (
            response.json()["history"][-1]["answer_html"] == "<p>We are <strong>looking</strong> at it.</p>"
        )
        response = api.post(
            f"/api/v1/ideas/{original.pk}/status/", {"status": "merged", "answer": "x"}, format="json"
        )
        assert response.status_code == 400 and "status" in response.json()["fields"]
        response = api.post(f"/api/v1/ideas/{duplicate.pk}/merge/", {"into": 10**30}, format="json")
        assert response.status_code == 400 and "into" in response.json()["fields"]
        response = api.post(f"/api/v1/ideas/{duplicate.pk}/merge/", {"into": 999999}, format="json")
        assert response.status_code == 400 and "into" in response.json()["fields"]
        response = api.post(f"/api/v1/ideas/{duplicate.pk}/merge/", {"into": original.pk}, format="json")
        assert response.status_code == 200
        assert response.json()["id"] == original.pk and response.json()["vote_count"] == 1
        response = api.post(f"/api/v1/ideas/{original.pk}/promote/")
        assert response.status_code == 201
        challenge = Challenge.objects.get(pk=response.json()["id"])
        assert challenge.published_at is None and response.json()["title"] == "The original"
        assert api.post(f"/api/v1/ideas/{original.pk}/promote/").status_code == 400  # only once


# --- Every endpoint × role ------------------------------------------------------------------

ROLES = ["visitor", "resident", "author", "coauthor", "official", "moderator"]
SIGNED_IN = set(ROLES) - {"visitor"}
AUTHORS = {"author", "coauthor"}

ACTIONS = {
    # name: (method, path suffix, payload, allowed roles, status for a signed-in role not allowed)
    "list": ("get", "", None, set(ROLES), None),
    "retrieve": ("get", "{id}/", None, set(ROLES), None),
    "retrieve_hidden": ("get", "{id}/", None, AUTHORS | {"moderator"}, 404),
    "create": ("post", "", {"title": "New", "body": "Text"}, SIGNED_IN, None),
    "edit": ("patch", "{id}/", {"title": "Changed"}, AUTHORS, 403),
    "vote": ("post", "{id}/vote/", None, SIGNED_IN, None),
    "unvote": ("delete", "{id}/vote/", None, SIGNED_IN, None),
    "follow": ("post", "{id}/follow/", None, SIGNED_IN, None),
    "unfollow": ("delete", "{id}/follow/", None, SIGNED_IN, None),
    # Authors cannot flag what they wrote: the service says so (400).
    "flag": ("post", "{id}/flag/", {"reason": "spam"}, SIGNED_IN - AUTHORS, 400),
    "post_update": ("post", "{id}/updates/", {"body": "News"}, AUTHORS, 403),
    "answer": (
        "post",
        "{id}/status/",
        {"status": "accepted", "answer_fi": "Kyllä.", "answer_sv": "Ja."},
        {"official"},
        403,
    ),
    "merge": ("post", "{id}/merge/", {"into": "{other}"}, {"official"}, 403),
    "promote": ("post", "{id}/promote/", None, {"official"}, 403),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_idea_endpoints_role_matrix(api, resident, official, moderator, role, action):
    idea = IdeaFactory(hidden_at=timezone.now() if action == "retrieve_hidden" else None)
    coauthor = IdeaCoauthorFactory(idea=idea).user
    other = IdeaFactory()
    if action == "post_update":
        engagement.vote_cast(actor=UserFactory(), target=idea)  # updates follow the first vote
    actor = {"visitor": None, "resident": resident, "author": idea.author, "coauthor": coauthor,
             "official": official, "moderator": moderator}[role]  # fmt: skip
    if actor:
        api.force_authenticate(actor)
    method, suffix, payload, allowed, denied = ACTIONS[action]
    if payload and payload.get("into"):
        payload = {"into": other.pk}
    response = getattr(api, method)(f"/api/v1/ideas/{suffix.format(id=idea.pk)}", payload, format="json")
    if role in allowed:
        assert response.status_code in (200, 201), response.json()
    elif actor is None and method == "get":
        assert response.status_code == denied, response.json()
    elif actor is None:
        assert response.status_code == 401, response.json()
        assert response.json()["code"] == "not_authenticated"
    else:
        assert response.status_code == denied, response.json()
