"""Who hears of comments, replies, answers, merges, moderation and new ideas — once each."""

from collections import Counter

from challenges.models import Phase
from engagement import services as engagement
from ideas import services as ideas
from notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.challenges.factories import ChallengeFactory
from tests.ideas.factories import IdeaFactory
from tests.languages import in_each_language


def kinds_by_person(**filters) -> dict[int, list[str]]:
    told: dict[int, list[str]] = {}
    for recipient, kind in Notification.objects.filter(**filters).values_list("recipient", "event__kind"):
        told.setdefault(recipient, []).append(kind)
    return told


def test_a_comment_and_a_reply_reach_each_person_once(db, django_capture_on_commit_callbacks):
    idea = IdeaFactory()
    follower, commenter, replier = UserFactory(), UserFactory(), UserFactory()
    engagement.follow_start(actor=follower, target=idea)
    with django_capture_on_commit_callbacks(execute=True):
        first = engagement.comment_create(actor=commenter, target=idea, body="Benches, yes.")
    told = kinds_by_person()
    assert told == {idea.author_id: ["comment.on_your_item"], follower.pk: ["comment.on_followed"]}

    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        engagement.comment_create(actor=replier, target=idea, body="And shade.", parent=first)
    told = kinds_by_person()
    # The commenter (now a follower too) hears of the reply once, as a reply; nobody twice.
    assert told == {
        idea.author_id: ["comment.on_your_item"],
        commenter.pk: ["comment.reply"],
        follower.pk: ["comment.on_followed"],
    }
    assert all(
        count == 1 for count in Counter(Notification.objects.values_list("recipient", flat=True)).values()
    )


def test_an_official_answer_reaches_author_and_followers(official, django_capture_on_commit_callbacks):
    idea = IdeaFactory()
    follower = UserFactory()
    engagement.follow_start(actor=follower, target=idea)
    with django_capture_on_commit_callbacks(execute=True):
        ideas.idea_answer(
            actor=official,
            idea=idea,
            status="under_consideration",
            answer=in_each_language("We look into it."),
        )
    assert kinds_by_person() == {idea.author_id: ["idea.status"], follower.pk: ["idea.status"]}


def test_a_merge_tells_both_authors(official, django_capture_on_commit_callbacks):
    duplicate, original = IdeaFactory(), IdeaFactory()
    with django_capture_on_commit_callbacks(execute=True):
        ideas.idea_merge(actor=official, duplicate=duplicate, original=original)
    assert set(kinds_by_person(event__kind="idea.merged")) == {duplicate.author_id, original.author_id}


def test_moderation_tells_the_author_and_is_audited(moderator, django_capture_on_commit_callbacks):
    from portal.models import AuditEntry

    idea = IdeaFactory()
    comment = engagement.comment_create(actor=UserFactory(), target=idea, body="Rude words")
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        engagement.moderation_hide(actor=moderator, target=comment, reason="Please keep it civil.")
    assert kinds_by_person() == {comment.author_id: ["moderation"]}
    assert AuditEntry.objects.filter(action="moderation.hide", actor=moderator).exists()


def test_a_new_idea_in_a_challenge_reaches_its_followers(resident, django_capture_on_commit_callbacks):
    challenge = ChallengeFactory(phase=Phase.IDEAS)
    follower = UserFactory()
    engagement.follow_start(actor=follower, target=challenge)
    with django_capture_on_commit_callbacks(execute=True):
        ideas.idea_create(actor=resident, title="Shade at the stops", body="Trees.", challenge=challenge)
    assert kinds_by_person(event__kind="challenge.new_idea") == {follower.pk: ["challenge.new_idea"]}
