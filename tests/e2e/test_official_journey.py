"""Journey 3, a city official in a real browser: drafts a challenge with evaluation criteria and
publishes it, appoints an evaluator who (in a browser of their own) declares no conflict and scores
a proposal; the official shortlists and accepts it, answers an idea with an official status,
promotes another idea into a new challenge, and hides a flagged comment from the moderation queue.

The journey starts from what others bring: a startup's submitted proposal, residents' ideas and a
flagged comment are made with the factories and services.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from challenges.models import Challenge, Phase
from engagement import services as engagement
from engagement.models import Flag
from ideas.models import Idea
from pilots.models import Pilot, Review
from tests.accounts.factories import OrganizationFactory, UserFactory
from tests.e2e.conftest import check_accessibility, log_in
from tests.ideas.factories import IdeaFactory
from tests.pilots.factories import PilotFactory

pytestmark = pytest.mark.django_db(transaction=True)


def local(moment) -> str:
    """A moment as the browser's date and time picker takes it, in Helsinki time."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_official_journey(page, open_page, settings):
    settings.FLAGS_TO_HIDE = 2
    base = page.base_url
    official = UserFactory(name="Leena Official", is_official=True, is_moderator=True)
    evaluator = UserFactory(name="Pekka Evaluator", email="pekka@example.org", is_official=True)
    now = timezone.now()

    # Draft the challenge with its timeline and two criteria.
    log_in(page, official)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Challenges").click()
    check_accessibility(page, "official-challenges")
    page.locator("main").get_by_role("link", name="New challenge").click()
    asks = page.get_by_role("group", name="What the city asks")
    asks.get_by_label("Title").fill("Warm bus stops in Espoonlahti")
    asks.get_by_label("Summary").fill("Shelters that keep people warm while they wait.")
    asks.get_by_label("Description").fill("Winter waits at bus stops are **cold**. Show us better shelters.")
    asks.get_by_label("Sustainability").check()
    asks.get_by_label("Department").fill("Urban Environment")
    page.get_by_label("Total budget (€)").fill("60000")
    page.get_by_label("Most per pilot (€)").fill("20000")
    timeline = page.get_by_role("group", name="Timeline")
    dates = {
        "Ideas open": now - timedelta(days=1),
        "Ideas close": now + timedelta(days=10),
        "Proposals open": now - timedelta(days=1),
        "Proposals close": now + timedelta(days=20),
        "Evaluation ends": now + timedelta(days=30),
        "Piloting ends": now + timedelta(days=200),
    }
    for label, moment in dates.items():
        timeline.get_by_label(label).fill(local(moment))
    first = page.get_by_role("group", name="Criterion 1")
    second = page.get_by_role("group", name="Criterion 2")
    first.get_by_label("Name").fill("Warmth for the waiting")
    first.get_by_label("Weight").fill("60")
    second.get_by_label("Name").fill("Cost to run")
    second.get_by_label("Weight").fill("40")
    check_accessibility(page, "official-challenge-form")
    page.get_by_role("button", name="Save the draft").click()
    page.get_by_text("The draft “Warm bus stops in Espoonlahti” was saved").wait_for()
    challenge = Challenge.objects.get(title="Warm bus stops in Espoonlahti")
    criteria = list(challenge.criteria.order_by("position"))
    assert [c.name for c in criteria] == ["Warmth for the waiting", "Cost to run"]
    check_accessibility(page, "official-challenge-draft")
    page.get_by_role("button", name="Publish the challenge").click()
    page.get_by_text("The challenge is now public.").wait_for()
    challenge.refresh_from_db()
    assert challenge.is_published

    # Appoint the evaluator.
    page.get_by_role("link", name="Curators and evaluators").click()
    appoint = page.locator("form", has_text="Appoint an evaluator")
    appoint.get_by_label("Email address").fill("pekka@example.org")
    page.get_by_role("button", name="Appoint", exact=True).click()
    page.get_by_text("Pekka Evaluator is now an evaluator of this challenge.").wait_for()
    check_accessibility(page, "official-challenge-people")

    # A startup submits a proposal; then the deadline passes.
    proposal = PilotFactory(
        challenge=challenge,
        organization=OrganizationFactory(name="Lämpö Oy"),
        title="Heated benches at Espoonlahti",
        status=Pilot.Status.SUBMITTED,
    )
    Challenge.objects.filter(pk=challenge.pk).update(
        ideas_close=timezone.now() - timedelta(minutes=1), proposals_close=timezone.now()
    )

    # The official opens the proposal for review from the ranking.
    page.goto(base + challenge.get_absolute_url())
    page.get_by_role("link", name="Proposals and ranking (curators)").click()
    page.get_by_role("button", name="Open for review").click()
    page.get_by_text("“Heated benches at Espoonlahti” is open for review.").wait_for()

    # The evaluator, in a browser of their own, declares no conflict and scores.
    evaluating = open_page()
    log_in(evaluating, evaluator)
    evaluating.goto(base + challenge.get_absolute_url())
    evaluating.get_by_role("link", name="Heated benches at Espoonlahti").first.click()
    evaluating.get_by_role("heading", name="Step 1: conflict of interest").wait_for()
    evaluating.get_by_label("No, I have no conflict of interest").check()
    check_accessibility(evaluating, "evaluator-conflict")
    evaluating.get_by_role("button", name="Continue").click()
    evaluating.locator(f"input[name=score_{criteria[0].pk}][value='4']").check()
    evaluating.locator(f"input[name=score_{criteria[1].pk}][value='3']").check()
    evaluating.get_by_label("Overall comment (for the curators)").fill("Warm, and cheap to run.")
    check_accessibility(evaluating, "evaluator-scores")
    evaluating.get_by_role("button", name="Submit the review").click()
    evaluating.get_by_text("Your review was submitted. Thank you!").wait_for()
    review = Review.objects.get(pilot=proposal, evaluator=evaluator)
    assert not review.conflict_of_interest
    assert sorted(review.scores.values_list("score", flat=True)) == [3, 4]

    # The official shortlists and accepts it.
    page.reload()
    row = page.locator("tr", has_text="Heated benches at Espoonlahti")
    assert row.locator("td strong").inner_text() == "3.60"  # (4 × 60 + 3 × 40) / 100
    check_accessibility(page, "official-ranking")
    # In Swedish the switcher keeps the place, and the score has a decimal comma.
    page.get_by_role("button", name="Svenska").click()
    page.wait_for_url(f"**/sv/challenges/{challenge.slug}/proposals/")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert row.locator("td strong").inner_text() == "3,60"
    check_accessibility(page, "official-ranking-sv")
    page.get_by_role("button", name="English").click()
    page.wait_for_url(f"**/en/challenges/{challenge.slug}/proposals/")
    page.get_by_role("button", name="Shortlist").click()
    page.get_by_text("“Heated benches at Espoonlahti” was shortlisted.").wait_for()
    page.locator("summary", has_text="Accept…").click()
    page.get_by_label("A note for the team (optional)").fill("Start with three stops.")
    page.get_by_role("button", name="Accept “Heated benches at Espoonlahti”").click()
    page.get_by_text("“Heated benches at Espoonlahti” was accepted.").wait_for()
    proposal.refresh_from_db()
    assert proposal.status == Pilot.Status.ACCEPTED and proposal.decision_reason == "Start with three stops."

    # Answer a resident's idea with an official status.
    answered = IdeaFactory(title="Heaters at the Espoonlahti metro stop", challenge=challenge)
    page.goto(base + answered.get_absolute_url())
    tools = page.locator(".official-tools")
    tools.get_by_label("Status").select_option("under_consideration")
    tools.get_by_label("Public answer").fill("We are **measuring** the waiting times this winter.")
    check_accessibility(page, "official-idea-tools")
    tools.get_by_role("button", name="Publish the answer").click()
    page.locator(".official-answer").get_by_text("measuring").wait_for()
    answered.refresh_from_db()
    assert answered.status == Idea.Status.UNDER_CONSIDERATION

    # Promote another idea into a new (draft) challenge.
    promoted = IdeaFactory(title="Library book drop at every station")
    page.goto(base + promoted.get_absolute_url())
    page.get_by_role("button", name="Create a draft challenge").click()
    page.get_by_text("was created. You curate it").wait_for()
    promoted.refresh_from_db()
    new_challenge = promoted.promoted_challenge
    assert new_challenge is not None and not new_challenge.is_published
    assert official in new_challenge.curators.all()
    page.locator("#status").get_by_role("link", name=new_challenge.title).click()
    page.get_by_text("This challenge is a draft: only its curators can see it.").wait_for()
    assert new_challenge.phase_at(timezone.now()) == Phase.DRAFT
    check_accessibility(page, "official-promoted-challenge")

    # Hide a comment that residents flagged, from the moderation queue.
    rude = engagement.comment_create(
        actor=UserFactory(), target=answered, body="Buy cheap watches at example.com"
    )
    for _ in range(2):
        engagement.flag_create(actor=UserFactory(), target=rude, reason=Flag.Reason.SPAM)
    page.get_by_role("link", name="Moderation").click()
    check_accessibility(page, "official-moderation-queue")
    page.get_by_role("link", name="Comment: Buy cheap watches").click()
    check_accessibility(page, "official-moderation-item")
    page.get_by_label("Reason").fill("Advertising is not allowed in the discussion.")
    page.get_by_role("button", name="Hide").click()
    page.get_by_text("Nothing to review").wait_for()
    rude.refresh_from_db()
    assert rude.hidden_reason == "Advertising is not allowed in the discussion."
