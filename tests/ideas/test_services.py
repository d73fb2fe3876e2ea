import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from challenges.models import Challenge, Phase
from engagement import services as engagement
from engagement.models import Follow, Vote
from ideas import services
from ideas.models import Idea, IdeaCoauthor, IdeaStatusChange, IdeaUpdate
from portal.models import District
from portal.rate_limits import RateLimited
from tests.accounts.factories import UserFactory
from tests.challenges.factories import ChallengeFactory
from tests.ideas.factories import IdeaCoauthorFactory, IdeaFactory
from tests.languages import in_each_language

pytestmark = pytest.mark.django_db


def propose(actor, **fields):
    values = {"title": "Benches along the shore path", "body": "Older residents need places to rest."}
    return services.idea_create(actor=actor, **{**values, **fields})


class TestPropose:
    def test_propose_an_idea(self, resident):
        resident.language = "fi"
        district = District.objects.first()
        idea = propose(
            resident,
            title="  Penkkejä   rantaraitille ",
            body="Lisää **penkkejä**.",
            goals=["health", "participation"],
            district=district,
        )
        assert idea.title == "Penkkejä rantaraitille"
        assert idea.language == "fi"  # the author's language by default
        assert idea.body_html == "<p>Lisää <strong>penkkejä</strong>.</p>"
        assert set(idea.goals.values_list("slug", flat=True)) == {"health", "participation"}
        assert idea.status == Idea.Status.PUBLISHED
        assert idea.status_changes.get().status == Idea.Status.PUBLISHED
        # The author follows their idea.
        assert Follow.objects.for_target(idea).filter(user=resident).exists()
        idea.refresh_from_db()
        assert idea.follower_count == 1

    @pytest.mark.parametrize(
        ("title", "body", "message"),
        [
            ("", "Text", "Give your idea a title."),
            ("   ", "Text", "Give your idea a title."),
            ("Title", "", "Describe your idea"),
            ("x" * 151, "Text", "at most 150 characters"),
            ("Title", "x" * 10001, "at most 10000 characters"),
        ],
    )
    def test_bad_title_or_text_is_refused_with_a_clear_message(self, resident, title, body, message):
        with pytest.raises(ValidationError) as error:
            propose(resident, title=title, body=body)
        assert message in str(error.value)
        assert not Idea.objects.exists()

    def test_script_and_html_are_rendered_inert(self, resident):
        idea = propose(
            resident, body='<script>alert("x")</script><a href="javascript:alert(1)" onclick="x()">link</a>'
        )
        assert "<script" not in idea.body_html
        assert "javascript:" not in idea.body_html and "onclick" not in idea.body_html

    def test_a_visitor_cannot_propose(self, db):
        from django.contrib.auth.models import AnonymousUser

        with pytest.raises(PermissionDenied):
            propose(AnonymousUser())

    def test_in_a_challenge_only_while_it_takes_ideas(self, resident):
        open_challenge = ChallengeFactory(phase=Phase.IDEAS)
        assert propose(resident, challenge=open_challenge).challenge == open_challenge
        for phase in (Phase.DRAFT, Phase.UPCOMING, Phase.PROPOSALS, Phase.EVALUATION, Phase.CLOSED):
            challenge = ChallengeFactory(phase=phase)
            with pytest.raises(ValidationError, match="does not take ideas now"):
                propose(resident, challenge=challenge)
        assert Idea.objects.count() == 1

    def test_co_authors_are_invited_and_unknown_addresses_refused(self, resident):
        colleague = UserFactory(email="elina@example.org")
        with pytest.raises(ValidationError, match=r"nobody@example\.org has an account"):
            propose(resident, coauthor_emails=["ELINA@example.org", "nobody@example.org"])
        assert not Idea.objects.exists()
        with pytest.raises(ValidationError, match="author already"):
            propose(resident, coauthor_emails=[resident.email])
        idea = propose(resident, coauthor_emails=["ELINA@example.org"])
        invitation = IdeaCoauthor.objects.get()
        assert (invitation.user, invitation.accepted_at) == (colleague, None)
        assert not idea.is_author(colleague)

    def test_rate_limit_on_ideas(self, resident, settings):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, "idea": (2, 60)}
        propose(resident)
        propose(resident)
        with pytest.raises(RateLimited) as error:
            propose(resident)
        assert "You can propose another one at" in error.value.messages[0]
        assert Idea.objects.count() == 2


