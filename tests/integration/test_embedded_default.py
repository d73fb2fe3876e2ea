"""The embedded default that `make run` uses: a fresh SQLite database, the demo, the main pages."""

import re
import sys
import urllib.request

import pytest

from tests.integration.conftest import free_port, http_get, spawn, stop, wait_for_http

pytestmark = pytest.mark.integration

EMBEDDED_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DEBUG": "true",
    "REDIS_URL": "",
    "CELERY_BROKER_URL": "",
    "EMAIL_URL": "consolemail://",
    "SECRET_KEY": "",
    "SITE_URL": "http://127.0.0.1",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
}


def run(args, env):
    process = spawn([sys.executable, "manage.py", *args], env)
    # communicate, not wait: the demo prints its emails, more than a pipe holds unread.
    output, _ = process.communicate(timeout=300)
    assert process.returncode == 0, output
    return output


def test_fresh_sqlite_database_with_demo_serves_the_main_pages(tmp_path):
    env = {
        **EMBEDDED_ENV,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_ROOT": str(tmp_path / "private"),
    }
    run(["migrate", "--no-input"], env)
    assert "Demo content loaded" in run(["load_demo"], env)
    # Loading again keeps what is there.
    assert "already loaded" in run(["load_demo"], env)

    port = free_port()
    server = spawn([sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"], env)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base}/healthz")
        pages = [
            "/fi/",
            "/sv/",
            "/en/",
            "/fi/organizations/",
            "/en/organizations/polku-mobility/",
            "/sv/organizations/city-of-espoo/",
            "/fi/ideas/",
            "/en/ideas/?q=bike&sort=trending",
            "/sv/ideas/?goal=health&sort=votes",
            "/en/ideas/1/",
            "/fi/ideas/12/",
            "/en/ideas/similar/?title=bike+parking",
            "/fi/insights/",
            "/sv/insights/data-use/",
            "/en/insights/open-data/",
            "/en/insights/open-data/engagement.csv",
            "/api/v1/open-data/ideas/",
            "/fi/accounts/login/",
            "/fi/accounts/signup/",
            "/en/accounts/password/reset/",
            "/static/css/portal.css",
            "/static/vendor/htmx/htmx.min.js",
        ]
        for page in pages:
            status, body = http_get(base + page)
            assert status == 200, (page, body[:500])
        assert "Polku Mobility" in http_get(f"{base}/en/")[1]
        # The dashboard's figures and the daily open data, counted on SQLite too.
        assert "Greater Kauklahti" in http_get(f"{base}/en/insights/")[1]
        assert http_get(f"{base}/en/insights/open-data/engagement.csv")[1].count("\n") > 50
        # The demo's pictures, drawn at load time, served under /media/ in development too.
        image = re.search(
            r'<img src="(/media/ideas/[0-9a-f]{32}\.jpg)" alt="An electric cargo bike',
            http_get(f"{base}/en/ideas/2/")[1],
        )
        assert image, "the cargo-bike idea shows its image"
        with urllib.request.urlopen(base + image.group(1), timeout=10) as response:
            assert response.status == 200 and response.headers["Content-Type"] == "image/jpeg"
            assert response.headers["X-Content-Type-Options"] == "nosniff"
        # The demo ideas, searched on SQLite with its simple fallback.
        assert "Shared cargo bikes at Iso Omena" in http_get(f"{base}/en/ideas/?q=cargo")[1]
    finally:
        stop(server)
