"""Fixtures every test folder shares: one person per portal role, an organization, and folders
for uploaded files."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.utils import translation

from accounts.models import Membership
from tests.accounts.factories import MembershipFactory, OrganizationFactory, UserFactory


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, dropped at the end without a warning: connections that threads and
    servers of the concurrency and integration tests left open are closed first."""
    yield
    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )


@pytest.fixture(autouse=True)
def _empty_cache():
    # Rate limits and cached fragments live in the cache; each test starts without them.
    cache.clear()
    yield


@pytest.fixture(scope="session", autouse=True)
def _files_in_a_temporary_folder(tmp_path_factory):
    """Uploads and data exports go to a folder of this test run, never into the repository's var/.
    Session-wide, so module-scoped fixtures (the demo in the API fuzz test) write there too."""
    root = tmp_path_factory.mktemp("files")
    with override_settings(MEDIA_ROOT=root / "media", PRIVATE_ROOT=root / "private"):
        yield root


@pytest.fixture
def media_root(settings, tmp_path):
    """A fresh, empty MEDIA_ROOT and PRIVATE_ROOT for a test that looks at the files themselves."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_ROOT = tmp_path / "private"
    return tmp_path


@pytest.fixture(autouse=True)
def _english_by_default():
    # Messages are asserted in English unless a test picks another language.
    with translation.override("en"):
        yield


@pytest.fixture
def resident(db):
    return UserFactory(name="Aino Resident")


@pytest.fixture
def official(db):
    return UserFactory(name="Leena Official", is_official=True)


@pytest.fixture
def moderator(db):
    return UserFactory(name="Sara Moderator", is_moderator=True)


@pytest.fixture
def administrator(db):
    return UserFactory(name="Pekka Admin", is_superuser=True, is_staff=True)


@pytest.fixture
def organization(db):
    return OrganizationFactory(name="Polku Mobility")


@pytest.fixture
def org_admin(organization):
    return MembershipFactory(organization=organization, role=Membership.Role.ADMIN).user


@pytest.fixture
def org_member(organization):
    return MembershipFactory(organization=organization, role=Membership.Role.MEMBER).user


@pytest.fixture
def reference_data(transactional_db):
    """The goals and districts the migrations load, for transactional tests: an earlier
    transactional test flushes the database, reference rows included."""
    import importlib

    from django.apps import apps

    for migration in ("0002_load_districts", "0004_load_goals"):
        importlib.import_module(f"portal.migrations.{migration}").load(apps, None)


@pytest.fixture(autouse=True)
def _reference_data_in_transactional_tests(request):
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or "live_server" in request.fixturenames
    if transactional or (marker is not None and marker.kwargs.get("transaction")):
        request.getfixturevalue("reference_data")
