"""Schemathesis over the whole OpenAPI schema, as anonymous and as a signed-in resident.

Every operation the schema documents is called with generated input (valid and invalid) against
the demo content, and each answer must be: not a 5xx, a status the operation documents, the
content type it documents, and a body matching its documented schema.
"""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
RESIDENT_TOKEN = "f" * 40

# The schema as /api/v1/schema/ serves it (generated here: loading it over HTTP at import time
# would run a request before pytest-django allows the database).
schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = application


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo content, loaded once for this module's tests and rolled back after them; each test
    runs in a savepoint inside it, so what one operation writes does not leak into the next."""
    from home.demo import load_demo

    # The WSGI app runs in this process on the test's connection; as Django's test client does, keep
    # it from closing that connection at the end of each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            users = load_demo()
            yield users
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


# Bounded for `make test`: 5 generated cases per operation and role in the fuzzing phase, plus the
# schema's examples and schemathesis's coverage cases (boundary values, wrong types, other methods);
# about 85 operations × 2 roles, a minute of one core. Derandomized, so a run is reproducible and a
# red one stays red until fixed. Nothing is excluded: the schema and docs addresses are not in
# the schema (`SERVE_INCLUDE_SCHEMA = False`), and every other operation is fair game.
FUZZ = settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


def _call(case, headers=None):
    # Throttles and the per-person rate limits count in the cache: each call starts afresh, so a
    # run does not turn into a wall of 429s (which are documented, and tested elsewhere).
    cache.clear()
    case.call_and_validate(headers={"Accept-Language": "en", **(headers or {})}, checks=CHECKS)


@schema.parametrize()
@FUZZ
def test_api_as_anonymous(case, demo, db):
    _call(case)


def _resident(demo) -> dict:
    # Made again for each example: revoking the token (DELETE /auth/token/) is one of the operations.
    Token.objects.get_or_create(key=RESIDENT_TOKEN, defaults={"user": demo["resident@example.org"]})
    return {"Authorization": f"Token {RESIDENT_TOKEN}"}


@schema.parametrize()
@FUZZ
def test_api_as_resident(case, demo, db):
    _call(case, _resident(demo))


def test_the_resident_run_is_signed_in(demo, db):
    # Otherwise the resident's run would quietly be a second anonymous one.
    response = APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=_resident(demo)["Authorization"])
    assert response.status_code == 200 and response.json()["email"] == "resident@example.org"
