"""API tokens: only for confirmed addresses, behind the log-in's lockout, revoked with the password,
and expiring (accounts/tokens.py)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from challenges import services as challenge_services
from ideas import services as idea_services
from pilots import services as pilot_services
from tests.accounts.factories import UserFactory
from tests.challenges.factories import ChallengeFactory
from tests.pilots.factories import PilotFactory

PASSWORD = "a-good-password-42"
NEW_PASSWORD = "another-good-password-43"


@pytest.fixture
def api():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


def ask_token(api, email, password=PASSWORD):
    return api.post("/api/v1/auth/token/", {"email": email, "password": password}, format="json")


class TestOnlyConfirmedAddresses:
    def test_an_unconfirmed_account_gets_no_token(self, api, db):
        person = UserFactory(verified_email=False)
        response = ask_token(api, person.email)
        assert response.status_code == 403
        assert response.json()["code"] == "email_unconfirmed"
        assert "Confirm your email address" in response.json()["detail"]
        assert not Token.objects.filter(user=person).exists()

    def test_a_confirmed_account_gets_one_with_its_expiry(self, api, resident, settings):
        settings.API_TOKEN_DAYS = 30
        response = ask_token(api, resident.email)
        assert response.status_code == 200
        body = response.json()
        assert set(body) == {"token", "expires_at"}
        token = Token.objects.get(user=resident)
        assert body["token"] == token.key

    def test_an_unconfirmed_address_cannot_be_appointed_or_taken_on(self, db, official):
        stranger = UserFactory(is_official=True, verified_email=False)
        challenge = ChallengeFactory(curators=[official])
        with pytest.raises(ValidationError) as error:
            challenge_services.evaluator_appoint(actor=official, challenge=challenge, email=stranger.email)
        assert "Ask them to sign up" in str(error.value)
        with pytest.raises(ValidationError):
            challenge_services.curator_add(actor=official, challenge=challenge, email=stranger.email)
        pilot = PilotFactory()
        with pytest.raises(ValidationError):
            pilot_services.team_add(actor=pilot.created_by, pilot=pilot, email=stranger.email)
        with pytest.raises(ValidationError):
            idea_services.idea_create(
                actor=pilot.created_by,
                title="Benches by the shore path",
                body="Somewhere to rest.",
                coauthor_emails=[stranger.email],
            )


class TestOneLockout:
    def test_failed_page_log_ins_lock_the_token_endpoint_too(self, api, client, resident):
        for _attempt in range(5):
            client.post("/en/accounts/login/", {"login": resident.email, "password": "wrong"})
        locked = client.post("/en/accounts/login/", {"login": resident.email, "password": "wrong"})
        assert locked.status_code == 429
        response = ask_token(api, resident.email)
        assert response.status_code == 429
        assert response.json()["code"] == "too_many_login_attempts"
        assert response["Retry-After"] == "300"

    def test_failed_token_requests_lock_the_log_in_page_too(self, api, client, resident):
        for _attempt in range(5):
            assert ask_token(api, resident.email, "wrong").status_code == 401
        assert ask_token(api, resident.email).status_code == 429
        response = client.post("/en/accounts/login/", {"login": resident.email, "password": PASSWORD})
        assert response.status_code == 429


class TestRevocationAndExpiry:
    def test_changing_the_password_ends_the_tokens(self, api, client, resident):
        key = ask_token(api, resident.email).json()["token"]
        client.force_login(resident)
        response = client.post(
            "/en/accounts/password/change/",
            {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
        assert response.status_code == 302
        api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        assert api.get("/api/v1/me/").status_code == 401

    def test_resetting_the_password_ends_the_tokens(self, api, resident):
        from allauth.account.adapter import get_adapter

        Token.objects.create(user=resident)
        get_adapter().set_password(resident, "another-good-password-43")
        assert not Token.objects.filter(user=resident).exists()

    def test_a_token_stops_working_after_its_days(self, api, resident, settings):
        settings.API_TOKEN_DAYS = 30
        key = ask_token(api, resident.email).json()["token"]
        Token.objects.filter(key=key).update(created=timezone.now() - timedelta(days=31))
        api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        response = api.get("/api/v1/me/")
        assert response.status_code == 401
        assert "expired" in response.json()["detail"]
        api.credentials()
        fresh = ask_token(api, resident.email).json()["token"]
        assert fresh != key
        api.credentials(HTTP_AUTHORIZATION=f"Token {fresh}")
        assert api.get("/api/v1/me/").status_code == 200
