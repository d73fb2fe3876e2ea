"""Input no endpoint can take is a JSON 4xx from the API, never an HTML page or a 500."""

import json

import pytest
from rest_framework.test import APIClient

from tests.accounts.factories import UserFactory


@pytest.fixture
def api(db):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(UserFactory(is_official=True))
    return client


def test_json_nested_too_deeply_to_decode_is_a_parse_error(api):
    response = api.post("/api/v1/challenges/", "[" * 100_000 + "]" * 100_000, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_a_body_over_the_upload_limit_is_a_413(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = json.dumps({"title": "x", "description": "y" * 20_000})
    response = api.post("/api/v1/challenges/", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_an_address_the_api_does_not_have_is_a_json_404(api):
    for path in ("/api/v1/nothing-here/", "/api/v1/pilots/1.0/updates/", "/api/v2/"):
        response = api.get(path)
        assert response.status_code == 404 and response.json()["code"] == "not_found", path


def test_pages_keep_their_html_error_pages(client, db):
    response = client.get("/en/nothing-here/")
    assert response.status_code == 404 and "text/html" in response["Content-Type"]


@pytest.mark.parametrize("moment", ["0001-01-01T00:00", "9999-12-31T23:59:59-12:00"])
def test_a_moment_too_far_out_for_the_time_zone_is_invalid_input(api, moment):
    response = api.post(
        "/api/v1/challenges/", {"ideas_open": moment}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json()["fields"]["ideas_open"] == ["Datetime value out of range."]
