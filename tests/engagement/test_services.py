from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from challenges.models import Phase
from engagement import services
from engagement.models import Comment, CommentLike, Flag, Follow, ModerationAction, Vote
from ideas.models import Idea
from portal.rate_limits import RateLimited
from tests.accounts.factories import UserFactory
from tests.challenges.factories import ChallengeFactory
from tests.engagement.factories import CommentFactory
from tests.ideas.factories import IdeaFactory


def counts(idea):
    idea.refresh_from_db()
    return idea.vote_count, idea.comment_count, idea.follower_count


class TestVotes:
    def test_vote_and_withdraw_keep_the_count_exact(self, resident):
        idea = IdeaFactory()
        assert services.vote_cast(actor=resident, target=idea) == 1
        # Voting twice is one vote.
        assert services.vote_cast(actor=resident, target=idea) == 1
        assert Vote.objects.for_target(idea).count() == 1
        assert services.vote_withdraw(actor=resident, target=idea) == 0
        assert services.vote_withdraw(actor=resident, target=idea) == 0
        assert counts(idea)[0] == 0
        assert not Vote.objects.exists()

    def test_the_first_vote_locks_the_text(self, resident):
        idea = IdeaFactory()
        assert not idea.is_locked
        services.vote_cast(actor=resident, target=idea)
        services.vote_withdraw(actor=resident, target=idea)
        idea.refresh_from_db()
        assert idea.is_locked  # withdrawing does not unlock: people saw this text

    def test_a_visitor_cannot_vote(self, db):
        with pytest.raises(PermissionDenied):
            services.vote_cast(actor=AnonymousUser(), target=IdeaFactory())

    @pytest.mark.parametrize("phase", [Phase.IDEAS, Phase.PROPOSALS])
    def test_an_idea_in_a_challenge_takes_votes_while_ideas_or_proposals_are_open(self, resident, phase):
        idea = IdeaFactory(challenge=ChallengeFactory(phase=phase))
        assert services.vote_cast(actor=resident, target=idea) == 1

    @pytest.mark.parametrize("phase", [Phase.UPCOMING, Phase.EVALUATION, Phase.PILOTING, Phase.CLOSED])
    def test_no_vote_outside_the_challenges_open_phases(self, resident, phase):
        idea = IdeaFactory(challenge=ChallengeFactory(phase=phase))
        with pytest.raises(ValidationError) as error:
            services.vote_cast(actor=resident, target=idea)
        assert error.value.code == "voting_closed"
        assert "Voting" in error.value.messages[0]
        assert counts(idea)[0] == 0 and not Vote.objects.exists()

    def test_closed_phase_names_the_date(self, resident):
        challenge = ChallengeFactory(phase=Phase.EVALUATION)
        idea = IdeaFactory(challenge=challenge)
        with pytest.raises(ValidationError, match="Voting closed on"):
            services.vote_cast(actor=resident, target=idea)

    @pytest.mark.parametrize(
        ("status", "open_"),
        [
            (Idea.Status.PUBLISHED, True),
            (Idea.Status.UNDER_CONSIDERATION, True),
            (Idea.Status.ACCEPTED, False),
            (Idea.Status.IMPLEMENTED, False),
            (Idea.Status.NOT_PURSUED, False),
        ],
    )
    def test_a_free_standing_idea_takes_votes_until_the_city_decides(self, resident, status, open_):
        idea = IdeaFactory(status=status)
        if open_:
            assert services.vote_cast(actor=resident, target=idea) == 1
        else:
            with pytest.raises(ValidationError, match="city gave its answer"):
                services.vote_cast(actor=resident, target=idea)

    def test_withdrawing_is_closed_with_voting(self, resident):
        idea = IdeaFactory()
        services.vote_cast(actor=resident, target=idea)
        Idea.objects.filter(pk=idea.pk).update(status=Idea.Status.ACCEPTED)
        with pytest.raises(ValidationError):
            services.vote_withdraw(actor=resident, target=idea)
        assert counts(idea)[0] == 1

    def test_merged_and_hidden_ideas_take_no_votes(self, resident):
        original = IdeaFactory()
        merged = IdeaFactory(status=Idea.Status.MERGED, merged_into=original)
        hidden = IdeaFactory(hidden_at=timezone.now())
        with pytest.raises(ValidationError, match="merged"):
            services.vote_cast(actor=resident, target=merged)
        # A hidden idea is not even there for other people.
        with pytest.raises(PermissionDenied):
            services.vote_cast(actor=resident, target=hidden)