class TestEditAndUpdates:
    def test_authors_edit_until_the_first_vote(self, resident):
        idea = propose(resident)
        services.idea_edit(
            actor=resident, idea=idea, title="New title", body="New text", language="sv", goals=["health"]
        )
        idea.refresh_from_db()
        assert (idea.title, idea.body_html, idea.language) == ("New title", "<p>New text</p>", "sv")
        engagement.vote_cast(actor=UserFactory(), target=idea)
        with pytest.raises(ValidationError) as error:
            services.idea_edit(actor=resident, idea=idea, title="Changed", body="Changed", language="sv")
        assert error.value.code == "idea_locked"
        idea.refresh_from_db()
        assert idea.title == "New title"

    def test_the_first_comment_locks_too(self, resident):
        idea = propose(resident)
        engagement.comment_create(actor=UserFactory(), target=idea, body="Nice")
        with pytest.raises(ValidationError, match="Add an update"):
            services.idea_edit(actor=resident, idea=idea, title="Changed", body="Changed", language="en")

    def test_only_authors_and_accepted_coauthors_edit(self, resident, official, moderator):
        idea = propose(resident)
        invited = IdeaCoauthorFactory(idea=idea, accepted_at=None).user
        accepted = IdeaCoauthorFactory(idea=idea).user
        for outsider in (official, moderator, invited, UserFactory()):
            with pytest.raises(PermissionDenied):
                services.idea_edit(actor=outsider, idea=idea, title="X", body="Y", language="en")
        services.idea_edit(actor=accepted, idea=idea, title="By the co-author", body="Y", language="en")
        assert Idea.objects.get().title == "By the co-author"

    def test_updates_once_locked(self, resident):
        idea = propose(resident)
        with pytest.raises(ValidationError, match="edit the idea itself"):
            services.idea_post_update(actor=resident, idea=idea, body="News")
        engagement.vote_cast(actor=UserFactory(), target=idea)
        idea.refresh_from_db()
        with pytest.raises(ValidationError, match="Write the update"):
            services.idea_post_update(actor=resident, idea=idea, body=" ")
        update = services.idea_post_update(actor=resident, idea=idea, body="We met the city on *Monday*.")
        assert update.body_html == "<p>We met the city on <em>Monday</em>.</p>"
        with pytest.raises(PermissionDenied):
            services.idea_post_update(actor=UserFactory(), idea=idea, body="Not mine")
        assert IdeaUpdate.objects.count() == 1


class TestCoauthors:
    def test_invite_accept_and_leave(self, resident):
        idea = propose(resident)
        colleague = UserFactory()
        services.idea_invite_coauthor(actor=resident, idea=idea, email=colleague.email)
        with pytest.raises(ValidationError, match="already invited"):
            services.idea_invite_coauthor(actor=resident, idea=idea, email=colleague.email)
        with pytest.raises(PermissionDenied):
            services.idea_invite_coauthor(actor=colleague, idea=idea, email=UserFactory().email)
        services.idea_accept_coauthorship(actor=colleague, idea=idea)
        assert idea.is_author(colleague)
        assert Follow.objects.for_target(idea).filter(user=colleague).exists()
        # A co-author cannot invite others; only the author can.
        with pytest.raises(PermissionDenied):
            services.idea_invite_coauthor(actor=colleague, idea=idea, email=UserFactory().email)
        services.idea_leave_coauthorship(actor=colleague, idea=idea)
        assert not idea.is_author(colleague)

    def test_accepting_without_an_invitation(self, resident):
        with pytest.raises(ValidationError, match="no invitation"):
            services.idea_accept_coauthorship(actor=resident, idea=IdeaFactory())


class TestOfficialAnswers:
    def test_answer_with_status_goes_into_the_history(self, resident, official):
        idea = propose(resident)
        services.idea_answer(
            actor=official,
            idea=idea,
            status="under_consideration",
            answer=in_each_language("We are *looking*."),
        )
        services.idea_answer(
            actor=official, idea=idea, status="accepted", answer=in_each_language("Benches come in May.")
        )
        idea.refresh_from_db()
        assert idea.status == Idea.Status.ACCEPTED
        assert idea.official_answer_html == "<p>Benches come in May.</p>"
        history = list(IdeaStatusChange.objects.filter(idea=idea).values_list("status", "actor"))
        assert history == [
            ("published", resident.pk),
            ("under_consideration", official.pk),
            ("accepted", official.pk),
        ]

    def test_answer_needs_text_and_a_real_status(self, resident, official):
        idea = propose(resident)
        with pytest.raises(ValidationError, match="Write the answer"):
            services.idea_answer(actor=official, idea=idea, status="accepted", answer="")
        with pytest.raises(ValidationError, match="Choose one"):
            services.idea_answer(
                actor=official, idea=idea, status="merged", answer=in_each_language("Sneaky")
            )
        assert IdeaStatusChange.objects.count() == 1

    @pytest.mark.parametrize("role", ["resident", "moderator"])
    def test_only_officials_answer(self, request, role):
        idea = IdeaFactory()
        with pytest.raises(PermissionDenied):
            services.idea_answer(
                actor=request.getfixturevalue(role),
                idea=idea,
                status="accepted",
                answer=in_each_language("Yes"),
            )


