import pytest

from challenges.models import Phase
from engagement import services
from engagement.models import Comment, Flag, ModerationAction, Vote
from tests.accounts.factories import UserFactory
from tests.challenges.factories import ChallengeFactory
from tests.engagement.factories import CommentFactory
from tests.ideas.factories import IdeaFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def text(response) -> str:
    return response.content.decode()


class TestVoting:
    def test_plain_form_redirects_back_to_the_same_place(self, client, resident):
        idea = IdeaFactory()
        client.force_login(resident)
        response = client.post(
            f"/en/engage/ideas.idea/{idea.pk}/vote/", {"next": f"/en/ideas/{idea.pk}/?comments=newest"}
        )
        assert response.status_code == 302
        assert response["Location"] == f"/en/ideas/{idea.pk}/?comments=newest#vote-ideas-idea-{idea.pk}"
        assert Vote.objects.count() == 1

    def test_next_pointing_elsewhere_is_ignored(self, client, resident):
        idea = IdeaFactory()
        client.force_login(resident)
        response = client.post(f"/en/engage/ideas.idea/{idea.pk}/vote/", {"next": "https://evil.example/"})
        assert response["Location"] == f"/en/ideas/{idea.pk}/#vote-ideas-idea-{idea.pk}"

    def test_htmx_gets_the_updated_button(self, client, resident):
        idea = IdeaFactory()
        client.force_login(resident)
        response = client.post(f"/en/engage/ideas.idea/{idea.pk}/vote/", **HTMX)
        assert response.status_code == 200
        fragment = text(response)
        assert fragment.startswith(f'<div class="vote-box" id="vote-ideas-idea-{idea.pk}">')
        assert 'class="count-number">1<' in fragment and "Withdraw my vote" in fragment
        response = client.post(f"/en/engage/ideas.idea/{idea.pk}/unvote/", **HTMX)
        assert 'class="count-number">0<' in text(response) and "Vote for this" in text(response)
        assert not Vote.objects.exists()

    def test_closed_phase_answers_htmx_with_a_message_and_plain_forms_with_a_page_message(
        self, client, resident
    ):
        idea = IdeaFactory(challenge=ChallengeFactory(phase=Phase.CLOSED))
        client.force_login(resident)
        response = client.post(f"/en/engage/ideas.idea/{idea.pk}/vote/", **HTMX)
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/plain")
        assert "Voting closed on" in text(response)
        response = client.post(f"/en/engage/ideas.idea/{idea.pk}/vote/", follow=True)
        assert "Voting closed on" in text(response)
        assert not Vote.objects.exists()

    def test_unknown_kinds_and_ids_are_404(self, client, resident):
        client.force_login(resident)
        assert client.post("/en/engage/accounts.user/1/vote/").status_code == 404
        assert client.post("/en/engage/ideas.idea/999999/vote/").status_code == 404

    def test_follow_with_htmx(self, client, resident):
        idea = IdeaFactory()
        client.force_login(resident)
        response = client.post(f"/en/engage/ideas.idea/{idea.pk}/follow/", **HTMX)
        assert "1 follower" in text(response) and "Stop following" in text(response)
        response = client.post(f"/en/engage/ideas.idea/{idea.pk}/unfollow/", **HTMX)
        assert "0 followers" in text(response)


