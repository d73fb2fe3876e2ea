"""Fixtures every test folder shares: one person per portal role, and an organization."""

import pytest
from django.core.cache import cache
from django.utils import translation

from accounts.models import Membership
from tests.accounts.factories import MembershipFactory, OrganizationFactory, UserFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    # Rate limits and cached fragments live in the cache; each test starts without them.
    cache.clear()
    yield


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
