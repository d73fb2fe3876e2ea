"""Journey 1, a resident in a real browser: signs up and confirms the email from the link the portal
sent, browses the open challenges, follows one and proposes an idea in it (seeing similar ideas
while typing), votes for a neighbour's idea by keyboard alone, replies to a comment, sees the
notification of the answer arrive, and downloads their data."""

import json
from pathlib import Path

import pytest
from django.core import mail

from accounts.models import User
from challenges.models import Phase
from engagement import services as engagement
from engagement.models import Comment, Follow, Vote
from ideas.models import Idea
from tests.accounts.factories import UserFactory
from tests.challenges.factories import ChallengeFactory
from tests.e2e.conftest import check_accessibility, link_from_email, press_tab_until
from tests.ideas.factories import IdeaFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_resident_journey(page):
    base = page.base_url
    challenge = ChallengeFactory(
        title="Quieter evenings in Tapiola",
        slug="quieter-evenings",
        phase=Phase.IDEAS,
        goals=["participation"],
    )
    ChallengeFactory(title="Snow clearing in 2024", phase=Phase.CLOSED)
    neighbour = UserFactory(name="Mikael Lindqvist")
    theirs = IdeaFactory(title="Evening buses from Tapiola centre", challenge=challenge, author=neighbour)
    question = engagement.comment_create(actor=neighbour, target=theirs, body="Which lines matter most?")

    # Sign up, then confirm the address with the link from the email.
    # A mistyped address first: the portal's own 404 page, in its layout.
    page.goto(f"{base}/en/challenge/")
    page.get_by_role("heading", name="Page not found").wait_for()
    check_accessibility(page, "error-404")
    page.get_by_role("link", name="Back to the front page").click()
    page.get_by_role("link", name="Sign up").first.wait_for()
    check_accessibility(page, "home")
    # The skip link is the first thing the keyboard reaches.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("Email").fill("aino@example.org")
    page.get_by_label("Name").fill("Aino Virtanen")
    page.locator("#id_password1").fill("Tapiola-evenings-2026")
    page.locator("#id_password2").fill("Tapiola-evenings-2026")
    check_accessibility(page, "resident-sign-up")
    page.locator("main").get_by_role("button", name="Sign Up").click()
    page.get_by_role("heading", name="Verify Your Email Address").wait_for()
    check_accessibility(page, "resident-verify-email")
    confirmation = mail.outbox[-1]
    assert confirmation.to == ["aino@example.org"]
    page.goto(base + link_from_email(confirmation))
    check_accessibility(page, "resident-confirm-email")
    page.locator("main").get_by_role("button", name="Confirm").click()
    page.get_by_role("link", name="Aino Virtanen").wait_for()
    aino = User.objects.get(email="aino@example.org")
    assert aino.emailaddress_set.get().verified

    # Browse the challenges open now: the closed one is filtered out.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Challenges").click()
    page.get_by_label("Open for ideas or proposals now").check()
    page.locator("main").get_by_role("button", name="Show").click()
    page.wait_for_url("**open=on**")
    assert page.locator("main").get_by_role("link", name="Snow clearing in 2024").count() == 0
    check_accessibility(page, "resident-challenges-open")
    page.locator("main").get_by_role("link", name="Quieter evenings in Tapiola").click()
    page.get_by_role("heading", name="Quieter evenings in Tapiola", level=1).wait_for()
    check_accessibility(page, "resident-challenge")

    # Follow the challenge, in place.
    page.get_by_role("button", name="Follow", exact=True).click()
    page.get_by_role("button", name="Stop following").wait_for()
    assert Follow.objects.for_target(challenge).filter(user=aino).exists()

    # Propose an idea in it; similar ideas show while the title is typed.
    page.locator("main").get_by_role("link", name="Propose an idea").click()
    assert page.get_by_label("Challenge").input_value() == str(challenge.pk)
    page.get_by_label("Title").press_sequentially("Evening buses", delay=20)
    page.locator("#similar-ideas").get_by_role("link", name="Evening buses from Tapiola centre").wait_for()
    check_accessibility(page, "resident-idea-form-similar")
    page.get_by_label("Title").fill("A late shuttle from Tapiola to Otaniemi")
    page.get_by_label("Description").fill("A small bus every half hour until **midnight**.")
    page.get_by_label("Participation").check()
    page.get_by_role("button", name="Publish the idea").click()
    page.get_by_role("heading", name="A late shuttle from Tapiola to Otaniemi").wait_for()
    mine = Idea.objects.get(title="A late shuttle from Tapiola to Otaniemi")
    assert mine.author == aino and mine.challenge == challenge
    check_accessibility(page, "resident-idea-mine")

    # Vote for the neighbour's idea with the keyboard only: Tab to the button, then Enter.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Ideas").click()
    check_accessibility(page, "resident-ideas")
    page.locator("main").get_by_role("link", name="Evening buses from Tapiola centre").click()
    page.get_by_role("heading", name="Evening buses from Tapiola centre").wait_for()
    vote_button = f"#vote-button-ideas-idea-{theirs.pk}"
    assert page.locator(vote_button).count() == 1, "the vote button's id changed"
    press_tab_until(page, vote_button)
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Withdraw my vote").wait_for()
    assert Vote.objects.for_target(theirs).filter(user=aino).exists()

    # Reply to the neighbour's comment.
    page.locator(f"#comment-{question.pk} summary").click()
    page.get_by_label("Your reply to Mikael Lindqvist").fill("The 110 and the 147, after ten.")
    page.get_by_role("button", name="Post the reply").click()
    page.locator(".comment-replies").get_by_text("after ten").wait_for()
    reply = Comment.objects.get(author=aino)
    assert reply.parent == question
    check_accessibility(page, "resident-idea-discussion")

    # The neighbour answers; the notification is there on the next page Aino opens.
    engagement.comment_create(actor=neighbour, target=theirs, body="Thanks, noted!", parent=question)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Challenges").click()
    bell = page.get_by_role("link", name="Notifications")
    assert " ".join(bell.inner_text().split()) == "Notifications 1 unread"
    bell.click()
    notice = page.locator("main").get_by_role("link", name="Mikael Lindqvist replied in the discussion")
    notice.wait_for()
    check_accessibility(page, "resident-notifications")
    notice.click()
    page.wait_for_url(f"**{theirs.get_absolute_url()}*")

    # Download everything the portal holds about her.
    page.get_by_role("link", name="Aino Virtanen").click()
    page.get_by_role("link", name="Your data").click()
    page.get_by_role("button", name="Prepare my data").click()
    page.get_by_text("We are preparing your data").wait_for()
    check_accessibility(page, "resident-my-data")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download (prepared").first.click()
    data = json.loads(Path(download_info.value.path()).read_text())
    assert data["accounts"]["profile"]["email"] == "aino@example.org"
    assert data["accounts"]["profile"]["name"] == "Aino Virtanen"
    # Her idea, her reply, her vote and her follow are in it; the neighbour's words are not.
    assert [(idea["id"], idea["title"]) for idea in data["ideas"]["ideas"]] == [(mine.pk, mine.title)]
    [comment] = data["engagement"]["comments"]
    assert comment["text"] == "The 110 and the 147, after ten."
    assert comment["reply_to"] == question.pk and comment["on"]["id"] == theirs.pk
    assert [(vote["item"], vote["id"]) for vote in data["engagement"]["votes"]] == [("idea", theirs.pk)]
    followed = {(follow["item"], follow["id"]) for follow in data["engagement"]["follows"]}
    assert {("challenge", challenge.pk), ("idea", mine.pk), ("idea", theirs.pk)} == followed
    assert "Which lines matter most?" not in json.dumps(data, ensure_ascii=False)
    kinds = [row["kind"] for row in data["notifications"]["notifications"]]
    assert "comment.reply" in kinds
