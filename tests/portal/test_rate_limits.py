"""Every limited action, on the pages and in the API: once over the limit, the person is refused
with a 429, a `Retry-After` header, and a message in their language that says when to try again.

The limits are the portal's own per person (ideas, comments, flags, pilot proposals; see
`portal.rate_limits`), django-allauth's (sign-up, log-in, failed log-ins, password reset) and the
API's throttling (per address, per user, token creation). Each case sets its limit to one, acts
twice, and reads the second answer.
"""

import html
import re
from datetime import timedelta

import pytest
from allauth.account import app_settings as allauth_settings
from django.utils import timezone, translation
from django.utils.formats import time_format
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from accounts.adapter import LOGIN_LOCKOUT_SECONDS, AccountAdapter
from challenges.models import Phase
from portal.rate_limits import MESSAGES
from tests.accounts.factories import UserFactory
from tests.challenges.factories import ChallengeFactory
from tests.ideas.factories import IdeaFactory
from tests.pilots.test_views import proposal_form_data

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
LANGUAGES = ["en", "fi", "sv"]


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def before_the_time(message) -> str:
    """The message's words up to the time or number it names, in the active language."""
    return re.split(r"%\(\w+\)[sd]", str(message))[0].strip()


def said_in(language: str, message) -> str:
    """What the refusal says in `language` (up to the time it names); `message` is a lazy text or
    a function that gives it in the active language. Finnish and Swedish must be translations."""
    words = {}
    for code in {language, "en"}:
        with translation.override(code):
            words[code] = before_the_time(message() if callable(message) else message)
    assert language == "en" or words[language] != words["en"], f"not translated into {language}"
    return words[language]


def assert_refused(response, *, said, at_most: int):
    """A 429 with a Retry-After of at most `at_most` seconds, and `said` in the answer."""
    assert response.status_code == 429, response.status_code
    assert 0 < int(response["Retry-After"]) <= at_most
    if response["Content-Type"].startswith("application/json"):
        body = response.json()
        assert body["code"] in ("rate_limited", "throttled") and said in body["detail"], body
    else:
        assert said in text_of(response), said


@pytest.fixture
def person(db):
    return UserFactory(language="en")


@pytest.fixture
def limit_to_one(settings):
    def limit(action: str, minutes: int = 60):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, action: (1, minutes)}
        return minutes * 60

    return limit


def api_for(user, language) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_authenticate(user)
    return client


