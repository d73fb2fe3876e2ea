"""A resident's idea in a real browser: similar ideas while typing, proposing, then neighbours vote
and discuss without a page reload, and a moderator works the queue."""

import pytest

from engagement import services as engagement
from engagement.models import Comment, Flag, Vote
from ideas.models import Idea
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import check_accessibility, log_in
from tests.ideas.factories import IdeaFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def test_propose_vote_and_discuss(page, browser):
    IdeaFactory(title="Library opening hours in the evening", goals=["participation"])
    aino = UserFactory(name="Aino Virtanen")
    log_in(page, aino)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Ideas").click()
    check_accessibility(page, "idea-list")
    page.locator("main").get_by_role("link", name="Propose an idea").click()
    page.get_by_label("Title").press_sequentially("Library hours", delay=20)
    # htmx asks for similar ideas while the title is typed.
    page.locator("#similar-ideas").get_by_role("link", name="Library opening hours in the evening").wait_for()
    check_accessibility(page, "idea-form-similar")

    page.get_by_label("Title").fill("Longer library hours in Sello")
    page.get_by_label("Description").fill("Open the self-service library until **22**.")
    page.get_by_label("Participation").check()
    page.get_by_role("button", name="Publish the idea").click()
    page.get_by_role("heading", name="Longer library hours in Sello").wait_for()
    idea = Idea.objects.get(title="Longer library hours in Sello")
    assert idea.author == aino and list(idea.goals.values_list("slug", flat=True)) == ["participation"]
    check_accessibility(page, "idea-page-author")

    # A neighbour votes and comments; the page is not reloaded in between.
    neighbour = UserFactory(name="Mikael Lindqvist")
    other = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB").new_page()
    other.set_default_timeout(15_000)
    other.base_url = page.base_url
    log_in(other, neighbour)
    other.goto(f"{other.base_url}{idea.get_absolute_url()}")
    other.evaluate("window.notReloaded = true")
    other.get_by_role("button", name="Vote for this").click()
    other.get_by_role("button", name="Withdraw my vote").wait_for()
    assert other.locator(".vote-box .count-number").inner_text() == "1"
    assert Vote.objects.for_target(idea).count() == 1

    other.get_by_label("Your comment").fill("Yes, *please*: I study in the evenings.")
    other.get_by_role("button", name="Post the comment").click()
    other.locator(".comment-body em", has_text="please").wait_for()
    # Commenters follow automatically, and the follow button says so at once.
    other.get_by_role("button", name="Stop following").wait_for()
    top = Comment.objects.get()

    other.locator(f"#comment-{top.pk} summary").click()
    other.get_by_label("Your reply to Mikael Lindqvist").fill("Replying to myself, to add: weekends too.")
    other.get_by_role("button", name="Post the reply").click()
    other.locator(".comment-replies").get_by_text("weekends too").wait_for()
    assert other.evaluate("window.notReloaded") is True
    check_accessibility(other, "idea-page-discussion")

    # An error from htmx is announced, and the text typed stays in the box.
    Idea.objects.filter(pk=idea.pk).update(status=Idea.Status.MERGED, merged_into=IdeaFactory())
    other.get_by_label("Your comment").fill("A comment that cannot be posted any more")
    other.get_by_role("button", name="Post the comment").click()
    other.get_by_role("alert").get_by_text("merged into another one").wait_for()
    assert other.get_by_label("Your comment").input_value() == "A comment that cannot be posted any more"
    other.context.close()


def test_moderator_hides_a_flagged_comment(page, settings):
    settings.FLAGS_TO_HIDE = 2
    idea = IdeaFactory(title="Benches by the shore")
    author = UserFactory(name="Rude Person")
    comment = engagement.comment_create(actor=author, target=idea, body="Buy cheap watches at example.com")
    for _ in range(2):
        engagement.flag_create(actor=UserFactory(), target=comment, reason=Flag.Reason.SPAM)
    moderator = UserFactory(name="Sara Moderator", is_moderator=True)
    log_in(page, moderator)
    page.get_by_role("link", name="Moderation").click()
    check_accessibility(page, "moderation-queue")
    page.get_by_role("link", name="Comment: Buy cheap watches").click()
    check_accessibility(page, "moderation-item")
    page.get_by_label("Reason").fill("Advertising is not allowed in the discussion.")
    page.get_by_role("button", name="Hide").click()
    page.get_by_text("Nothing to review").wait_for()
    comment.refresh_from_db()
    assert comment.hidden_reason == "Advertising is not allowed in the discussion."
