import json
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from challenges.models import Phase
from engagement import services
from engagement.models import Comment, Flag, Follow, ModerationAction, Vote
from tests.accounts.factories import UserFactory
from tests.challenges.factories import ChallengeFactory
from tests.ideas.factories import IdeaCoauthorFactory, IdeaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


def comment(target, author=None, body="A comment", parent=None) -> Comment:
    return services.comment_create(actor=author or UserFactory(), target=target, body=body, parent=parent)


class TestCommentList:
    def test_threads_nest_replies_and_removed_comments_keep_their_place(self, api, resident, moderator):
        idea = IdeaFactory()
        first = comment(idea, body="First")
        reply = comment(idea, author=resident, body="A reply", parent=first)
        comment(idea, body="Reply to the reply", parent=reply)
        rude = comment(idea, body="Rude")
        services.moderation_hide(actor=moderator, target=rude, reason="Keep it civil.")
        gone = comment(idea, author=resident, body="Deleted, with a reply")
        comment(idea, body="Reply to a deleted one", parent=gone)
        services.comment_delete(actor=resident, comment=gone)
        items = api.get(f"/api/v1/comments/?item=idea:{idea.pk}").json()["results"]
        assert [item["title"] for item in items] == ["First", "", ""]
        assert items[0]["replies"][0]["body"] == "A reply"
        assert items[0]["replies"][0]["replies"][0]["body"] == "Reply to the reply"
        assert items[0]["replies"][0]["parent"] == first.pk
        hidden, deleted = items[1], items[2]
        assert hidden["is_hidden"] and hidden["author"] is None and hidden["hidden_reason"] == ""
        assert deleted["is_deleted"] and deleted["body"] == "" and deleted["replies"][0]["body"]
        # The moderator sees the hidden text and the reason.
        api.force_authenticate(moderator)
        items = api.get(f"/api/v1/comments/?item=idea:{idea.pk}&ordering=newest").json()["results"]
        assert any(item["body"] == "Rude" and item["hidden_reason"] == "Keep it civil." for item in items)

    @pytest.mark.parametrize(
        "query, status",
        [("", 400), ("item=idea", 400), ("item=planet:3", 400), ("item=idea:abc", 400),
         ("item=idea:999999", 404), ("item=idea:99999999999999999999999999", 404),
         ("item=idea:{id}&ordering=x", 400)],
    )  # fmt: skip
    def test_bad_item_names_say_how_to_write_them(self, api, query, status):
        idea = IdeaFactory()
        response = api.get(f"/api/v1/comments/?{query.format(id=idea.pk)}")
        assert response.status_code == status, response.json()
        if status == 400:
            assert set(response.json()["fields"]) & {"item", "ordering"}

    def test_the_discussion_of_a_hidden_idea_is_404_for_others(self, api, resident):
        idea = IdeaFactory(hidden_at=timezone.now())
        assert api.get(f"/api/v1/comments/?item=idea:{idea.pk}").status_code == 404
        api.force_authenticate(idea.author)
        assert api.get(f"/api/v1/comments/?item=idea:{idea.pk}").status_code == 200

    @pytest.mark.parametrize("size", [5, 30])
    def test_a_fixed_number_of_queries_whatever_the_page_size(
        self, api, resident, size, django_assert_max_num_queries
    ):
        idea = IdeaFactory(challenge=ChallengeFactory(phase=Phase.IDEAS))
        people = [UserFactory() for _ in range(3)]
        for n in range(size):
            top = comment(idea, author=people[n % 3], body=f"Comment {n}")
            comment(idea, author=people[(n + 1) % 3], body="Reply", parent=top)
            services.comment_like(actor=resident, comment=top)
        api.force_authenticate(resident)
        # The item (with its challenge) and the thread with authors and likes.
        with django_assert_max_num_queries(3):
            response = api.get(f"/api/v1/comments/?item=idea:{idea.pk}&page_size={size}&ordering=liked")
        items = response.json()["results"]
        assert len(items) == size and items[0]["has_liked"] and len(items[0]["replies"]) == 1