# --- The portal's own limits, per person ----------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
class TestPagesAndApiOfEachLimitedAction:
    def test_ideas_on_the_page(self, client, person, limit_to_one, language):
        window = limit_to_one("idea")
        client.force_login(person)
        data = {"title": "Benches", "body": "By the shore.", "language": "en"}
        assert client.post(f"/{language}/ideas/new/", data).status_code == 302
        response = client.post(f"/{language}/ideas/new/", {**data, "title": "More benches"})
        assert_refused(response, said=said_in(language, MESSAGES["idea"]), at_most=window)
        assert "More benches" in text_of(response)  # what they typed is still there

    def test_ideas_in_the_api(self, person, limit_to_one, language):
        window = limit_to_one("idea")
        api = api_for(person, language)
        data = {"title": "Benches", "body": "By the shore."}
        assert api.post("/api/v1/ideas/", data, format="json").status_code == 201
        response = api.post("/api/v1/ideas/", {**data, "title": "More benches"}, format="json")
        assert_refused(response, said=said_in(language, MESSAGES["idea"]), at_most=window)

    def test_comments_on_the_page_with_and_without_htmx(self, client, person, limit_to_one, language):
        window = limit_to_one("comment", minutes=10)
        idea = IdeaFactory()
        client.force_login(person)
        url = f"/{language}/engage/ideas.idea/{idea.pk}/comments/"
        assert client.post(url, {"body": "First"}).status_code == 302
        said = said_in(language, MESSAGES["comment"])
        response = client.post(url, {"body": "Second thoughts"})
        assert_refused(response, said=said, at_most=window)
        assert "Second thoughts" in text_of(response)
        assert_refused(client.post(url, {"body": "Second thoughts"}, **HTMX), said=said, at_most=window)

    def test_comments_in_the_api(self, person, limit_to_one, language):
        window = limit_to_one("comment", minutes=10)
        idea = IdeaFactory()
        api = api_for(person, language)
        payload = {"item": f"idea:{idea.pk}", "body": "First"}
        assert api.post("/api/v1/comments/", payload, format="json").status_code == 201
        response = api.post("/api/v1/comments/", {**payload, "body": "Second"}, format="json")
        assert_refused(response, said=said_in(language, MESSAGES["comment"]), at_most=window)

    def test_flags_on_the_page(self, client, person, limit_to_one, language):
        window = limit_to_one("flag")
        first, second = IdeaFactory(), IdeaFactory()
        client.force_login(person)
        data = {"reason": "spam", "details": "Adverts"}
        assert client.post(f"/{language}/engage/ideas.idea/{first.pk}/flag/", data).status_code == 302
        response = client.post(f"/{language}/engage/ideas.idea/{second.pk}/flag/", data)
        assert_refused(response, said=said_in(language, MESSAGES["flag"]), at_most=window)

    def test_flags_in_the_api(self, person, limit_to_one, language):
        window = limit_to_one("flag")
        first, second = IdeaFactory(), IdeaFactory()
        api = api_for(person, language)
        assert api.post(f"/api/v1/ideas/{first.pk}/flag/", {"reason": "spam"}, format="json").status_code in (
            200,
            201,
        )
        response = api.post(f"/api/v1/ideas/{second.pk}/flag/", {"reason": "spam"}, format="json")
        assert_refused(response, said=said_in(language, MESSAGES["flag"]), at_most=window)

    def test_pilot_proposals_on_the_page(self, client, person, limit_to_one, language):
        window = limit_to_one("proposal")
        challenge = ChallengeFactory(phase=Phase.PROPOSALS)
        client.force_login(person)
        url = f"/{language}/challenges/{challenge.slug}/propose/"
        assert client.post(url, proposal_form_data(organization="")).status_code == 302
        response = client.post(url, proposal_form_data(organization="", title="A second try"))
        assert_refused(response, said=said_in(language, MESSAGES["proposal"]), at_most=window)
        assert "A second try" in text_of(response)

    def test_pilot_proposals_in_the_api(self, person, limit_to_one, language):
        window = limit_to_one("proposal")
        challenge = ChallengeFactory(phase=Phase.PROPOSALS)
        api = api_for(person, language)
        data = {"challenge": challenge.pk, "title": "Shared rides"}
        assert api.post("/api/v1/pilots/", data, format="json").status_code == 201
        response = api.post("/api/v1/pilots/", {**data, "title": "Again"}, format="json")
        assert_refused(response, said=said_in(language, MESSAGES["proposal"]), at_most=window)


def test_the_message_names_the_time_the_window_ends(person, limit_to_one):
    from pilots import services
    from portal.rate_limits import RateLimited

    limit_to_one("proposal")
    challenge = ChallengeFactory(phase=Phase.PROPOSALS)
    services.pilot_create_draft(actor=person, challenge=challenge, title="First")
    with pytest.raises(RateLimited) as refused:
        services.pilot_create_draft(actor=person, challenge=challenge, title="Second")
    error = refused.value
    assert timezone.now() < error.retry_at <= timezone.now() + timedelta(hours=1)
    assert time_format(timezone.localtime(error.retry_at), "TIME_FORMAT") in error.messages[0]
    assert error.retry_after_seconds == pytest.approx(
        (error.retry_at - timezone.now()).total_seconds(), abs=2
    )
    # Another person is not held back by the first one's count.
    services.pilot_create_draft(actor=UserFactory(), challenge=challenge, title="Someone else's")


# --- django-allauth's limits: sign-up, log-in, password reset -------------------------------


def _try_again_in_a_minute(language: str) -> str:
    return said_in(
        language,
        lambda: (
            translation.ngettext(
                "To keep the portal safe, this was refused for now. Please try again in %(minutes)s minute.",
                "To keep the portal safe, this was refused for now. Please try again in %(minutes)s minutes.",
                1,
            )
            % {"minutes": 1}
        ),
    )