class TestFollows:
    def test_follow_and_unfollow(self, resident):
        idea = IdeaFactory()
        assert services.follow_start(actor=resident, target=idea) == 1
        assert services.follow_start(actor=resident, target=idea) == 1
        assert services.follow_stop(actor=resident, target=idea) == 0
        assert services.follow_stop(actor=resident, target=idea) == 0
        assert counts(idea)[2] == 0

    def test_commenters_follow_automatically_and_can_stop(self, resident):
        idea = IdeaFactory()
        services.comment_create(actor=resident, target=idea, body="Good idea")
        assert Follow.objects.for_target(idea).filter(user=resident).exists()
        services.comment_create(actor=resident, target=idea, body="Still good")
        assert counts(idea) == (0, 2, 1)
        services.follow_stop(actor=resident, target=idea)
        assert counts(idea)[2] == 0

    def test_followers_can_stop_following_whatever_the_status(self, resident):
        idea = IdeaFactory()
        services.follow_start(actor=resident, target=idea)
        Idea.objects.filter(pk=idea.pk).update(status=Idea.Status.NOT_PURSUED)
        assert services.follow_stop(actor=resident, target=idea) == 0


class TestComments:
    def test_comment_and_replies_two_levels_deep(self, resident, official):
        idea = IdeaFactory()
        top = services.comment_create(actor=resident, target=idea, body="Top")
        reply = services.comment_create(actor=official, target=idea, body="Reply", parent=top)
        deeper = services.comment_create(actor=resident, target=idea, body="Reply to reply", parent=reply)
        assert (top.depth, reply.depth, deeper.depth) == (0, 1, 2)
        with pytest.raises(ValidationError, match="as deep as it goes"):
            services.comment_create(actor=official, target=idea, body="Too deep", parent=deeper)
        assert counts(idea)[1] == 3

    def test_markdown_is_rendered_and_script_is_inert(self, resident):
        comment = services.comment_create(
            actor=resident,
            target=IdeaFactory(),
            body='**Yes** <script>alert(1)</script> <img src=x onerror="alert(2)"> [x](javascript:alert(3))',
        )
        assert "<strong>Yes</strong>" in comment.body_html
        for bad in ("<script", "onerror", "javascript:", "<img"):
            assert bad not in comment.body_html
        # What was written is kept as written.
        assert "<script>" in comment.body

    @pytest.mark.parametrize("body", ["", "   \n "])
    def test_empty_comment_is_refused(self, resident, body):
        idea = IdeaFactory()
        with pytest.raises(ValidationError, match="Write something"):
            services.comment_create(actor=resident, target=idea, body=body)
        assert not Comment.objects.exists() and counts(idea)[1] == 0

    def test_oversized_comment_is_refused(self, resident):
        with pytest.raises(ValidationError) as error:
            services.comment_create(actor=resident, target=IdeaFactory(), body="x" * 5001)
        assert "at most 5000 characters" in str(error.value)
        assert not Comment.objects.exists()

    def test_no_reply_to_a_deleted_comment(self, resident, official):
        idea = IdeaFactory()
        top = services.comment_create(actor=resident, target=idea, body="Top")
        services.comment_delete(actor=resident, comment=top)
        with pytest.raises(ValidationError) as error:
            services.comment_create(actor=official, target=idea, body="My reply", parent=top)
        assert error.value.code == "parent_removed"
        assert Comment.objects.count() == 1 and counts(idea)[1] == 0

    def test_a_reply_must_belong_to_the_same_item(self, resident):
        top = services.comment_create(actor=resident, target=IdeaFactory(), body="Top")
        with pytest.raises(ValidationError, match="another discussion"):
            services.comment_create(actor=resident, target=IdeaFactory(), body="Reply", parent=top)

    def test_no_comments_on_merged_ideas(self, resident):
        merged = IdeaFactory(status=Idea.Status.MERGED, merged_into=IdeaFactory())
        with pytest.raises(ValidationError, match="merged"):
            services.comment_create(actor=resident, target=merged, body="Hello")

    def test_edit_within_the_window_only(self, resident, settings):
        settings.COMMENT_EDIT_MINUTES = 15
        comment = services.comment_create(actor=resident, target=IdeaFactory(), body="Frist")
        services.comment_edit(actor=resident, comment=comment, body="First")
        comment.refresh_from_db()
        assert (comment.body, comment.body_html) == ("First", "<p>First</p>")
        assert comment.edited_at is not None
        Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=16))
        with pytest.raises(ValidationError, match="15 minutes") as error:
            services.comment_edit(actor=resident, comment=comment, body="Changed later")
        assert error.value.code == "edit_window_over"
        comment.refresh_from_db()
        assert comment.body == "First"

    def test_only_the_author_edits(self, resident, moderator):
        comment = services.comment_create(actor=resident, target=IdeaFactory(), body="Mine")
        with pytest.raises(PermissionDenied):
            services.comment_edit(actor=moderator, comment=comment, body="Theirs")

    def test_delete_leaves_a_placeholder_and_keeps_the_replies(self, resident, official, moderator):
        idea = IdeaFactory()
        top = services.comment_create(actor=resident, target=idea, body="Top")
        services.comment_create(actor=official, target=idea, body="Reply", parent=top)
        with pytest.raises(PermissionDenied):
            services.comment_delete(actor=official, comment=top)
        services.comment_delete(actor=resident, comment=top)
        top.refresh_from_db()
        assert top.is_deleted and top.body == "" and top.body_html == ""
        assert Comment.objects.count() == 2
        assert counts(idea)[1] == 1
        # Deleting again changes nothing. Moderators hide other people's comments instead.
        services.comment_delete(actor=resident, comment=top)
        assert counts(idea)[1] == 1
        with pytest.raises(PermissionDenied):
            services.comment_delete(actor=moderator, comment=top)

    def test_likes(self, resident, official):
        comment = services.comment_create(actor=resident, target=IdeaFactory(), body="Like me")
        assert services.comment_like(actor=official, comment=comment) == 1
        assert services.comment_like(actor=official, comment=comment) == 1
        with pytest.raises(PermissionDenied):
            services.comment_like(actor=resident, comment=comment)  # one's own
        assert services.comment_unlike(actor=official, comment=comment) == 0
        assert not CommentLike.objects.exists()

    def test_an_administrator_likes_other_peoples_comments_only(self, administrator, resident):
        theirs = services.comment_create(actor=resident, target=IdeaFactory(), body="Like me")
        assert services.comment_like(actor=administrator, comment=theirs) == 1
        own = services.comment_create(actor=administrator, target=IdeaFactory(), body="Mine")
        with pytest.raises(PermissionDenied):
            services.comment_like(actor=administrator, comment=own)
        assert CommentLike.objects.count() == 1

    def test_rate_limit_on_comments(self, resident, settings):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comment": (3, 10)}
        idea = IdeaFactory()
        for n in range(3):
            services.comment_create(actor=resident, target=idea, body=f"Comment {n}")
        with pytest.raises(RateLimited) as error:
            services.comment_create(actor=resident, target=idea, body="One too many")
        assert "You can comment again at" in error.value.messages[0]
        assert error.value.retry_at > timezone.now()
        assert Comment.objects.count() == 3 and counts(idea)[1] == 3
        # Other people are not limited by it.
        services.comment_create(actor=UserFactory(), target=idea, body="Me too")


