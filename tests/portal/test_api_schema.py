import subprocess
import sys

from tests.portal.test_deploy_settings import ROOT


def test_schema_generates_without_warnings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "spectacular", "--validate", "--fail-on-warn",
         "--file", str(tmp_path / "s.yaml")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    schema = (tmp_path / "s.yaml").read_text()
    for path in (
        "/api/v1/organizations/",
        "/api/v1/ideas/{id}/vote/",
        "/api/v1/comments/",
        "/api/v1/moderation/",
    ):
        assert path in schema


def test_schema_and_local_docs_are_served(client, db):
    assert client.get("/api/v1/schema/").status_code == 200
    docs = client.get("/api/v1/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs
    assert "cdn" not in docs.lower()
