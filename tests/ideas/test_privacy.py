"""ideas.privacy: a person's ideas, co-authorships, updates and official answers in their data
download, and what deleting their account does to their ideas (see the module's docstring)."""

import pytest
from django.utils import timezone

from engagement import services as engagement
from engagement.models import Comment, Flag, Follow, Vote
from ideas import services
from ideas.models import Idea, IdeaCoauthor, IdeaStatusChange, IdeaUpdate
from portal.models import District, Goal
from privacy import services as privacy
from tests.accounts.factories import UserFactory
from tests.challenges.factories import ChallengeFactory
from tests.ideas.factories import IdeaCoauthorFactory, IdeaFactory
from tests.languages import in_each_language

pytestmark = pytest.mark.django_db

PASSWORD = "a-good-password-42"


def _delete(user, *, remove_contributions=False):
    privacy.account_delete(actor=user, password=PASSWORD, remove_contributions=remove_contributions)


def _counts_equal_rows(idea: Idea) -> bool:
    idea.refresh_from_db()
    shown = Comment.objects.for_target(idea).filter(deleted_at__isnull=True, hidden_at__isnull=True)
    return (idea.vote_count, idea.follower_count, idea.comment_count) == (
        Vote.objects.for_target(idea).count(),
        Follow.objects.for_target(idea).count(),
        shown.count(),
    )


@pytest.fixture
def aino(db):
    return UserFactory(name="Aino Virtanen")


@pytest.fixture
def mikael(db):
    return UserFactory(name="Mikael Lindqvist")


def _locked_idea(author, voter, **kwargs) -> Idea:
    """An idea someone else voted for (its text is then locked), with an update by its author."""
    idea = IdeaFactory(author=author, **kwargs)
    engagement.vote_cast(actor=voter, target=idea)
    idea.refresh_from_db()
    return idea


class TestExport:
    def test_holds_her_ideas_co_authorships_and_updates_and_nothing_of_others(self, aino, mikael, official):
        challenge = ChallengeFactory(title="Quieter evenings")
        district = District.objects.order_by("pk")[1]
        mine = IdeaFactory(
            author=aino,
            title="A late shuttle",
            body="Every half hour.",
            challenge=challenge,
            district=district,
        )
        mine.goals.add(Goal.objects.get(slug="participation"))
        engagement.vote_cast(actor=mikael, target=mine)
        services.idea_post_update(actor=aino, idea=mine, body="The bus company is interested.")
        theirs = IdeaFactory(author=mikael, title="Evening buses", body="Mikael's own words.")
        IdeaCoauthorFactory(idea=theirs, user=aino)
        services.idea_post_update(actor=mikael, idea=_locked_idea(mikael, aino), body="Mikael's update.")
        services.idea_answer(
            actor=official,
            idea=theirs,
            status="under_consideration",
            answer=in_each_language("We look into it."),
        )

        data = privacy.collect(aino)["ideas"]
        [idea] = data["ideas"]
        assert (
            idea["id"] == mine.pk and idea["title"] == "A late shuttle" and idea["text"] == "Every half hour."
        )
        assert idea["url"] == f"http://testserver/en/ideas/{mine.pk}/"
        assert idea["challenge"] == "Quieter evenings" and idea["district"] == str(district)
        assert idea["goals"] == ["participation"] and idea["status"] == "published"
        assert (idea["votes"], idea["comments"], idea["followers"]) == (1, 0, 0)
        assert [(c["idea"]["id"], bool(c["accepted_at"])) for c in data["co_authorships"]] == [
            (theirs.pk, True)
        ]
        assert [(u["idea"]["id"], u["text"]) for u in data["idea_updates"]] == [
            (mine.pk, "The bus company is interested.")
        ]
        assert data["idea_statuses_given"] == []
        text = privacy.to_json(privacy.collect(aino))
        assert "Mikael's own words." not in text and "Mikael's update." not in text

        # An official's answers are theirs too.
        given = privacy.collect(official)["ideas"]["idea_statuses_given"]
        assert [(g["idea"]["id"], g["status"], g["answer"]) for g in given] == [
            (theirs.pk, "under_consideration", "We look into it.")
        ]


class TestDeletionKeepingContributions:
    def test_ideas_stay_under_deleted_user_and_pending_invitations_go(self, aino, mikael, client):
        mine = _locked_idea(aino, mikael, title="A late shuttle")
        accepted = IdeaCoauthorFactory(idea=IdeaFactory(author=mikael), user=aino)
        pending = IdeaCoauthorFactory(idea=IdeaFactory(author=mikael), user=aino, accepted_at=None)
        _delete(aino)

        mine.refresh_from_db()
        assert mine.title == "A late shuttle" and mine.hidden_at is None and mine.author_id == aino.pk
        assert IdeaCoauthor.objects.filter(pk=accepted.pk).exists()
        assert not IdeaCoauthor.objects.filter(pk=pending.pk).exists()
        page = client.get(mine.get_absolute_url()).content.decode()
        assert "Deleted user" in page and "Aino Virtanen" not in page
        page = client.get(accepted.idea.get_absolute_url()).content.decode()
        assert "Mikael Lindqvist, Deleted user" in page
        assert _counts_equal_rows(mine)