class TestFlagsAndModeration:
    def test_flag_own_content_is_refused(self, resident):
        idea = IdeaFactory(author=resident)
        with pytest.raises(ValidationError, match="what you wrote yourself") as error:
            services.flag_create(actor=resident, target=idea, reason=Flag.Reason.SPAM)
        assert error.value.code == "own_content"
        comment = services.comment_create(actor=resident, target=IdeaFactory(), body="Mine")
        with pytest.raises(ValidationError, match="what you wrote yourself"):
            services.flag_create(actor=resident, target=comment, reason=Flag.Reason.SPAM)
        assert not Flag.objects.exists()

    def test_one_flag_per_person(self, resident):
        idea = IdeaFactory()
        services.flag_create(actor=resident, target=idea, reason=Flag.Reason.SPAM)
        with pytest.raises(ValidationError, match="already flagged"):
            services.flag_create(actor=resident, target=idea, reason=Flag.Reason.OFFENSIVE)
        assert Flag.objects.count() == 1

    def test_a_bad_reason_is_refused(self, resident):
        with pytest.raises(ValidationError):
            services.flag_create(actor=resident, target=IdeaFactory(), reason="because")
        assert not Flag.objects.exists()

    def test_enough_flags_from_different_people_hide_the_idea_pending_review(self, db, settings):
        settings.FLAGS_TO_HIDE = 3
        idea = IdeaFactory()
        for _ in range(3):
            idea.refresh_from_db()
            assert idea.hidden_at is None
            services.flag_create(actor=UserFactory(), target=idea, reason=Flag.Reason.OFFENSIVE)
        idea.refresh_from_db()
        assert idea.hidden_at is not None and idea.hidden_reason == ""
        action = ModerationAction.objects.get()
        assert (action.action, action.moderator) == (ModerationAction.Action.AUTO_HIDE, None)
        assert Idea.objects.visible().count() == 0

    def test_hidden_comments_leave_the_count_and_come_back_on_restore(self, resident, moderator, settings):
        settings.FLAGS_TO_HIDE = 2
        idea = IdeaFactory()
        comment = services.comment_create(actor=resident, target=idea, body="Rude words")
        services.flag_create(actor=UserFactory(), target=comment, reason=Flag.Reason.OFFENSIVE)
        assert counts(idea)[1] == 1
        services.flag_create(actor=UserFactory(), target=comment, reason=Flag.Reason.OFFENSIVE)
        assert counts(idea)[1] == 0
        services.moderation_restore(actor=moderator, target=comment, reason="Strong but within the rules.")
        assert counts(idea)[1] == 1
        comment.refresh_from_db()
        assert comment.hidden_at is None
        assert not Flag.objects.filter(resolved_at__isnull=True).exists()

    def test_moderator_hides_with_a_reason_and_the_action_is_logged(self, resident, moderator):
        idea = IdeaFactory(author=resident)
        services.flag_create(actor=UserFactory(), target=idea, reason=Flag.Reason.PERSONAL_DATA)
        with pytest.raises(ValidationError, match="Give a reason"):
            services.moderation_hide(actor=moderator, target=idea, reason="  ")
        services.moderation_hide(actor=moderator, target=idea, reason="It names a neighbour.")
        idea.refresh_from_db()
        assert idea.hidden_reason == "It names a neighbour."
        assert not Flag.objects.filter(resolved_at__isnull=True).exists()
        services.moderation_restore(actor=moderator, target=idea, reason="The name was removed.")
        idea.refresh_from_db()
        assert idea.hidden_at is None and idea.hidden_reason == ""
        log = list(ModerationAction.objects.values_list("action", "moderator", "reason"))
        assert log == [
            ("restore", moderator.pk, "The name was removed."),
            ("hide", moderator.pk, "It names a neighbour."),
        ]

    @pytest.mark.parametrize("role", ["resident", "official"])
    def test_only_moderators_moderate(self, request, role):
        actor = request.getfixturevalue(role)
        idea = IdeaFactory()
        with pytest.raises(PermissionDenied):
            services.moderation_hide(actor=actor, target=idea, reason="No")
        with pytest.raises(PermissionDenied):
            services.moderation_restore(actor=actor, target=idea, reason="No")

    def test_rate_limit_on_flags(self, resident, settings):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, "flag": (2, 60)}
        services.flag_create(actor=resident, target=IdeaFactory(), reason=Flag.Reason.SPAM)
        services.flag_create(actor=resident, target=IdeaFactory(), reason=Flag.Reason.SPAM)
        with pytest.raises(RateLimited, match="You can flag again at"):
            services.flag_create(actor=resident, target=IdeaFactory(), reason=Flag.Reason.SPAM)
        assert Flag.objects.count() == 2


class TestMove:
    def test_votes_and_follows_move_without_double_counting(self, db):
        source, destination = IdeaFactory(), IdeaFactory()
        both, only_source, only_destination = UserFactory(), UserFactory(), UserFactory()
        for user in (both, only_source):
            services.vote_cast(actor=user, target=source)
            services.follow_start(actor=user, target=source)
        for user in (both, only_destination):
            services.vote_cast(actor=user, target=destination)
        services.engagement_move(source=source, destination=destination)
        assert counts(source)[0::2] == (0, 0)
        assert counts(destination)[0::2] == (3, 2)
        assert set(Vote.objects.for_target(destination).values_list("user", flat=True)) == {
            both.pk,
            only_source.pk,
            only_destination.pk,
        }


def test_comment_factory_makes_a_row(db):
    assert CommentFactory().content_type.model == "idea"
