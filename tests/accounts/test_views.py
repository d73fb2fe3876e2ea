import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import translation

from accounts import services
from accounts.models import Membership, Organization, User
from tests.accounts.factories import OrganizationFactory, UserFactory


def link_in(message) -> str:
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


class TestSignUpAndLogIn:
    def test_sign_up_confirm_email_log_out_and_in(self, client, db):
        response = client.post(
            "/fi/accounts/signup/",
            {
                "email": "Aino@Example.org",
                "name": "Aino",
                "password1": "kesä-Tapiola-2026",
                "password2": "kesä-Tapiola-2026",
            },
        )
        assert response.status_code == 302
        user = User.objects.get()
        assert (user.email, user.name, user.language) == ("aino@example.org", "Aino", "fi")
        assert len(mail.outbox) == 1
        confirmation = mail.outbox[0]
        assert "Vahvista" in confirmation.subject  # the Finnish email, as the page was Finnish
        confirm_path = link_in(confirmation)
        assert confirm_path.startswith("/fi/accounts/confirm-email/")

        # Mandatory verification: logging in before confirming only sends another link.
        client.logout()
        response = client.post(
            "/fi/accounts/login/", {"login": "aino@example.org", "password": "kesä-Tapiola-2026"}
        )
        assert "_auth_user_id" not in client.session

        response = client.post(confirm_path)
        assert response.status_code == 302
        assert EmailAddress.objects.get(user=user).verified
        client.post("/fi/accounts/logout/")
        assert "_auth_user_id" not in client.session
        client.post("/fi/accounts/login/", {"login": "AINO@example.org", "password": "kesä-Tapiola-2026"})
        assert client.session["_auth_user_id"] == str(user.pk)

    def test_duplicate_email_is_refused_in_the_users_language(self, client, resident):
        response = client.post(
            "/sv/accounts/signup/",
            {
                "email": resident.email.upper(),
                "name": "X",
                "password1": "kesä-Tapiola-2026",
                "password2": "kesä-Tapiola-2026",
            },
        )
        assert response.status_code == 200
        assert "redan" in response.content.decode()  # allauth's Swedish "already registered"
        assert User.objects.count() == 1

    def test_expired_or_wrong_confirmation_link_says_so(self, client, db):
        response = client.get("/en/accounts/confirm-email/not-a-real-key/")
        assert response.status_code == 200
        assert "expired or is invalid" in response.content.decode()

    def test_wrong_password_gets_a_clear_message(self, client, resident):
        response = client.post("/en/accounts/login/", {"login": resident.email, "password": "nope"})
        assert "not correct" in response.content.decode()

    def test_password_reset_email_is_in_the_users_own_language(self, client, db):
        user = UserFactory(language="sv")
        client.post("/fi/accounts/password/reset/", {"email": user.email})
        assert len(mail.outbox) == 1
        assert "Återställning" in mail.outbox[0].subject or "lösenord" in mail.outbox[0].body
        reset_path = link_in(mail.outbox[0])
        response = client.get(reset_path, follow=True)
        form_path = response.redirect_chain[-1][0] if response.redirect_chain else reset_path
        response = client.post(form_path, {"password1": "uusi-Salasana-99", "password2": "uusi-Salasana-99"})
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.check_password("uusi-Salasana-99")

    def test_change_password_and_email(self, client, resident):
        client.force_login(resident)
        response = client.post(
            "/en/accounts/password/change/",
            {
                "oldpassword": "a-good-password-42",
                "password1": "Otaniemi-2026!",
                "password2": "Otaniemi-2026!",
            },
        )
        assert response.status_code == 302
        resident.refresh_from_db()
        assert resident.check_password("Otaniemi-2026!")

        response = client.post("/en/accounts/email/", {"action_add": "", "email": "new-address@example.org"})
        assert response.status_code == 302
        assert mail.outbox[-1].to == ["new-address@example.org"]
        client.post(link_in(mail.outbox[-1]))
        resident.refresh_from_db()
        assert resident.email == "new-address@example.org"


