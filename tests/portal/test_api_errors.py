"""Input no endpoint can take is a JSON 4xx from the API, never an HTML page or a 500."""

import json

import pytest
from rest_framework.test import APIClient

from accounts.models import DataExport
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


def test_an_accept_header_json_cannot_satisfy_is_a_json_406(api):
    response = api.get("/api/v1/challenges/", HTTP_ACCEPT="text/html")
    assert response.status_code == 406
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_acceptable"


@pytest.mark.parametrize("path", ["/api/v1/challenges/", "/api/v1/me/export/"])
@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml"]
)
def test_a_body_that_is_not_json_is_a_json_415(api, path, content_type):
    # Also on an action that takes no body: what it was sent is read, and refused.
    response = api.post(path, "title=x", content_type=content_type)
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    assert content_type in response.json()["detail"]


def test_an_oversized_body_is_a_413_on_an_action_that_takes_none_too(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = api.post(
        "/api/v1/me/export/", json.dumps({"x": "y" * 20_000}), content_type="application/json"
    )
    assert response.status_code == 413 and response.json()["code"] == "too_large"
    assert not DataExport.objects.exists()


def test_the_schema_documents_the_shared_errors_of_every_operation():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            documented = set(operation["responses"])
            expected = {"401", "406", "429"}
            if method in ("post", "put", "patch", "delete"):
                expected |= {"400", "403", "413", "415"}
            assert expected <= documented, (method, path, expected - documented)
            error = operation["responses"]["406"]["content"]["application/json"]["schema"]
            assert error == {"$ref": "#/components/schemas/Error"}


def test_request_bodies_are_documented_as_closed_to_other_fields():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    assert components["PatchedMeRequest"]["additionalProperties"] is False
    assert components["CriterionInputRequest"]["additionalProperties"] is False  # nested in a body
    assert "additionalProperties" not in components["Me"]  # responses are left open
    # The input bases' docstrings are for developers; they do not describe every body to clients.
    assert "description" not in components["PatchedMeRequest"]
