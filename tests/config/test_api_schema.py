import difflib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.portal.test_deploy_settings import ROOT

# The API's contract as it was last agreed; `make schema` writes it anew after a deliberate change.
AGREED = Path(__file__).with_name("openapi-v1.yaml")


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """The schema as the code describes it now, in English, checked by drf-spectacular, on the
    embedded default database (integer ranges follow the database), as `make schema` writes it."""
    folder = tmp_path_factory.mktemp("schema")
    path = folder / "openapi.yaml"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder / 'schema.sqlite3'}"}
    result = subprocess.run(
        [sys.executable, "manage.py", "spectacular", "--validate", "--fail-on-warn", "--lang", "en",
         "--file", str(path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    return result, path


def test_schema_generates_without_warnings(generated):
    result, path = generated
    assert result.returncode == 0, result.stderr[-3000:]
    schema = path.read_text()
    for operation in (
        "/api/v1/organizations/",
        "/api/v1/ideas/{id}/vote/",
        "/api/v1/comments/",
        "/api/v1/moderation/",
    ):
        assert operation in schema


def test_schema_is_the_agreed_one(generated):
    """Moving code around must not change the API; a change that is meant runs `make schema`."""
    result, path = generated
    assert result.returncode == 0, result.stderr[-3000:]
    changes = list(
        difflib.unified_diff(
            AGREED.read_text().splitlines(), path.read_text().splitlines(), "agreed", "now", lineterm="", n=1
        )
    )
    message = "The API schema changed; if that is meant, run `make schema`:\n"
    assert not changes, message + "\n".join(changes[:80])


def test_schema_and_local_docs_are_served(client, db):
    assert client.get("/api/v1/schema/").status_code == 200
    docs = client.get("/api/v1/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs
    assert "cdn" not in docs.lower()
