"""engagement.privacy: a person's votes, follows, comments, likes and flags in their data download,
and what deleting their account does to them (see the module's docstring for the rules)."""

import pytest

from challenges.models import Phase
from engagement import services
from engagement.models import Comment, CommentLike, Flag, Follow, ModerationAction, Vote
from pilots.models import Pilot
from privacy import services as privacy
from tests.accounts.factories import UserFactory
from tests.challenges.factories import ChallengeFactory
from tests.ideas.factories import IdeaFactory
from tests.pilots.factories import PilotFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-good-password-42"


def assert_counts_equal_rows(*items):
    for item in items:
        item.refresh_from_db()
        assert item.vote_count == Vote.objects.for_target(item).count(), item
        assert item.follower_count == Follow.objects.for_target(item).count(), item
        shown = Comment.objects.for_target(item).filter(deleted_at__isnull=True, hidden_at__isnull=True)
        assert item.comment_count == shown.count(), item


def assert_likes_equal_rows(*comments):
    for comment in comments:
        comment.refresh_from_db()
        assert comment.like_count == CommentLike.objects.filter(comment=comment).count(), comment


@pytest.fixture
def world(moderator):
    """Aino votes, follows, comments, likes and flags on ideas, a pilot and a challenge, among
    neighbours who do the same."""
    aino = UserFactory(name="Aino Virtanen")
    mikael = UserFactory(name="Mikael Lindqvist")
    sara = UserFactory(name="Sara Niemi")
    idea = IdeaFactory(title="Evening buses from Tapiola", author=mikael)
    pilot = PilotFactory(title="Shared rides to Keilaniemi", status=Pilot.Status.RUNNING)
    challenge = ChallengeFactory(title="Quieter evenings", phase=Phase.IDEAS)
    rude = IdeaFactory(title="Spam idea", author=sara)
    settled = IdeaFactory(title="Dubious idea", author=sara)
    for person in (aino, mikael, sara):
        for item in (idea, pilot, challenge):
            services.vote_cast(actor=person, target=item)
            services.follow_start(actor=person, target=item)
    question = services.comment_create(actor=mikael, target=idea, body="Which lines matter most?")
    answer = services.comment_create(actor=aino, target=idea, body="The 110, after ten.", parent=question)
    thanks = services.comment_create(actor=mikael, target=idea, body="Thanks, noted!", parent=answer)
    on_pilot = services.comment_create(actor=aino, target=pilot, body="I ride from Espoonlahti.")
    hidden = services.comment_create(actor=aino, target=challenge, body="Something a moderator hid.")
    services.moderation_hide(actor=moderator, target=hidden, reason="Off topic.")
    services.comment_create(actor=sara, target=challenge, body="Quiet after 22, please.")
    services.comment_like(actor=aino, comment=question)
    services.comment_like(actor=sara, comment=question)
    services.comment_like(actor=mikael, comment=answer)
    open_flag = services.flag_create(actor=aino, target=rude, reason="spam", details="Sells sunglasses.")
    services.flag_create(actor=mikael, target=rude, reason="spam")
    resolved_flag = services.flag_create(actor=aino, target=settled, reason="off_topic")
    services.moderation_restore(actor=moderator, target=settled, reason="It is on topic.")
    return {
        "aino": aino,
        "mikael": mikael,
        "sara": sara,
        "moderator": moderator,
        "idea": idea,
        "pilot": pilot,
        "challenge": challenge,
        "question": question,
        "answer": answer,
        "thanks": thanks,
        "on_pilot": on_pilot,
        "hidden": hidden,
        "open_flag": open_flag,
        "resolved_flag": resolved_flag,
    }


def _delete(user, *, remove_contributions=False):
    privacy.account_delete(actor=user, password=PASSWORD, remove_contributions=remove_contributions)