@pytest.mark.parametrize("language", LANGUAGES)
class TestAccountPages:
    def test_sign_up(self, client, db, settings, language):
        settings.ACCOUNT_RATE_LIMITS = {"signup": "1/m/ip"}
        password = "kesä-Tapiola-2026"
        data = {"name": "Aino", "password1": password, "password2": password}
        client.post(f"/{language}/accounts/signup/", {**data, "email": "aino@example.org"})
        response = client.post(f"/{language}/accounts/signup/", {**data, "email": "eero@example.org"})
        assert_refused(response, said=_try_again_in_a_minute(language), at_most=60)

    def test_log_in_from_one_address(self, client, person, settings, language):
        settings.ACCOUNT_RATE_LIMITS = {"login": "1/m/ip"}
        client.post(f"/{language}/accounts/login/", {"login": person.email, "password": "nope"})
        response = client.post(f"/{language}/accounts/login/", {"login": person.email, "password": "nope"})
        assert_refused(response, said=_try_again_in_a_minute(language), at_most=60)

    def test_failed_log_ins_lock_the_address_out_for_five_minutes(self, client, person, language):
        person.set_password("a-good-password-42")
        person.save()
        url = f"/{language}/accounts/login/"
        for _ in range(5):
            response = client.post(url, {"login": person.email, "password": "nope"})
            assert response.status_code == 200  # a wrong password, said on the form
        response = client.post(url, {"login": person.email, "password": "a-good-password-42"})
        said = said_in(language, AccountAdapter.error_messages["too_many_login_attempts"])
        assert_refused(response, said=said, at_most=LOGIN_LOCKOUT_SECONDS)
        assert int(response["Retry-After"]) == LOGIN_LOCKOUT_SECONDS
        assert "_auth_user_id" not in client.session

    def test_password_reset_for_one_address(self, client, person, settings, language):
        settings.ACCOUNT_RATE_LIMITS = {"reset_password": "20/m/ip,1/m/key"}
        url = f"/{language}/accounts/password/reset/"
        assert client.post(url, {"email": person.email}).status_code == 302
        response = client.post(url, {"email": person.email})
        assert_refused(response, said=_try_again_in_a_minute(language), at_most=60)


def test_the_lockout_the_pages_announce_is_the_one_allauth_applies():
    rates = allauth_settings.RATE_LIMITS["login_failed"].split(",")
    assert f"5/{LOGIN_LOCKOUT_SECONDS}s/key" in rates
    assert "5 minutes" in str(AccountAdapter.error_messages["too_many_login_attempts"])
    assert LOGIN_LOCKOUT_SECONDS == 5 * 60


# --- The API's throttling -------------------------------------------------------------------


def _throttled_message(language: str) -> str:
    return said_in(
        language,
        lambda: translation.ngettext(
            "Too many requests. Please try again in %(seconds)d second.",
            "Too many requests. Please try again in %(seconds)d seconds.",
            60,
        ),
    )


@pytest.mark.parametrize("language", LANGUAGES)
class TestApiThrottling:
    def test_per_address_for_visitors(self, db, monkeypatch, language):
        monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "anon", "1/min")
        api = api_for(None, language)
        assert api.get("/api/v1/challenges/").status_code == 200
        response = api.get("/api/v1/challenges/")
        assert_refused(response, said=_throttled_message(language), at_most=60)
        assert response.json()["code"] == "throttled"

    def test_per_person_signed_in(self, person, monkeypatch, language):
        monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "user", "1/min")
        api = api_for(person, language)
        assert api.get("/api/v1/me/").status_code == 200
        assert_refused(api.get("/api/v1/ideas/"), said=_throttled_message(language), at_most=60)

    def test_token_creation(self, person, language):
        api = api_for(None, language)
        # Other addresses each time, so that the per-address log-in lockout (five) does not come first.
        for number in range(10):  # API_RATE_TOKEN: 10 a minute
            credentials = {"email": f"nobody{number}@example.org", "password": "nope"}
            assert api.post("/api/v1/auth/token/", credentials, format="json").status_code == 401
        credentials = {"email": person.email, "password": "nope"}
        response = api.post("/api/v1/auth/token/", credentials, format="json")
        assert_refused(response, said=_throttled_message(language), at_most=60)
