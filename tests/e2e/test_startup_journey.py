"""Journey 2, a startup founder in a real browser: registers the organization, invites a colleague,
writes a pilot proposal as a draft, comes back to complete and submit it before the deadline, reads
the decision, and after acceptance starts the pilot, posts a progress update and the results.

The journey starts from a published challenge in its proposals phase (made with the factories);
the curator's review and decision go through the services, as the city's side is journey 3.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Invitation, Organization
from challenges.models import Challenge, Phase
from pilots import services as pilots
from pilots.models import Pilot
from tests.accounts.factories import UserFactory
from tests.challenges.factories import ChallengeFactory, CriterionFactory
from tests.e2e.conftest import check_accessibility, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_startup_journey(page):
    curator = UserFactory(name="Leena Official", is_official=True)
    challenge = ChallengeFactory(
        title="Greener commuting to Keilaniemi",
        slug="greener-commuting",
        phase=Phase.PROPOSALS,
        curators=[curator],
        budget_max_per_pilot=Decimal("20000"),
    )
    CriterionFactory(challenge=challenge, name="Impact", weight=2)
    founder = UserFactory(name="Mikael Lindqvist")

    # The founder registers the startup and invites a colleague.
    log_in(page, founder)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Organizations").click()
    check_accessibility(page, "organizations")
    page.get_by_role("link", name="Register an organization").first.click()
    page.get_by_label("Name").fill("Polku Mobility")
    page.get_by_label("Kind").select_option("company")
    page.get_by_label("Business ID").fill("0101263-5")
    page.locator("main").get_by_role("button", name="Register").click()
    # The error is announced in a summary that links to the field, and the input is kept.
    summary = page.locator(".form-errors")
    assert "check digit" in summary.inner_text()
    assert summary.get_by_role("link").first.get_attribute("href") == "#id_business_id"
    assert page.get_by_label("Name").input_value() == "Polku Mobility"
    assert page.get_by_label("Business ID").get_attribute("aria-invalid") == "true"
    check_accessibility(page, "organization-form-error")
    assert not Organization.objects.exists()
    page.get_by_label("Business ID").fill("0101263-6")
    page.locator("main").get_by_role("button", name="Register").click()
    page.get_by_role("heading", name="Polku Mobility").wait_for()
    check_accessibility(page, "startup-organization")
    organization = Organization.objects.get(name="Polku Mobility")
    page.get_by_label("Email address").fill("elina@example.org")
    page.get_by_role("button", name="Send invitation").click()
    page.get_by_text("An invitation was sent to elina@example.org").wait_for()
    assert Invitation.objects.get(organization=organization).email == "elina@example.org"
    assert mail.outbox[-1].to == ["elina@example.org"]

    # A first draft of the proposal, for the organization.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Challenges").click()
    page.locator("main").get_by_role("link", name="Greener commuting to Keilaniemi").click()
    check_accessibility(page, "startup-challenge-proposals-open")
    page.get_by_role("link", name="Submit a pilot proposal").click()
    page.get_by_label("Proposed by").select_option(label="Polku Mobility")
    page.get_by_label("Title").fill("Shared rides from Espoonlahti")
    page.get_by_label("Summary").fill("Neighbours who drive to Keilaniemi share their rides.")
    check_accessibility(page, "startup-proposal-form")
    page.get_by_role("button", name="Save as a draft").click()
    page.get_by_text("Your draft was saved").wait_for()
    pilot = Pilot.objects.get(title="Shared rides from Espoonlahti")
    assert pilot.status == Pilot.Status.DRAFT and pilot.organization == organization
    page.get_by_text("Still to fill in before you submit").wait_for()
    check_accessibility(page, "startup-proposal-draft")

    # Later, in a new session, the founder finds the draft on the profile and completes it.
    page.context.clear_cookies()
    log_in(page, founder, check="login")
    page.get_by_role("link", name="Mikael Lindqvist").click()
    check_accessibility(page, "startup-profile")
    page.get_by_role("link", name="Shared rides from Espoonlahti").click()
    page.get_by_role("link", name="Edit the proposal").click()
    check_accessibility(page, "startup-proposal-edit")
    page.get_by_label("Problem").fill("Rush-hour buses from Espoonlahti are **full**.")
    page.get_by_label("Solution").fill("An app matches neighbours who drive the same way.")
    page.get_by_label("Test site").fill("Keilaniemi")
    page.get_by_label("Schedule").fill("Three months from September.")
    page.get_by_label("Budget asked (€)").fill("1234.50")
    page.get_by_label("What the pilot needs from the city").fill("Traffic counts at the Keilaniemi junction.")
    page.get_by_label("How residents are involved").fill("Commuters test the app and tell us.")
    page.get_by_label("Participants wanted").fill("40")
    page.get_by_label("The pilot collects personal data").check()
    page.get_by_label("Personal data collected").fill("Name, email, home district.")
    page.get_by_label("Whose data").fill("Participants.")
    page.get_by_label("Why the data is collected").fill("To match rides.")
    page.get_by_label("Legal basis").select_option("consent")
    page.get_by_label("How long the data is kept").fill("Six months after the pilot.")
    page.get_by_label("Data contact").fill("privacy@polku.example.org")
    page.get_by_role("button", name="Save the draft").click()
    page.get_by_text("Your changes were saved.").wait_for()
    details = page.locator("details", has_text="Add a KPI")
    details.get_by_label("Indicator").fill("Car trips replaced")
    details.get_by_label("Unit").fill("trips")
    details.get_by_label("Target").fill("400")
    details.get_by_role("button", name="Add the KPI").click()
    page.get_by_text("The KPI was added.").wait_for()
    page.get_by_role("button", name="Submit the proposal").click()
    page.get_by_text("Your proposal was submitted").wait_for()
    pilot.refresh_from_db()
    assert pilot.status == Pilot.Status.SUBMITTED and pilot.budget_requested == Decimal("1234.50")
    check_accessibility(page, "startup-proposal-submitted")

    # The curators review it; after the deadline they accept it with a note.
    pilots.pilot_start_review(actor=curator, pilot=pilot)
    Challenge.objects.filter(pk=challenge.pk).update(proposals_close=timezone.now() - timedelta(minutes=1))
    pilots.pilot_decide(
        actor=curator, pilot=Pilot.objects.get(pk=pilot.pk), accept=True, reason="Start at Keilaniemi."
    )

    # The founder hears of it and reads the decision with its reasons.
    page.get_by_role("link", name="Notifications").click()
    check_accessibility(page, "startup-notifications")
    page.locator("main").get_by_role("link", name="Shared rides from Espoonlahti").first.click()
    decision = page.locator(".decision-card")
    decision.get_by_text("The proposal was accepted").wait_for()
    assert "Start at Keilaniemi." in decision.inner_text()
    check_accessibility(page, "startup-pilot-accepted")

    # In Finnish, the place is kept and the budget reads as a Finnish reader expects.
    page.get_by_role("button", name="Suomi").click()
    page.wait_for_url(f"**/fi/pilots/{pilot.pk}/")
    assert page.locator("html").get_attribute("lang") == "fi"
    founder.refresh_from_db()
    assert founder.language == "fi"  # remembered for the account, on every device
    budget = page.locator("dt", has_text="Haettu budjetti").locator("xpath=following-sibling::dd[1]")
    assert budget.inner_text() == "1\xa0234,50 €"
    submitted = timezone.localtime(pilot.submitted_at)
    assert (
        f"{submitted.day}.{submitted.month}.{submitted.year}"
        in page.locator("main p.muted").first.inner_text()
    )
    check_accessibility(page, "startup-pilot-fi")
    page.get_by_role("button", name="English").click()
    page.wait_for_url(f"**/en/pilots/{pilot.pk}/")

    # The pilot starts; the team posts a progress update, then the results.
    page.get_by_role("button", name="Start the pilot").click()
    page.get_by_text("The pilot is running.").wait_for()
    page.get_by_role("link", name="Post a progress update").click()
    page.get_by_label("Title").fill("Forty commuters in the first week")
    page.get_by_label("Text").fill("Most come from **Soukka**.")
    check_accessibility(page, "startup-update-form")
    page.get_by_role("button", name="Post the update").click()
    page.get_by_text("Your update was posted.").wait_for()
    page.get_by_role("heading", name="Forty commuters in the first week").wait_for()

    page.get_by_role("link", name="Publish the results").click()
    page.get_by_label("Car trips replaced: outcome (trips)").fill("512")
    page.get_by_label("Learnings").fill("People share rides when the app finds a neighbour.")
    page.get_by_label("Next step").select_option("scale_up")
    check_accessibility(page, "startup-results-form")
    page.get_by_role("button", name="Publish and end the pilot").click()
    page.get_by_text("The results were published.").wait_for()
    pilot.refresh_from_db()
    assert pilot.status == Pilot.Status.COMPLETED
    assert pilot.kpis.get().outcome == Decimal("512")
    page.locator(".results").get_by_text("People share rides").wait_for()
    check_accessibility(page, "startup-pilot-completed")
