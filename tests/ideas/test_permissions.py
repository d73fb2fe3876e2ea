"""Every idea and engagement action × every role, through the pages: allowed or denied, and
a denied action changes nothing."""

from dataclasses import dataclass

import pytest

from engagement import services as engagement
from engagement.models import Comment, CommentLike, Flag, Follow, Vote
from ideas.models import Idea, IdeaCoauthor, IdeaUpdate
from tests.accounts.factories import UserFactory
from tests.ideas.factories import IdeaCoauthorFactory, IdeaFactory

ROLES = ["visitor", "resident", "author", "coauthor", "official", "moderator"]


@dataclass
class Scene:
    idea: Idea
    locked_idea: Idea
    comment: Comment
    people: dict


@pytest.fixture
def scene(db, resident, official, moderator):
    author = UserFactory(name="Idea Author")
    coauthor = UserFactory(name="Co Author")
    idea = IdeaFactory(author=author, title="Original title")
    IdeaCoauthorFactory(idea=idea, user=coauthor)
    locked = IdeaFactory(author=author)
    IdeaCoauthorFactory(idea=locked, user=coauthor)
    comment = engagement.comment_create(actor=author, target=locked, body="The author's comment")
    UserFactory(email="friend@example.org")
    people = {
        "visitor": None,
        "resident": resident,
        "author": author,
        "coauthor": coauthor,
        "official": official,
        "moderator": moderator,
    }
    return Scene(idea=idea, locked_idea=locked, comment=comment, people=people)


def idea_url(idea, action=""):
    return f"/en/ideas/{idea.pk}/{action + '/' if action else ''}"


def engage_url(target, action, label="ideas.idea"):
    return f"/en/engage/{label}/{target.pk}/{action}/"


# action: (request, did it take effect?, roles allowed)
ACTIONS = {
    "propose": (
        lambda c, s: c.post("/en/ideas/new/", {"title": "A new idea", "body": "Text", "language": "en"}),
        lambda s: Idea.objects.filter(title="A new idea").exists(),
        {"resident", "author", "coauthor", "official", "moderator"},
    ),
    "edit": (
        lambda c, s: c.post(idea_url(s.idea, "edit"), {"title": "Edited", "body": "New", "language": "en"}),
        lambda s: Idea.objects.get(pk=s.idea.pk).title == "Edited",
        {"author", "coauthor"},
    ),
    "post_update": (
        lambda c, s: c.post(idea_url(s.locked_idea, "updates"), {"body": "News"}),
        lambda s: IdeaUpdate.objects.exists(),
        {"author", "coauthor"},
    ),
    "invite_coauthor": (
        lambda c, s: c.post(idea_url(s.idea, "coauthors"), {"email": "friend@example.org"}),
        lambda s: IdeaCoauthor.objects.filter(user__email="friend@example.org").exists(),
        {"author"},
    ),
    "answer": (
        lambda c, s: c.post(
            idea_url(s.idea, "answer"), {"status": "accepted", "answer_fi": "Kyllä", "answer_sv": "Ja"}
        ),
        lambda s: Idea.objects.get(pk=s.idea.pk).status == "accepted",
        {"official"},
    ),
    "merge": (
        lambda c, s: c.post(idea_url(s.idea, "merge"), {"original": s.locked_idea.pk}),
        lambda s: Idea.objects.get(pk=s.idea.pk).status == "merged",
        {"official"},
    ),
    "promote": (
        lambda c, s: c.post(idea_url(s.idea, "promote")),
        lambda s: Idea.objects.get(pk=s.idea.pk).promoted_challenge_id is not None,
        {"official"},
    ),
    "vote": (
        lambda c, s: c.post(engage_url(s.idea, "vote")),
        lambda s: Vote.objects.exists(),
        {"resident", "author", "coauthor", "official", "moderator"},
    ),
    "follow": (
        lambda c, s: c.post(engage_url(s.idea, "follow")),
        lambda s: Follow.objects.for_target(s.idea).exists(),
        {"resident", "author", "coauthor", "official", "moderator"},
    ),
    "comment": (
        lambda c, s: c.post(engage_url(s.idea, "comments"), {"body": "Hello"}),
        lambda s: Comment.objects.filter(body="Hello").exists(),
        {"resident", "author", "coauthor", "official", "moderator"},
    ),
    "edit_comment": (
        lambda c, s: c.post(f"/en/comments/{s.comment.pk}/edit/", {"body": "Changed"}),
        lambda s: Comment.objects.get(pk=s.comment.pk).body == "Changed",
        {"author"},
    ),
    "delete_comment": (
        lambda c, s: c.post(f"/en/comments/{s.comment.pk}/delete/"),
        lambda s: Comment.objects.get(pk=s.comment.pk).is_deleted,
        {"author"},
    ),
    "like_comment": (
        lambda c, s: c.post(f"/en/comments/{s.comment.pk}/like/"),
        lambda s: CommentLike.objects.exists(),
        {"resident", "coauthor", "official", "moderator"},
    ),
    "flag_idea": (
        lambda c, s: c.post(engage_url(s.idea, "flag"), {"reason": "spam"}),
        lambda s: Flag.objects.exists(),
        {"resident", "official", "moderator"},
    ),
    "hide_idea": (
        lambda c, s: c.post(f"/en/moderation/ideas.idea/{s.idea.pk}/", {"action": "hide", "reason": "Spam"}),
        lambda s: Idea.objects.get(pk=s.idea.pk).hidden_at is not None,
        {"moderator"},
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_action_by_role(client, scene, action, role):
    request, took_effect, allowed = ACTIONS[action]
    user = scene.people[role]
    if user:
        client.force_login(user)
    response = request(client, scene)
    assert response.status_code < 500
    if role in allowed:
        assert took_effect(scene), (action, role, response.status_code)
    else:
        assert not took_effect(scene), (action, role)
        if user is None:
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            # Refused outright, or (own content) told why on the page.
            assert response.status_code in (400, 403), response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_idea_page_and_only_moderators_the_queue(client, scene, role):
    user = scene.people[role]
    if user:
        client.force_login(user)
    assert client.get(idea_url(scene.idea)).status_code == 200
    queue = client.get("/en/moderation/")
    expected = {"moderator": 200, "visitor": 302}.get(role, 403)
    assert queue.status_code == expected
