"""Neighbours vote for and discuss an idea in a real browser, without a page reload (htmx), and an
error from htmx is announced. Proposing an idea is journey 1 (test_resident_journey.py), and a
moderator hiding a flagged comment is journey 3 (test_official_journey.py)."""

import pytest

from engagement.models import Comment, Vote
from ideas.models import Idea
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import check_accessibility, log_in
from tests.ideas.factories import IdeaFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def test_neighbours_vote_and_discuss_without_a_reload(open_page):
    # Proposing, with similar ideas while typing, is journey 1 (test_resident_journey.py).
    aino = UserFactory(name="Aino Virtanen")
    idea = IdeaFactory(title="Longer library hours in Sello", author=aino)

    # A neighbour votes and comments; the page is not reloaded in between.
    neighbour = UserFactory(name="Mikael Lindqvist")
    other = open_page()
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