class TestExport:
    def test_holds_her_votes_follows_comments_likes_and_flags_and_nothing_of_others(self, world):
        data = privacy.collect(world["aino"])["engagement"]
        idea, pilot, challenge = world["idea"], world["pilot"], world["challenge"]

        def ref(item, kind):
            return {
                "item": kind,
                "id": item.pk,
                "title": item.title,
                "url": f"http://testserver{item.get_absolute_url()}",
            }

        expected_items = [ref(idea, "idea"), ref(pilot, "pilot"), ref(challenge, "challenge")]
        assert [
            {k: v for k, v in vote.items() if k != "voted_at"} for vote in data["votes"]
        ] == expected_items
        assert [{k: v for k, v in f.items() if k != "followed_at"} for f in data["follows"]] == expected_items
        assert all(vote["voted_at"] for vote in data["votes"])

        comments = {comment["id"]: comment for comment in data["comments"]}
        assert set(comments) == {world["answer"].pk, world["on_pilot"].pk, world["hidden"].pk}
        answer = comments[world["answer"].pk]
        assert answer["text"] == "The 110, after ten."
        assert answer["reply_to"] == world["question"].pk
        assert answer["likes"] == 1
        assert (
            answer["on"]["url"] == f"http://testserver{idea.get_absolute_url()}#comment-{world['answer'].pk}"
        )
        hidden = comments[world["hidden"].pk]
        assert hidden["hidden_at"] and hidden["reason_for_hiding"] == "Off topic."

        assert [like["comment"] for like in data["comment_likes"]] == [world["question"].pk]
        flags = {flag["on"]["id"]: flag for flag in data["flags"]}
        assert flags[world["open_flag"].object_id]["details"] == "Sells sunglasses."
        assert flags[world["open_flag"].object_id]["resolved_at"] is None
        assert flags[world["resolved_flag"].object_id]["resolved_at"] is not None
        assert data["moderation_decisions"] == []

        # Nothing others wrote, and nobody else's name.
        text = privacy.to_json(privacy.collect(world["aino"]))
        for theirs in (
            "Which lines matter most?",
            "Thanks, noted!",
            "Quiet after 22",
            "Mikael",
            "Sara Niemi",
        ):
            assert theirs not in text

    def test_names_an_item_she_can_no_longer_see_by_kind_and_id_only(self, world):
        services.moderation_hide(actor=world["moderator"], target=world["idea"], reason="Duplicate.")
        data = privacy.collect(world["aino"])["engagement"]
        assert data["votes"][0] == {
            "item": "idea",
            "id": world["idea"].pk,
            "voted_at": data["votes"][0]["voted_at"],
        }
        comment = next(c for c in data["comments"] if c["id"] == world["answer"].pk)
        assert comment["on"] == {"item": "idea", "id": world["idea"].pk}
        assert comment["text"] == "The 110, after ten."  # her own words stay hers

    def test_a_flagged_comment_is_named_by_its_address_not_its_text(self, world):
        flag = services.flag_create(actor=world["aino"], target=world["thanks"], reason="off_topic")
        data = privacy.collect(world["aino"])["engagement"]
        on = next(f["on"] for f in data["flags"] if f["on"]["item"] == "comment")
        assert on == {
            "item": "comment",
            "id": flag.object_id,
            "url": f"http://testserver{world['thanks'].get_absolute_url()}",
        }

    def test_a_moderator_gets_the_decisions_they_made(self, world):
        data = privacy.collect(world["moderator"])["engagement"]
        actions = [(d["action"], d["on"]["item"], d["reason"]) for d in data["moderation_decisions"]]
        assert actions == [("hide", "comment", "Off topic."), ("restore", "idea", "It is on topic.")]


class TestDeletionKeepingContributions:
    def test_votes_and_comments_stay_under_deleted_user_and_follows_end(self, world, client):
        aino = world["aino"]
        items = (world["idea"], world["pilot"], world["challenge"])
        votes_before = [item.vote_count for item in items]
        _delete(aino)

        assert Follow.objects.filter(user=aino).count() == 0
        assert Vote.objects.filter(user=aino).count() == 3
        assert [item.vote_count for item in items] == votes_before
        assert_counts_equal_rows(*items)
        assert [item.follower_count for item in items] == [2, 2, 2]

        answer = Comment.objects.get(pk=world["answer"].pk)
        assert answer.body == "The 110, after ten." and answer.author_id == aino.pk
        assert CommentLike.objects.filter(user=aino).count() == 1
        assert_likes_equal_rows(world["question"], world["answer"])

        page = client.get(world["idea"].get_absolute_url()).content.decode()
        assert "Deleted user" in page and "The 110, after ten." in page
        assert "Aino Virtanen" not in page
        assert "Which lines matter most?" in page and "Mikael Lindqvist" in page

    def test_handled_reports_go_and_waiting_ones_stay_for_the_moderators(self, world):
        _delete(world["aino"])
        assert not Flag.objects.filter(pk=world["resolved_flag"].pk).exists()
        waiting = Flag.objects.get(pk=world["open_flag"].pk)
        assert waiting.details == "Sells sunglasses." and waiting.resolved_at is None

    def test_a_moderators_decisions_stay_on_record(self, world):
        moderator = world["moderator"]
        _delete(moderator)
        assert ModerationAction.objects.filter(moderator=moderator).count() == 2


