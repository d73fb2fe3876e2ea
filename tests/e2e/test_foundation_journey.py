"""A newcomer's first visit in a real browser: sign up, confirm, register an organization, invite.

The later journeys of residents, startups and officials build on these steps.
"""

import pytest
from django.core import mail

from accounts.models import Invitation, Membership, Organization, User
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import check_accessibility, link_from_email

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_up_confirm_register_organization_and_invite(page):
    base = page.base_url
    page.goto(f"{base}/en/")
    check_accessibility(page, "home")
    # The skip link is the first thing the keyboard reaches.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"

    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("Email").fill("mikael@example.org")
    page.get_by_label("Name").fill("Mikael Lindqvist")
    page.locator("#id_password1").fill("Otaniemi-routes-2026")
    page.locator("#id_password2").fill("Otaniemi-routes-2026")
    check_accessibility(page, "sign-up")
    page.locator("main").get_by_role("button", name="Sign Up").click()
    page.get_by_role("heading", name="Verify Your Email Address").wait_for()

    confirmation = mail.outbox[-1]
    assert confirmation.to == ["mikael@example.org"]
    page.goto(base + link_from_email(confirmation))
    check_accessibility(page)
    page.locator("main").get_by_role("button", name="Confirm").click()
    page.get_by_role("link", name="Mikael Lindqvist").wait_for()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Organizations").click()
    page.get_by_role("link", name="Register an organization").first.click()
    page.get_by_label("Name").fill("Polku Mobility")
    page.get_by_label("Kind").select_option("company")
    page.get_by_label("Business ID").fill("0101263-5")
    page.locator("main").get_by_role("button", name="Register").click()
    # The error is announced in a summary that links to the field, and the input is kept.
    summary = page.locator(".form-errors")
    assert "check digit" in summary.inner_text()
    assert page.get_by_label("Name").input_value() == "Polku Mobility"
    assert page.get_by_label("Business ID").get_attribute("aria-invalid") == "true"
    check_accessibility(page, "organization-form-error")
    assert not Organization.objects.exists()

    page.get_by_label("Business ID").fill("0101263-6")
    page.locator("main").get_by_role("button", name="Register").click()
    page.get_by_role("heading", name="Polku Mobility").wait_for()
    organization = Organization.objects.get()
    assert Membership.objects.get(organization=organization).user.email == "mikael@example.org"

    page.get_by_label("Email address").fill("elina@example.org")
    page.get_by_role("button", name="Send invitation").click()
    page.get_by_text("An invitation was sent to elina@example.org").wait_for()
    check_accessibility(page, "organization")
    assert mail.outbox[-1].to == ["elina@example.org"]

    # The language switch keeps the place and is remembered for the account.
    page.get_by_role("button", name="Suomi").click()
    page.wait_for_url(f"**/fi/organizations/{organization.slug}/")
    assert page.locator("html").get_attribute("lang") == "fi"
    assert User.objects.get(email="mikael@example.org").language == "fi"
    check_accessibility(page)


def test_invited_colleague_accepts(page, django_capture_on_commit_callbacks):
    from accounts import services

    admin = UserFactory(name="Mikael")
    organization = Organization.objects.create(name="Polku Mobility", slug="polku", kind="company")
    Membership.objects.create(organization=organization, user=admin, role=Membership.Role.ADMIN)
    colleague = UserFactory(email="elina@example.org", name="Elina")
    services.invitation_create(actor=admin, organization=organization, email="elina@example.org")
    invitation = Invitation.objects.get()
    path = f"/en/organizations/invitations/{services.invitation_token(invitation)}/"

    base = page.base_url
    page.goto(base + path)
    page.get_by_role("link", name="Log in").last.click()
    page.get_by_label("Email").fill(colleague.email)
    page.locator("#id_password").fill("a-good-password-42")
    page.locator("main").get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"**{path}")
    check_accessibility(page, "invitation")
    page.get_by_role("button", name="Accept the invitation").click()
    page.get_by_text("Welcome to Polku Mobility!").wait_for()
    assert Membership.objects.filter(organization=organization, user=colleague).exists()