class TestCommentWrite:
    def test_create_sanitizes_markdown_replies_and_follows(self, api, resident):
        idea = IdeaFactory()
        api.force_authenticate(resident)
        response = api.post(
            "/api/v1/comments/",
            {"item": f"idea:{idea.pk}", "body": "**Yes** <script>alert(1)</script><img src=x onerror=y>"},
            format="json",
        )
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["body_html"].startswith("<p><strong>Yes</strong>")
        assert "<script" not in body["body_html"] and "onerror" not in body["body_html"]
        assert Follow.objects.filter(user=resident).exists()
        response = api.post(
            "/api/v1/comments/",
            {"item": f"idea:{idea.pk}", "body": "Reply", "parent": body["id"]},
            format="json",
        )
        assert response.status_code == 201 and response.json()["depth"] == 1
        other = IdeaFactory()
        response = api.post(
            "/api/v1/comments/",
            {"item": f"idea:{other.pk}", "body": "Wrong", "parent": body["id"]},
            format="json",
        )
        assert response.status_code == 400 and "another discussion" in response.json()["detail"]

    @pytest.mark.parametrize(
        "payload",
        [{"item": "idea:{id}"}, {"item": "idea:{id}", "body": "   "}, {"item": 12, "body": "x"},
         {"item": "idea:{id}", "body": "x" * 5001}, {"item": "idea:{id}", "body": "x", "parent": "first"},
         {"item": "idea:{id}", "body": "x", "parent": 999999}, {"item": "comment:1", "body": "x"}],
    )  # fmt: skip
    def test_bad_input_is_400(self, api, resident, payload):
        idea = IdeaFactory()
        api.force_authenticate(resident)
        payload = {k: v.format(id=idea.pk) if isinstance(v, str) else v for k, v in payload.items()}
        response = api.post("/api/v1/comments/", payload, format="json")
        assert response.status_code == 400, response.json()
        assert not Comment.objects.exists()

    def test_a_huge_payload_is_a_json_413(self, api, resident):
        api.force_authenticate(resident)
        payload = json.dumps({"item": "idea:1", "body": "x" * 3_000_000})
        response = api.post("/api/v1/comments/", payload, content_type="application/json")
        assert response.status_code == 413 and response.json()["code"] == "too_large"

    def test_rate_limit_is_a_429(self, api, resident, settings):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comment": (1, 10)}
        idea = IdeaFactory()
        api.force_authenticate(resident)
        payload = {"item": f"idea:{idea.pk}", "body": "Hello"}
        assert api.post("/api/v1/comments/", payload, format="json").status_code == 201
        response = api.post("/api/v1/comments/", payload, format="json")
        assert response.status_code == 429 and response.json()["code"] == "rate_limited"
        assert "You can comment again at" in response.json()["detail"] and response["Retry-After"]

    def test_edit_within_the_window_delete_leaves_a_placeholder(self, api, resident):
        idea = IdeaFactory()
        mine = comment(idea, author=resident, body="Typo")
        comment(idea, body="A reply", parent=mine)
        api.force_authenticate(resident)
        response = api.patch(f"/api/v1/comments/{mine.pk}/", {"body": "Fixed"}, format="json")
        assert (
            response.status_code == 200
            and response.json()["body"] == "Fixed"
            and response.json()["edited_at"]
        )
        Comment.objects.filter(pk=mine.pk).update(created_at=timezone.now() - timedelta(hours=2))
        response = api.patch(f"/api/v1/comments/{mine.pk}/", {"body": "Late"}, format="json")
        assert response.status_code == 400 and response.json()["code"] == "edit_window_over"
        assert api.delete(f"/api/v1/comments/{mine.pk}/").status_code == 204
        body = api.get(f"/api/v1/comments/{mine.pk}/").json()
        assert body["is_deleted"] and body["body"] == "" and body["author"] is None
        idea.refresh_from_db()
        assert idea.comment_count == 1

    def test_like_and_unlike(self, api, resident):
        theirs = comment(IdeaFactory())
        api.force_authenticate(resident)
        assert api.post(f"/api/v1/comments/{theirs.pk}/like/").json() == {"like_count": 1, "has_liked": True}
        assert api.post(f"/api/v1/comments/{theirs.pk}/like/").json()["like_count"] == 1
        assert api.delete(f"/api/v1/comments/{theirs.pk}/like/").json() == {
            "like_count": 0,
            "has_liked": False,
        }

    def test_flags_hide_after_enough_people_and_reasons_are_checked(self, api, settings):
        settings.FLAGS_TO_HIDE = 2
        theirs = comment(IdeaFactory())
        for _ in range(2):
            api.force_authenticate(UserFactory())
            response = api.post(f"/api/v1/comments/{theirs.pk}/flag/", {"reason": "spam"}, format="json")
            assert response.status_code == 201, response.json()
        assert (
            api.post(f"/api/v1/comments/{theirs.pk}/flag/", {"reason": "spam"}, format="json").json()["code"]
            == "already_flagged"
        )
        response = api.post(f"/api/v1/comments/{theirs.pk}/flag/", {"reason": "boring"}, format="json")
        assert response.status_code == 400 and "reason" in response.json()["fields"]
        theirs.refresh_from_db()
        assert theirs.is_hidden