class TestProfileAndLanguage:
    def test_profile_saves_name_and_language(self, client, resident):
        client.force_login(resident)
        response = client.post("/en/accounts/profile/", {"name": "Aino V.", "language": "sv"})
        assert response.status_code == 302
        resident.refresh_from_db()
        assert (resident.name, resident.language) == ("Aino V.", "sv")

    def test_language_switch_keeps_the_place_and_is_remembered(self, client, resident, organization):
        client.force_login(resident)
        response = client.post(
            "/i18n/setlang/", {"language": "sv", "next": f"/en/organizations/{organization.slug}/"}
        )
        assert response.status_code == 302
        assert response["Location"] == f"/sv/organizations/{organization.slug}/"
        resident.refresh_from_db()
        assert resident.language == "sv"
        # On another device (no language cookie), an address without a language leads to Swedish.
        other = client.__class__()
        other.force_login(resident)
        assert other.get("/")["Location"] == "/sv/"

    def test_visitor_choice_does_not_need_an_account(self, client, db):
        response = client.post("/i18n/setlang/", {"language": "en", "next": "/fi/organizations/"})
        assert response["Location"] == "/en/organizations/"
        assert client.get("/")["Location"] == "/en/"

    @pytest.mark.parametrize(
        ("language", "word"), [("fi", "Organisaatiot"), ("sv", "Organisationer"), ("en", "Organizations")]
    )
    def test_pages_speak_the_language_of_their_address(self, client, db, language, word):
        response = client.get(f"/{language}/organizations/")
        assert response.status_code == 200
        content = response.content.decode()
        assert f'<html lang="{language}">' in content
        assert word in content


class TestOrganizationPages:
    def test_list_filters_and_costs_a_fixed_number_of_queries(
        self, client, db, django_assert_max_num_queries
    ):
        for n in range(30):
            organization = OrganizationFactory(
                kind=Organization.Kind.RESEARCH if n % 3 else Organization.Kind.COMPANY
            )
            for _ in range(3):
                Membership.objects.create(organization=organization, user=UserFactory())
        with django_assert_max_num_queries(4):
            response = client.get("/en/organizations/")
        assert response.status_code == 200
        assert response.content.decode().count("3 members") == 24  # one page
        response = client.get("/en/organizations/?kind=company")
        assert "10 organizations" in response.content.decode()

    def test_bad_filter_values_do_not_break_the_page(self, client, db):
        assert client.get("/en/organizations/?kind=spaceship&page=999&verified=maybe").status_code == 200

    def test_create_with_invalid_business_id_shows_the_error_and_keeps_the_input(self, client, resident):
        client.force_login(resident)
        response = client.post(
            "/en/organizations/new/",
            {"name": "Polku", "kind": "company", "business_id": "0101263-5", "description": "Routes"},
        )
        assert response.status_code == 200
        content = response.content.decode()
        assert "check digit" in content
        assert 'value="Polku"' in content and "Routes" in content
        assert 'aria-invalid="true"' in content
        assert not Organization.objects.exists()

    def test_create_redirects_to_the_new_page(self, client, resident):
        client.force_login(resident)
        response = client.post(
            "/en/organizations/new/", {"name": "Polku", "kind": "company", "business_id": "0101263-6"}
        )
        organization = Organization.objects.get()
        assert response["Location"] == organization.get_absolute_url()
        page = client.get(response["Location"]).content.decode()
        assert "Invite a member" in page and "Edit details" in page

    def test_invite_form_errors_stay_on_the_page(self, client, organization, org_admin):
        client.force_login(org_admin)
        response = client.post(
            reverse("organization_invite", args=[organization.slug]), {"email": "not-an-email"}
        )
        assert response.status_code == 400
        assert "valid email" in response.content.decode()

    def test_bad_invitation_link_gets_a_clear_page(self, client, resident):
        client.force_login(resident)
        response = client.get("/fi/organizations/invitations/bogus-token/")
        assert response.status_code == 404
        assert "Kutsulinkki ei ole voimassa" in response.content.decode()

    def test_invitation_page_for_a_visitor_offers_log_in_and_sign_up(self, client, organization, org_admin):
        invitation = services.invitation_create(
            actor=org_admin, organization=organization, email="x@example.org"
        )
        path = reverse("invitation_accept", args=[services.invitation_token(invitation)])
        content = client.get(path).content.decode()
        assert "Log in" in content and "sign up with x@example.org" in content

    def test_last_admin_leaving_sees_why_not(self, client, organization, org_admin):
        client.force_login(org_admin)
        response = client.post(reverse("organization_leave", args=[organization.slug]), follow=True)
        assert "only administrator" in response.content.decode()
        assert Membership.objects.filter(user=org_admin).exists()