class TestComments:
    def test_comment_with_htmx_returns_the_thread(self, client, resident):
        idea = IdeaFactory()
        client.force_login(resident)
        response = client.post(
            f"/en/engage/ideas.idea/{idea.pk}/comments/",
            {"body": "**Great**", "next": idea.get_absolute_url()},
            **HTMX,
        )
        assert response.status_code == 200
        assert text(response).startswith('<section id="comments"')
        assert "<strong>Great</strong>" in text(response)
        assert "Discussion (1 comment)" in text(response)
        # The commenter now follows; the follow button is updated out of band.
        assert f'id="follow-ideas-idea-{idea.pk}" hx-swap-oob="true"' in text(response)
        assert "Stop following" in text(response)

    def test_plain_comment_redirects_to_it(self, client, resident):
        idea = IdeaFactory()
        client.force_login(resident)
        response = client.post(f"/en/engage/ideas.idea/{idea.pk}/comments/", {"body": "Hello"})
        comment = Comment.objects.get()
        assert response["Location"] == f"/en/ideas/{idea.pk}/#comment-{comment.pk}"

    def test_reply_to_a_deleted_comment_keeps_the_text_and_says_why(self, client, resident, official):
        idea = IdeaFactory()
        top = services.comment_create(actor=resident, target=idea, body="Top")
        services.comment_delete(actor=resident, comment=top)
        client.force_login(official)
        url = f"/en/engage/ideas.idea/{idea.pk}/comments/"
        response = client.post(url, {"body": "My careful reply", "parent": top.pk})
        assert response.status_code == 400
        assert "was removed, so it takes no replies" in text(response)
        assert "My careful reply" in text(response)
        response = client.post(url, {"body": "My careful reply", "parent": top.pk}, **HTMX)
        assert response.status_code == 400 and "takes no replies" in text(response)
        assert Comment.objects.count() == 1

    def test_rate_limited_comment_gets_429_with_when_to_try_again(self, client, resident, settings):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comment": (1, 10)}
        idea = IdeaFactory()
        client.force_login(resident)
        url = f"/en/engage/ideas.idea/{idea.pk}/comments/"
        client.post(url, {"body": "First"})
        response = client.post(url, {"body": "Second"}, **HTMX)
        assert response.status_code == 429
        assert int(response["Retry-After"]) > 0
        assert "You can comment again at" in text(response)
        response = client.post(url, {"body": "Second"})
        assert response.status_code == 429
        assert "You can comment again at" in text(response) and "Second" in text(response)
        assert Comment.objects.count() == 1

    def test_empty_comment_with_htmx(self, client, resident):
        idea = IdeaFactory()
        client.force_login(resident)
        response = client.post(f"/en/engage/ideas.idea/{idea.pk}/comments/", {"body": ""}, **HTMX)
        assert response.status_code == 400 and "Write something" in text(response)

    def test_thread_shows_placeholders_and_sorts(self, client, resident, official):
        idea = IdeaFactory()
        first = services.comment_create(actor=resident, target=idea, body="First comment")
        services.comment_create(actor=official, target=idea, body="Reply to first", parent=first)
        second = services.comment_create(actor=official, target=idea, body="Second comment")
        lonely = services.comment_create(actor=official, target=idea, body="Deleted, no replies")
        services.comment_like(actor=resident, comment=second)
        services.comment_delete(actor=resident, comment=first)
        services.comment_delete(actor=official, comment=lonely)
        page = text(client.get(idea.get_absolute_url()))
        assert "This comment was deleted." in page and "Reply to first" in page
        assert page.count("This comment was deleted.") == 1  # a deleted comment without replies goes
        liked = text(client.get(idea.get_absolute_url(), {"comments": "liked"}))
        assert liked.index("Second comment") < liked.index("Reply to first")
        newest = text(client.get(idea.get_absolute_url(), {"comments": "newest"}))
        assert newest.index("Second comment") < newest.index("This comment was deleted.")

    def test_edit_page(self, client, resident):
        comment = services.comment_create(actor=resident, target=IdeaFactory(), body="Typo")
        client.force_login(resident)
        response = client.post(f"/en/comments/{comment.pk}/edit/", {"body": "Fixed"})
        assert response["Location"].endswith(f"#comment-{comment.pk}")
        comment.refresh_from_db()
        assert comment.body == "Fixed"

    def test_like_with_htmx(self, client, resident):
        comment = services.comment_create(actor=UserFactory(), target=IdeaFactory(), body="Like me")
        client.force_login(resident)
        response = client.post(f"/en/comments/{comment.pk}/like/", **HTMX)
        assert 'aria-pressed="true"' in text(response) and "Like (1)" in text(response)

    def test_comments_on_hidden_ideas_are_not_reachable(self, client, resident):
        idea = IdeaFactory(hidden_at="2026-01-01T00:00Z")
        comment = CommentFactory(target=idea)
        client.force_login(resident)
        assert client.post(f"/en/comments/{comment.pk}/like/").status_code == 404
        assert client.post(f"/en/engage/ideas.idea/{idea.pk}/comments/", {"body": "x"}).status_code == 404