class TestGenericVotesAndFollows:
    def test_vote_and_follow_any_item_by_name(self, api, resident):
        idea = IdeaFactory()
        api.force_authenticate(resident)
        response = api.post("/api/v1/votes/", {"item": f"idea:{idea.pk}"}, format="json")
        assert response.json() == {"item": f"idea:{idea.pk}", "vote_count": 1, "has_voted": True}
        assert api.delete(f"/api/v1/votes/idea:{idea.pk}/").json()["vote_count"] == 0
        assert api.post("/api/v1/follows/", {"item": f"idea:{idea.pk}"}, format="json").json()["is_following"]
        assert api.delete(f"/api/v1/follows/idea:{idea.pk}/").json()["follower_count"] == 0
        assert not Vote.objects.exists() and not Follow.objects.exists()

    @pytest.mark.parametrize(
        "item, status", [("planet:1", 400), ("idea", 400), ("idea:999999", 404), ("comment:1", 400)]
    )
    def test_bad_or_unseen_items(self, api, resident, item, status):
        api.force_authenticate(resident)
        assert api.post("/api/v1/votes/", {"item": item}, format="json").status_code == status
        assert api.delete(f"/api/v1/follows/{item}/").status_code == status

    def test_hidden_items_are_404_for_others_and_anonymous_is_401(self, api, resident):
        idea = IdeaFactory(hidden_at=timezone.now())
        assert api.post("/api/v1/votes/", {"item": f"idea:{idea.pk}"}, format="json").status_code == 401
        api.force_authenticate(resident)
        assert api.post("/api/v1/votes/", {"item": f"idea:{idea.pk}"}, format="json").status_code == 404
        assert api.delete(f"/api/v1/votes/idea:{idea.pk}/").status_code == 404


