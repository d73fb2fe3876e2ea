"""The benchmark's smoke run: a tiny city through every step of `make bench`, so it cannot rot.

Its figures are not asserted (a shared machine's timings say little); that it ran, measured every
address and kept the vote counts exact is.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_smoke_run_measures_every_address(tmp_path):
    output = tmp_path / "smoke.json"
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    result = subprocess.run(
        [sys.executable, "-m", "bench.run", "--smoke", "--output", str(output)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    results = json.loads(output.read_text())

    names = [page["name"] for page in results["pages"]]
    assert names[0] == "baseline"
    assert {"home", "challenge list", "API ideas by votes"} <= set(names)
    assert any(name.startswith("idea page, ") for name in names)
    for page in [*results["pages"], *results["growth"], results["vote"]]:
        assert page["requests"] > 0, page["name"]
        assert page["errors"] == 0, page["name"]
        assert page["queries"] >= 0, page
    assert results["vote"]["counts_exact"]
    assert [g["ideas"] for g in results["growth"]][::2] == sorted({g["ideas"] for g in results["growth"]})
    fanout = results["fanout"]
    assert fanout["notifications"] == fanout["followers"] > 0
    assert fanout["emails_received"] == fanout["emails_expected"] > 0
    assert results["goals"], "the report checks the goals"
    report = subprocess.run(
        [sys.executable, "-m", "bench.run", "--markdown", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert "| baseline |" in report.stdout and "| voting:" in report.stdout