class TestDeletionRemovingContributions:
    def test_an_idea_nobody_else_took_part_in_is_deleted_with_all_on_it(self, aino, mikael):
        idea = IdeaFactory(author=aino)
        engagement.vote_cast(actor=aino, target=idea)
        engagement.follow_start(actor=mikael, target=idea)  # following is not taking part
        engagement.comment_create(actor=aino, target=idea, body="Some more detail.")
        engagement.flag_create(actor=mikael, target=idea, reason="spam")
        IdeaCoauthorFactory(idea=idea, accepted_at=None)
        _delete(aino, remove_contributions=True)

        assert not Idea.objects.filter(pk=idea.pk).exists()
        for model in (Vote, Follow, Comment, Flag):
            assert not model.objects.filter(object_id=idea.pk, content_type__model="idea").exists()
        assert not IdeaCoauthor.objects.filter(idea_id=idea.pk).exists()

    def test_an_idea_others_voted_for_or_discussed_is_withdrawn_keeping_their_part(
        self, aino, mikael, moderator, client
    ):
        voted = _locked_idea(aino, mikael, title="A late shuttle")
        services.idea_post_update(actor=aino, idea=voted, body="An update of mine.")
        engagement.flag_create(actor=mikael, target=voted, reason="off_topic")
        discussed = IdeaFactory(author=aino)
        engagement.comment_create(actor=mikael, target=discussed, body="Good point, Aino.")
        _delete(aino, remove_contributions=True)

        for idea in (voted, discussed):
            idea.refresh_from_db()
            assert idea.is_removed and idea.hidden_at
            assert (idea.title, idea.body, idea.body_html) == ("", "", "")
            assert _counts_equal_rows(idea)
            assert client.get(idea.get_absolute_url()).status_code == 404
        assert voted.vote_count == 1 and Vote.objects.for_target(voted).get().user == mikael
        assert Comment.objects.for_target(discussed).get().body == "Good point, Aino."
        assert not IdeaUpdate.objects.filter(idea=voted).exists()
        assert not Flag.objects.for_target(voted).filter(resolved_at__isnull=True).exists()
        listed = client.get("/en/ideas/").content.decode()
        assert voted.get_absolute_url() not in listed

        client.force_login(moderator)
        page = client.get(voted.get_absolute_url()).content.decode()
        assert "Removed idea" in page and "Its author removed this idea" in page
        assert "A late shuttle" not in page

    def test_an_idea_the_city_acted_on_is_withdrawn_and_its_answer_stays(self, aino, official):
        answered = IdeaFactory(author=aino)
        services.idea_answer(
            actor=official, idea=answered, status="accepted", answer=in_each_language("We will do it.")
        )
        original = IdeaFactory(author=aino)
        services.idea_merge(actor=official, duplicate=IdeaFactory(), original=original)
        _delete(aino, remove_contributions=True)

        for idea in (answered, original):
            idea.refresh_from_db()
            assert idea.is_removed
        assert answered.status == "accepted" and answered.official_answer == "We will do it."
        assert IdeaStatusChange.objects.filter(
            idea=answered, actor=official, answer="We will do it."
        ).exists()

    def test_a_co_authored_idea_passes_to_the_co_author_who_accepted_first(self, aino, mikael, client):
        idea = _locked_idea(aino, mikael, title="A late shuttle")
        sara = UserFactory(name="Sara Niemi")
        first = IdeaCoauthorFactory(
            idea=idea, user=mikael, accepted_at=timezone.now() - timezone.timedelta(days=2)
        )
        IdeaCoauthorFactory(idea=idea, user=sara, accepted_at=timezone.now() - timezone.timedelta(days=1))
        _delete(aino, remove_contributions=True)

        idea.refresh_from_db()
        assert idea.author == mikael and idea.title == "A late shuttle" and idea.hidden_at is None
        assert not IdeaCoauthor.objects.filter(pk=first.pk).exists()
        assert list(idea.coauthorships.values_list("user", flat=True)) == [sara.pk]
        page = client.get(idea.get_absolute_url()).content.decode()
        assert "Mikael Lindqvist, Sara Niemi" in page and "Deleted user" not in page

    def test_her_part_in_others_ideas_ends(self, aino, mikael):
        theirs = _locked_idea(mikael, UserFactory())
        IdeaCoauthorFactory(idea=theirs, user=aino)
        services.idea_post_update(actor=aino, idea=theirs, body="Mine.")
        services.idea_post_update(actor=mikael, idea=theirs, body="Mikael's.")
        _delete(aino, remove_contributions=True)

        theirs.refresh_from_db()
        assert theirs.author == mikael and theirs.hidden_at is None
        assert not theirs.coauthorships.exists()
        assert list(theirs.updates.values_list("body", flat=True)) == ["Mikael's."]

    def test_an_officials_answers_stay_when_they_delete_their_account(self, official, mikael):
        idea = IdeaFactory(author=mikael)
        services.idea_answer(
            actor=official, idea=idea, status="accepted", answer=in_each_language("We will do it.")
        )
        _delete(official, remove_contributions=True)
        change = IdeaStatusChange.objects.get(idea=idea, status="accepted")
        assert change.actor_id == official.pk and change.answer == "We will do it."
        idea.refresh_from_db()
        assert idea.official_answer == "We will do it."