class TestMerge:
    def test_merge_moves_votes_and_followers_counting_each_person_once(self, official):
        original = propose(UserFactory(), title="Shore benches")
        duplicate = propose(UserFactory(), title="Benches by the sea")
        both = [UserFactory() for _ in range(3)]
        only_duplicate = [UserFactory() for _ in range(2)]
        only_original = [UserFactory() for _ in range(4)]
        for user in both + only_duplicate:
            engagement.vote_cast(actor=user, target=duplicate)
        for user in both + only_original:
            engagement.vote_cast(actor=user, target=original)
        engagement.follow_start(actor=both[0], target=duplicate)
        engagement.follow_start(actor=both[0], target=original)
        engagement.comment_create(actor=only_duplicate[0], target=duplicate, body="Me too")  # follows

        result = services.idea_merge(actor=official, duplicate=duplicate, original=original)

        assert result.vote_count == 3 + 2 + 4 == Vote.objects.for_target(original).count()
        voters = set(Vote.objects.for_target(original).values_list("user", flat=True))
        assert voters == {user.pk for user in both + only_duplicate + only_original}
        # Followers: both authors, both[0] once, the commenter.
        assert result.follower_count == 4 == Follow.objects.for_target(original).count()
        duplicate.refresh_from_db()
        assert (duplicate.status, duplicate.merged_into) == (Idea.Status.MERGED, original)
        assert (duplicate.vote_count, duplicate.follower_count) == (0, 0)
        assert duplicate.comment_count == 1  # the discussion stays where it was written
        assert "Shore benches" in duplicate.official_answer
        assert duplicate.status_changes.last().status == Idea.Status.MERGED
        assert not Vote.objects.for_target(duplicate).exists()

    def test_a_vote_for_a_merged_idea_is_refused(self, official, resident):
        original, duplicate = IdeaFactory(), IdeaFactory()
        services.idea_merge(actor=official, duplicate=duplicate, original=original)
        with pytest.raises(ValidationError, match="merged"):
            engagement.vote_cast(actor=resident, target=duplicate)

    def test_merge_checks(self, official, resident):
        first, second, third = IdeaFactory(), IdeaFactory(), IdeaFactory()
        with pytest.raises(ValidationError, match="into itself"):
            services.idea_merge(actor=official, duplicate=first, original=first)
        services.idea_merge(actor=official, duplicate=second, original=third)
        with pytest.raises(ValidationError, match="already merged"):
            services.idea_merge(actor=official, duplicate=second, original=first)
        with pytest.raises(ValidationError, match="Merge into that one"):
            services.idea_merge(actor=official, duplicate=first, original=second)
        with pytest.raises(PermissionDenied):
            services.idea_merge(actor=resident, duplicate=first, original=third)

    def test_earlier_merges_point_to_the_final_original(self, official):
        first, second, third = IdeaFactory(), IdeaFactory(), IdeaFactory()
        services.idea_merge(actor=official, duplicate=first, original=second)
        services.idea_merge(actor=official, duplicate=second, original=third)
        first.refresh_from_db()
        assert first.merged_into == third


class TestPromote:
    def test_promote_creates_a_draft_challenge_that_links_back(self, official, resident):
        idea = propose(
            resident,
            title="Night buses to Otaniemi",
            body="Students need **late** buses.",
            goals=["vitality"],
        )
        challenge = services.idea_promote(actor=official, idea=idea)
        assert challenge.published_at is None  # a draft
        assert challenge.title == "Night buses to Otaniemi"
        assert challenge.summary == "Students need late buses."
        assert idea.get_absolute_url() in challenge.description
        assert list(challenge.curators.all()) == [official]
        assert list(challenge.goals.values_list("slug", flat=True)) == ["vitality"]
        assert (
            challenge.ideas_open < challenge.ideas_close <= challenge.proposals_close < challenge.piloting_end
        )
        assert list(challenge.promoted_from_ideas.all()) == [idea]
        with pytest.raises(ValidationError, match="already been promoted"):
            services.idea_promote(actor=official, idea=idea)
        assert Challenge.objects.count() == 1

    def test_only_officials_promote(self, resident):
        with pytest.raises(PermissionDenied):
            services.idea_promote(actor=resident, idea=IdeaFactory(author=resident))
        assert not Challenge.objects.exists()
