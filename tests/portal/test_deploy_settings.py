import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    # Only what the test names: the settings under test must not see the test run's own variables.
    environment = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_values():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        SECRET_KEY="x7!k2-production-like-secret-9f3Qv0-Lm8Zr1-Tn5Wb4-Yc6Hd2-Gs0Pa",
        ALLOWED_HOSTS="garden.example.org",
        SITE_URL="https://garden.example.org",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/garden",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_off_without_a_secret_refuses_to_start():
    for secret in ("", None):
        env = {"DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "false"}
        if secret is not None:
            env["SECRET_KEY"] = secret
        result = run_manage("check", **env)
        assert result.returncode != 0
        assert "Set SECRET_KEY" in result.stderr
