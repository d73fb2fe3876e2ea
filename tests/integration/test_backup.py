"""`make backup` / `make restore`: a dump restored into a fresh database holds the content."""

import importlib
import os
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.apps import apps
from django.db import connection

from tests.accounts.factories import OrganizationFactory
from tests.integration.conftest import ROOT

pytestmark = pytest.mark.integration

ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
load_districts = importlib.import_module("portal.migrations.0002_load_districts").load


def manage(*args, database_url):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test", "DATABASE_URL": database_url}
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_backup_restores_into_a_fresh_database(transactional_db, tmp_path):
    # A transactional test that ran before on this worker emptied every table; the districts'
    # data migration (idempotent) puts the reference data back.
    load_districts(apps, None)
    OrganizationFactory(name="Polku Mobility", business_id="0101263-6")
    settings_dict = connection.settings_dict
    source = f"postgres://postgres@127.0.0.1:5432/{settings_dict['NAME']}"
    dump = tmp_path / "garden.dump"
    assert manage("backup", "--output", str(dump), database_url=source).strip() == str(dump)
    assert dump.stat().st_size > 0

    fresh = f"garden_restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{fresh}"')
    try:
        manage("restore", str(dump), database_url=f"postgres://postgres@127.0.0.1:5432/{fresh}")
        with psycopg.connect(f"postgres://postgres@127.0.0.1:5432/{fresh}") as restored:
            rows = restored.execute("SELECT name, business_id FROM accounts_organization").fetchall()
            districts = restored.execute("SELECT count(*) FROM portal_district").fetchone()[0]
        assert rows == [("Polku Mobility", "0101263-6")]
        assert districts == 7
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')


def test_restore_of_a_missing_file_says_so(db):
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", "/nonexistent.dump"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "No such backup file" in result.stderr