class TestFlagsAndModeration:
    def test_flag_form_and_own_content(self, client, resident):
        idea = IdeaFactory(author=resident)
        client.force_login(resident)
        response = client.get(f"/en/engage/ideas.idea/{idea.pk}/flag/", follow=True)
        assert "You cannot flag what you wrote yourself." in text(response)
        other = IdeaFactory()
        assert client.get(f"/en/engage/ideas.idea/{other.pk}/flag/").status_code == 200
        response = client.post(
            f"/en/engage/ideas.idea/{other.pk}/flag/", {"reason": "spam", "details": "Ads"}
        )
        assert response.status_code == 302
        assert Flag.objects.get().details == "Ads"
        response = client.post(f"/en/engage/ideas.idea/{other.pk}/flag/", {"reason": "spam"})
        assert response.status_code == 400 and "already flagged" in text(response)

    def test_flag_a_comment(self, client, resident):
        comment = services.comment_create(actor=UserFactory(), target=IdeaFactory(), body="Buy stuff")
        client.force_login(resident)
        response = client.post(f"/en/engage/engagement.comment/{comment.pk}/flag/", {"reason": "spam"})
        assert response["Location"] == comment.target.get_absolute_url()
        assert Flag.objects.get().target == comment

    def test_queue_and_decisions(self, client, moderator, settings, django_assert_max_num_queries):
        settings.FLAGS_TO_HIDE = 2
        idea = IdeaFactory(title="Spammy idea")
        comments = [
            services.comment_create(actor=UserFactory(), target=IdeaFactory(), body=f"Rude {n}")
            for n in range(6)
        ]
        for target in [idea, *comments]:
            for _ in range(2):
                services.flag_create(actor=UserFactory(), target=target, reason=Flag.Reason.OFFENSIVE)
        client.force_login(moderator)
        with django_assert_max_num_queries(10):
            response = client.get("/en/moderation/")
        page = text(response)
        assert "Spammy idea" in page and "Rude 5" in page
        assert page.count("Hidden pending review") == 7

        response = client.post(f"/en/moderation/ideas.idea/{idea.pk}/", {"action": "hide", "reason": ""})
        assert response.status_code == 400 and "Give a reason" in text(response)
        response = client.post(
            f"/en/moderation/ideas.idea/{idea.pk}/", {"action": "hide", "reason": "Advertising, not an idea."}
        )
        assert response["Location"] == "/en/moderation/"
        idea.refresh_from_db()
        assert idea.hidden_reason == "Advertising, not an idea."
        comment = comments[0]
        client.post(
            f"/en/moderation/engagement.comment/{comment.pk}/", {"action": "restore", "reason": "Fine."}
        )
        comment.refresh_from_db()
        assert comment.hidden_at is None
        assert "Spammy idea" not in text(client.get("/en/moderation/"))
        assert ModerationAction.objects.filter(moderator=moderator).count() == 2

    def test_hidden_comment_text_is_for_its_author_and_moderators_only(self, client, moderator):
        author = UserFactory()
        idea = IdeaFactory()
        comment = services.comment_create(actor=author, target=idea, body="Secret rude words")
        services.moderation_hide(actor=moderator, target=comment, reason="Insults another resident.")
        assert "Secret rude words" not in text(client.get(idea.get_absolute_url()))
        assert "hidden by a moderator" in text(client.get(idea.get_absolute_url()))
        client.force_login(author)
        page = text(client.get(idea.get_absolute_url()))
        assert "Secret rude words" in page and "Insults another resident." in page


def test_nonsense_numbers_are_refused_politely(client, resident, official):
    idea = IdeaFactory()
    client.force_login(resident)
    url = f"/en/engage/ideas.idea/{idea.pk}/comments/"
    assert client.get(url, {"parent": "abc"}).status_code == 200
    response = client.post(url, {"body": "Hello", "parent": str(2**70)})
    assert response.status_code == 400 and "Hello" in text(response)
    client.force_login(official)
    response = client.post(f"/en/ideas/{idea.pk}/merge/", {"original": str(2**70)})
    assert response.status_code == 400
    assert not Comment.objects.exists()
