"""A database connection dropped between requests (a failover, a restart): the next request works."""

import sys

import psycopg
import pytest
from django.db import connection

from tests.integration.conftest import free_port, http_get, spawn, stop, wait_for_http

pytestmark = pytest.mark.integration


def test_next_request_succeeds_after_the_connection_was_killed(transactional_db):
    settings_dict = connection.settings_dict
    database = settings_dict["NAME"]
    port = free_port()
    server = spawn(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        {
            "DJANGO_SETTINGS_MODULE": "config.settings_test",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
            "CONN_MAX_AGE": "600",  # keep the connection between requests, as production does
        },
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base}/healthz")
        assert http_get(f"{base}/readyz")[0] == 200
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            ours = cursor.fetchone()[0]
        with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as admin:
            killed = admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> %s AND backend_type = 'client backend'",
                [database, ours],
            ).fetchall()
        assert killed, "the server held no connection to kill"
        status, body = http_get(f"{base}/readyz")
        assert status == 200, body
        status, _body = http_get(f"{base}/en/organizations/")
        assert status == 200
    finally:
        stop(server)