class TestModeration:
    def test_queue_hide_and_restore(self, api, moderator, django_assert_max_num_queries):
        ideas = [IdeaFactory() for _ in range(3)]
        comments = [comment(idea) for idea in ideas]
        for target in [*ideas, *comments]:
            for _ in range(2):
                services.flag_create(actor=UserFactory(), target=target, reason="spam", details="Ads")
        api.force_authenticate(moderator)
        with django_assert_max_num_queries(7):
            body = api.get("/api/v1/moderation/?page_size=4").json()
        assert body["count"] == 6 and len(body["results"]) == 4 and body["next"]
        first = body["results"][0]
        assert first["flag_count"] == 2 and first["flags"][0]["reason"] == "spam"
        assert first["item"] == f"idea:{ideas[0].pk}"
        response = api.post(f"/api/v1/moderation/idea:{ideas[0].pk}/hide/", {"reason": ""}, format="json")
        assert response.status_code == 400 and "reason" in response.json()["fields"]
        response = api.post(
            f"/api/v1/moderation/idea:{ideas[0].pk}/hide/", {"reason": "Advertising."}, format="json"
        )
        assert response.status_code == 200 and response.json()["is_hidden"]
        assert response.json()["history"][0]["action"] == "hide"
        assert api.get("/api/v1/moderation/").json()["count"] == 5
        response = api.post(
            f"/api/v1/moderation/comment:{comments[0].pk}/restore/", {"reason": "Fine."}, format="json"
        )
        assert response.status_code == 200 and not response.json()["is_hidden"]
        assert ModerationAction.objects.count() == 2
        assert not Flag.objects.filter(object_id=comments[0].pk, resolved_at__isnull=True).exists()
        assert api.get("/api/v1/moderation/challenge:1/").status_code == 400

    def test_only_moderators(self, api, resident, official):
        idea = IdeaFactory()
        assert api.get("/api/v1/moderation/").status_code == 401
        for person in (resident, official):
            api.force_authenticate(person)
            assert api.get("/api/v1/moderation/").status_code == 403
            response = api.post(f"/api/v1/moderation/idea:{idea.pk}/hide/", {"reason": "x"}, format="json")
            assert response.status_code == 403


# --- Every endpoint × role ------------------------------------------------------------------

ROLES = ["visitor", "resident", "author", "coauthor", "official", "moderator"]
SIGNED_IN = set(ROLES) - {"visitor"}

ACTIONS = {
    # name: (method, path, payload, allowed roles, status for a signed-in role not allowed)
    "list": ("get", "comments/?item=idea:{idea}", None, set(ROLES), None),
    "retrieve": ("get", "comments/{comment}/", None, set(ROLES), None),
    "create": ("post", "comments/", {"item": "idea:{idea}", "body": "Hi"}, SIGNED_IN, None),
    "edit": ("patch", "comments/{comment}/", {"body": "Changed"}, {"author"}, 403),
    "delete": ("delete", "comments/{comment}/", None, {"author"}, 403),
    "like": ("post", "comments/{comment}/like/", None, SIGNED_IN - {"author"}, 403),
    "flag": ("post", "comments/{comment}/flag/", {"reason": "spam"}, SIGNED_IN - {"author"}, 400),
    "vote": ("post", "votes/", {"item": "idea:{idea}"}, SIGNED_IN, None),
    "unvote": ("delete", "votes/idea:{idea}/", None, SIGNED_IN, None),
    "follow": ("post", "follows/", {"item": "idea:{idea}"}, SIGNED_IN, None),
    "unfollow": ("delete", "follows/idea:{idea}/", None, SIGNED_IN, None),
    "queue": ("get", "moderation/", None, {"moderator"}, 403),
    "queue_item": ("get", "moderation/comment:{comment}/", None, {"moderator"}, 403),
    "hide": ("post", "moderation/comment:{comment}/hide/", {"reason": "Rude."}, {"moderator"}, 403),
    "restore": ("post", "moderation/idea:{idea}/restore/", {"reason": "Fine."}, {"moderator"}, 403),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_engagement_endpoints_role_matrix(api, resident, official, moderator, role, action):
    """`author` wrote the comment; `coauthor` co-authors the idea it is on."""
    idea = IdeaFactory()
    coauthor = IdeaCoauthorFactory(idea=idea).user
    author = UserFactory()
    their_comment = comment(idea, author=author)
    actor = {"visitor": None, "resident": resident, "author": author, "coauthor": coauthor,
             "official": official, "moderator": moderator}[role]  # fmt: skip
    if actor:
        api.force_authenticate(actor)
    method, path, payload, allowed, denied = ACTIONS[action]
    ids = {"idea": idea.pk, "comment": their_comment.pk}
    if payload:
        payload = {k: v.format(**ids) for k, v in payload.items()}
    response = getattr(api, method)(f"/api/v1/{path.format(**ids)}", payload, format="json")
    if role in allowed:
        assert response.status_code in (200, 201, 204), response.json()
    elif actor is None:
        assert response.status_code == 401, response.json()
    else:
        assert response.status_code == denied, response.json()
