"""The impact dashboard, the data-use register and open data in a real browser: charts drawn
without inline styles or scripts (the Content Security Policy would block them), tables behind
each chart, and no serious accessibility violations; a curator's challenge report."""

import pytest

from challenges.models import Challenge
from home.demo import load_demo
from tests.e2e.conftest import check_accessibility

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def test_the_impact_pages_with_the_demo(page):
    users = load_demo()
    page.goto(f"{page.base_url}/en/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Impact").click()
    page.get_by_role("heading", name="What the garden has grown").wait_for()
    assert page.locator("svg[role=img]").count() >= 12
    page.locator("#districts").get_by_text("The figures as a table").click()
    page.get_by_role("table", name="Participation by district compared with population").wait_for()
    check_accessibility(page, "insights-dashboard")

    page.get_by_role("link", name="How pilots use data").first.click()
    page.get_by_role("searchbox", name="Search").fill("blood pressure")
    page.locator("main").get_by_role("button", name="Search").click()
    page.get_by_role("heading", name="Pop-up health check at Iso Omena").wait_for()
    check_accessibility(page, "insights-data-use")

    page.goto(f"{page.base_url}/sv/insights/open-data/")
    page.locator("#dataset-ideas").wait_for()
    check_accessibility(page, "insights-open-data")

    challenge = Challenge.objects.get(slug="ai-in-the-citys-customer-service")
    page.goto(f"{page.base_url}/en/accounts/login/")
    page.get_by_label("Email").fill(users["official@example.org"].email)
    page.locator("#id_password").fill("garden-demo")
    page.locator("main").get_by_role("button", name="Sign In").click()
    page.get_by_role("link", name=users["official@example.org"].display_name).wait_for()
    page.goto(f"{page.base_url}{challenge.get_absolute_url()}")
    page.get_by_role("link", name="Challenge report (curators)").click()
    page.get_by_role("heading", name="Review progress").wait_for()
    check_accessibility(page, "insights-challenge-report")
