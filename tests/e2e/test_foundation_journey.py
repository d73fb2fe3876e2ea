"""An invited colleague joins the organization in a real browser.

Signing up, confirming the email, registering an organization and inviting are steps of the
resident's and the founder's journeys (test_resident_journey.py, test_startup_journey.py).
"""

import pytest

from accounts.models import Invitation, Membership, Organization
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import check_accessibility

pytestmark = pytest.mark.django_db(transaction=True)


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
