"""`make serve`: gunicorn with DEBUG off, WhiteNoise, a Celery worker and beat, PostgreSQL and Redis."""

import re
import urllib.request
import uuid

import psycopg
import pytest
from celery import Celery

from tests.integration.conftest import free_port, http_get, spawn, stop, wait_for, wait_for_http

pytestmark = pytest.mark.integration

REDIS_URL = "redis://127.0.0.1:6379/13"


@pytest.fixture
def serve_database():
    name = f"garden_serve_{uuid.uuid4().hex[:8]}"
    yield f"postgres://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_serve_answers_with_static_files_and_background_processes(serve_database, tmp_path):
    port = free_port()
    process = spawn(
        ["./scripts/serve"],
        {
            "PORT": str(port),
            "DATABASE_URL": serve_database,
            "REDIS_URL": REDIS_URL,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SECRET_KEY": "smoke-test-secret-key-that-is-long-enough-0123456789",
            "CELERY_CONCURRENCY": "1",
            "WEB_CONCURRENCY": "1",
            "MEDIA_ROOT": str(tmp_path / "media"),
            "PRIVATE_ROOT": str(tmp_path / "private"),
        },
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base}/healthz", timeout=120)
        status, page = http_get(f"{base}/fi/")
        assert status == 200
        assert "Innovaatiopuutarha" in page
        # WhiteNoise serves the hashed, compressed static files that the page links to.
        stylesheet = re.search(r'href="(/static/css/portal\.[0-9a-f]+\.css)"', page).group(1)
        status, css = http_get(base + stylesheet)
        assert status == 200 and "--c-primary" in css
        status, _ = http_get(f"{base}/en/no-such-page/")
        assert status == 404
        # With DEBUG off the portal serves the public uploads itself (WhiteNoise does not).
        status, organization = http_get(f"{base}/en/organizations/polku-mobility/")
        logo = re.search(r'src="(/media/organizations/[0-9a-f]{32}\.png)"', organization).group(1)
        with urllib.request.urlopen(base + logo, timeout=10) as response:
            assert response.status == 200 and response.headers["Content-Type"] == "image/png"
            assert response.headers["X-Content-Type-Options"] == "nosniff"
        # The Celery worker answers on the Redis broker.
        probe = Celery(broker=REDIS_URL)
        replies = wait_for(lambda: probe.control.ping(timeout=0.5), timeout=90, what="worker ping")
        assert replies
        assert process.poll() is None, "a process of the production shape stopped"
    finally:
        output = stop(process)
    assert "celery beat" in output, output[-3000:]