# Who may do what on organization pages: (url name, method, role) -> expected status.
ROLES = ["visitor", "resident", "member", "org_admin", "official", "administrator"]
ACTIONS = {
    # action: (url name, method, allowed roles)
    "view": ("organization_detail", "get", set(ROLES)),
    "create_form": (
        "organization_create",
        "get",
        {"resident", "member", "org_admin", "official", "administrator"},
    ),
    "edit_form": ("organization_edit", "get", {"org_admin", "administrator"}),
    "verify": ("organization_verify", "post", {"official", "administrator"}),
    "invite": ("organization_invite", "post", {"org_admin", "administrator"}),
    # Administrators hold every permission; the service then tells a non-member there is nothing to leave.
    "leave": ("organization_leave", "post", {"member", "org_admin", "administrator"}),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_role_action_matrix(
    client, organization, org_admin, org_member, official, administrator, resident, role, action
):
    # A second admin, so the org_admin may leave too.
    Membership.objects.create(organization=organization, user=UserFactory(), role=Membership.Role.ADMIN)
    actor = {
        "visitor": None,
        "resident": resident,
        "member": org_member,
        "org_admin": org_admin,
        "official": official,
        "administrator": administrator,
    }[role]
    if actor:
        client.force_login(actor)
    name, method, allowed = ACTIONS[action]
    url = reverse(name, args=[] if name == "organization_create" else [organization.slug])
    data = {"email": "invitee@example.org", "role": "member", "verified": "1"} if method == "post" else None
    with translation.override("en"):
        response = getattr(client, method)(url, data)
    if role in allowed:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert "/accounts/login/" not in response["Location"]
    elif actor is None and action != "view":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 403


class TestRateLimits:
    def test_repeated_failed_log_ins_lock_the_account_with_a_clear_message(self, client, resident):
        for _ in range(5):
            client.post("/en/accounts/login/", {"login": resident.email, "password": "nope"})
        response = client.post(
            "/en/accounts/login/", {"login": resident.email, "password": "a-good-password-42"}
        )
        assert "try again in 5 minutes" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_sign_up_flood_gets_429_with_when_to_retry(self, client, db, settings):
        settings.ACCOUNT_RATE_LIMITS = {"signup": "2/m/ip"}
        for n in range(2):
            client.post(
                "/en/accounts/signup/",
                {
                    "email": f"x{n}@example.org",
                    "name": "X",
                    "password1": "kesä-Tapiola-2026",
                    "password2": "kesä-Tapiola-2026",
                },
            )
        response = client.post(
            "/en/accounts/signup/",
            {
                "email": "y@example.org",
                "name": "Y",
                "password1": "kesä-Tapiola-2026",
                "password2": "kesä-Tapiola-2026",
            },
        )
        assert response.status_code == 429
        assert "Please try again in 1 minute" in response.content.decode()
        assert response["Retry-After"]