class TestDeletionRemovingContributions:
    def test_votes_and_likes_are_withdrawn_and_counts_still_equal_rows(self, world):
        aino = world["aino"]
        items = (world["idea"], world["pilot"], world["challenge"])
        votes_before = [item.vote_count for item in items]
        _delete(aino, remove_contributions=True)

        assert Vote.objects.filter(user=aino).count() == 0
        assert_counts_equal_rows(*items)
        assert [item.vote_count for item in items] == [n - 1 for n in votes_before]
        assert CommentLike.objects.filter(user=aino).count() == 0
        assert_likes_equal_rows(world["question"], world["answer"])
        assert world["question"].like_count == 1  # Sara's like stays

    def test_comments_become_placeholders_that_keep_the_replies_of_others(self, world, client):
        aino = world["aino"]
        idea = world["idea"]
        comments_before = idea.comment_count
        _delete(aino, remove_contributions=True)

        answer = Comment.objects.get(pk=world["answer"].pk)
        assert answer.deleted_at and answer.body == "" and answer.body_html == ""
        thanks = Comment.objects.get(pk=world["thanks"].pk)
        assert thanks.parent_id == answer.pk and thanks.body == "Thanks, noted!"
        assert not Comment.objects.filter(author=aino, deleted_at__isnull=True).exists()
        assert_counts_equal_rows(idea, world["pilot"], world["challenge"])
        idea.refresh_from_db()
        assert idea.comment_count == comments_before - 1
        # The hidden one was not counted, so the challenge's count keeps Sara's comment.
        assert world["challenge"].comment_count == 1

        page = client.get(idea.get_absolute_url()).content.decode()
        assert "This comment was deleted." in page and "The 110, after ten." not in page
        assert "Thanks, noted!" in page and "Which lines matter most?" in page
        assert "Aino Virtanen" not in page

    def test_others_content_and_engagement_are_untouched(self, world):
        mikael, sara = world["mikael"], world["sara"]
        before = {
            "votes": list(
                Vote.objects.exclude(user=world["aino"]).values_list("pk", flat=True).order_by("pk")
            ),
            "follows": list(
                Follow.objects.exclude(user=world["aino"]).values_list("pk", flat=True).order_by("pk")
            ),
            "comments": list(
                Comment.objects.exclude(author=world["aino"])
                .values_list("pk", "body", "deleted_at")
                .order_by("pk")
            ),
        }
        _delete(world["aino"], remove_contributions=True)
        assert list(Vote.objects.values_list("pk", flat=True).order_by("pk")) == before["votes"]
        assert list(Follow.objects.values_list("pk", flat=True).order_by("pk")) == before["follows"]
        assert (
            list(
                Comment.objects.exclude(author=world["aino"])
                .values_list("pk", "body", "deleted_at")
                .order_by("pk")
            )
            == before["comments"]
        )
        for person in (mikael, sara):
            person.refresh_from_db()
            assert person.is_active and person.deleted_at is None


def test_an_item_deleted_with_everything_on_it_leaves_no_engagement_behind(world):
    idea = world["idea"]
    services.flag_create(actor=world["sara"], target=world["question"], reason="off_topic")
    services.engagement_forget_item(target=idea)
    for model in (Vote, Follow, Comment):
        assert not model.objects.for_target(idea).exists()
    assert not Flag.objects.filter(object_id=world["question"].pk, content_type__model="comment").exists()
    assert not CommentLike.objects.filter(comment_id=world["question"].pk).exists()
    # What is on other items stays.
    assert Vote.objects.for_target(world["pilot"]).count() == 3


def test_a_moderator_cannot_show_again_an_idea_its_author_removed(world):
    from django.core.exceptions import ValidationError

    from ideas.models import Idea

    sara = world["sara"]
    idea = IdeaFactory(author=sara)
    services.vote_cast(actor=world["mikael"], target=idea)
    _delete(sara, remove_contributions=True)
    idea = Idea.objects.get(pk=idea.pk)
    assert idea.is_removed
    with pytest.raises(ValidationError) as error:
        services.moderation_restore(actor=world["moderator"], target=idea, reason="Looks fine.")
    assert error.value.code == "removed_by_author"
