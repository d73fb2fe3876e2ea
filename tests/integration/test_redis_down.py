"""With the cache's Redis stopped, the site still answers: the page cache, the API's throttles,
the per-person rate limits and the log-in lockout fail open (logged), and API errors stay JSON."""

import re
import sys

import pytest
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.test import Client

from engagement.models import Comment
from tests.accounts.factories import UserFactory
from tests.ideas.factories import IdeaFactory
from tests.integration.conftest import free_port, spawn, stop, wait_for_http

pytestmark = pytest.mark.integration

PASSWORD = "a-good-password-42"


@pytest.fixture
def production_server(transactional_db, own_redis, tmp_path):
    """gunicorn with the production settings, on the test's database and its own Redis."""
    port = free_port()
    database = connection.settings_dict
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "SECRET_KEY": "redis-down-test-secret-key-that-is-long-enough-0123456789",
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "REDIS_URL": own_redis.url,
        "PAGE_CACHE_SECONDS": "30",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_ROOT": str(tmp_path / "private"),
    }
    # With DEBUG off the pages link the hashed static files, as scripts/serve prepares them.
    collect = spawn([sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], env)
    assert collect.wait(timeout=120) == 0, collect.stdout.read()
    process = spawn(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"], env
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{base}/healthz", timeout=60)
        yield base
    finally:
        output = stop(process)
    # Logged, not failed: the cache's warnings (and the broker's, for the comment's notification).
    assert "Internal Server Error" not in output, output[-3000:]
    assert "going on without the cache" in output


def _cookie(response, name: str) -> str:
    # The production cookies are Secure, which a client on plain HTTP keeps to itself; send by hand.
    return response.cookies.get(name) or ""


def test_the_site_answers_with_the_caches_redis_stopped(production_server, own_redis):
    base = production_server
    idea = IdeaFactory(title="Benches by the shore path")
    resident = UserFactory()
    # The server checks passwords with the production hashers, not the tests' fast one.
    resident.password = PBKDF2PasswordHasher().encode(PASSWORD, "redisdownsalt")
    resident.save(update_fields=["password"])
    # The page cache works while Redis is up.
    assert requests.get(f"{base}/en/ideas/", timeout=10).headers["X-Page-Cache"] == "miss"
    assert requests.get(f"{base}/en/ideas/", timeout=10).headers["X-Page-Cache"] == "hit"

    own_redis.stop()

    # Public pages and the public API (page cache, anonymous throttle).
    response = requests.get(f"{base}/en/ideas/", timeout=10)
    assert response.status_code == 200 and "Benches by the shore path" in response.text
    assert requests.get(f"{base}/en/ideas/{idea.pk}/", timeout=10).status_code == 200
    response = requests.get(f"{base}/api/v1/ideas/", timeout=10)
    assert response.status_code == 200 and response.json()["count"] == 1
    # An API error is still JSON with its code.
    response = requests.get(f"{base}/api/v1/ideas/999999/", timeout=10)
    assert response.status_code == 404 and response.json()["code"] == "not_found"

    # Log-in on the page (allauth's lockout counter).
    page = requests.get(f"{base}/en/accounts/login/", timeout=10)
    csrf = _cookie(page, "csrftoken")
    form_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = requests.post(
        f"{base}/en/accounts/login/",
        data={"login": resident.email, "password": PASSWORD, "csrfmiddlewaretoken": form_token},
        headers={"Cookie": f"csrftoken={csrf}", "Referer": f"{base}/en/accounts/login/"},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, response.text[:2000]
    assert _cookie(response, "sessionid")

    # A token (the same lockout), and a comment through the API (user throttle, rate limit).
    response = requests.post(
        f"{base}/api/v1/auth/token/", json={"email": resident.email, "password": PASSWORD}, timeout=10
    )
    assert response.status_code == 200, response.text
    key = response.json()["token"]
    response = requests.post(
        f"{base}/api/v1/comments/",
        json={"item": f"idea:{idea.pk}", "body": "And a drinking fountain."},
        headers={"Authorization": f"Token {key}"},
        timeout=10,
    )
    assert response.status_code == 201, response.text
    assert Comment.objects.filter(body="And a drinking fountain.").exists()


def test_an_unexpected_api_fault_is_json_even_with_debug_on(db, settings, monkeypatch):
    settings.DEBUG = True
    from ideas import api as ideas_api

    def broken(*args, **kwargs):
        raise RuntimeError("something of ours broke")

    monkeypatch.setattr(ideas_api.IdeaViewSet, "list", broken)
    response = Client(raise_request_exception=False).get("/api/v1/ideas/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "server_error"
