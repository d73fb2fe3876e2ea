"""The benchmark's goals and its report: the checks, the table on the terminal, the Markdown of
bench/README.md, and the machine it ran on.
"""

import os
import platform
import re
from pathlib import Path

# The goals of issue 8, checked in the report.
READ_SHARE_OF_BASELINE = 0.40
READ_P99_MS = 150
READ_MAX_QUERIES = 10
VOTE_SHARE_OF_BASELINE = 0.25
GROWTH_MAX_RATIO = 1.5
FANOUT_MAX_FLOOR_RATIO = 5
FANOUT_MAX_WORKER_MB = 300


# --- Goals and the report -------------------------------------------------------------------------


def check_goals(results: dict) -> list[dict]:
    baseline = results["pages"][0]["rps"]
    goals = []
    for page in results["pages"][1:]:
        share = page["rps"] / baseline
        page["ratio_to_baseline"] = round(share, 3)
        goals.append(
            {
                "goal": f"{page['name']}: ≥{READ_SHARE_OF_BASELINE:.0%} of baseline, p99 <{READ_P99_MS} ms, "
                f"≤{READ_MAX_QUERIES} queries",
                "met": share >= READ_SHARE_OF_BASELINE
                and page["p99_ms"] < READ_P99_MS
                and 0 <= page["queries"] <= READ_MAX_QUERIES,
                "measured": f"{share:.0%}, p99 {page['p99_ms']} ms, {page['queries']} queries",
            }
        )
    vote = results["vote"]
    vote["ratio_to_baseline"] = round(vote["rps"] / baseline, 3)
    goals.append(
        {
            "goal": f"voting: ≥{VOTE_SHARE_OF_BASELINE:.0%} of baseline, counts exact",
            "met": vote["ratio_to_baseline"] >= VOTE_SHARE_OF_BASELINE and vote["counts_exact"],
            "measured": f"{vote['ratio_to_baseline']:.0%}, counts "
            + ("exact" if vote["counts_exact"] else "wrong"),
        }
    )
    by_name: dict[str, list] = {}
    for figures in results["growth"]:
        by_name.setdefault(figures["name"].split(" @ ")[0], []).append(figures)
    for name, series in by_name.items():
        smallest, largest = series[0], series[-1]
        slowdown = smallest["rps"] / largest["rps"] if largest["rps"] else float("inf")
        for figures in series:
            figures["ratio_to_baseline"] = round(figures["rps"] / baseline, 3)
        goals.append(
            {
                "goal": f"{name} at {largest['ideas']:,} ideas no slower than {GROWTH_MAX_RATIO}× "
                f"at {smallest['ideas']:,}",
                "met": slowdown <= GROWTH_MAX_RATIO,
                "measured": f"{slowdown:.2f}×",
            }
        )
    fan = results["fanout"]
    goals.append(
        {
            "goal": f"fan-out: ≤{FANOUT_MAX_FLOOR_RATIO}× the INSERT … SELECT floor, "
            f"worker <{FANOUT_MAX_WORKER_MB} MB",
            "met": bool(fan["ratio_to_floor"])
            and fan["ratio_to_floor"] <= FANOUT_MAX_FLOOR_RATIO
            and fan["worker_peak_mb"] < FANOUT_MAX_WORKER_MB,
            "measured": f"×{fan['ratio_to_floor']}, {fan['worker_peak_mb']} MB",
        }
    )
    return goals


def print_table(results: dict) -> None:
    print()
    print(f"{'address':<40} {'req/s':>8} {'×base':>6} {'p50 ms':>7} {'p99 ms':>7} {'SQL':>4} {'MB':>6}")
    for page in [*results["pages"], results["vote"], *results["growth"]]:
        ratio = page.get("ratio_to_baseline", 1.0)
        print(
            f"{page['name'][:40]:<40} {page['rps']:>8.1f} {ratio:>6.2f} {page['p50_ms']:>7.1f} "
            f"{page['p99_ms']:>7.1f} {page['queries']:>4} {page['web_worker_peak_mb']:>6.1f}"
        )
    print()
    for goal in results["goals"]:
        print(f"  [{'met' if goal['met'] else 'MISSED':>6}] {goal['goal']} — {goal['measured']}")


def markdown(results: dict) -> str:
    """The results as the Markdown tables of bench/README.md (`python -m bench.run --markdown FILE`)."""
    lines = [
        "| address | req/s | × baseline | p50 ms | p99 ms | SQL queries | worker MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for page in [*results["pages"], results["vote"], *results["growth"]]:
        lines.append(
            f"| {page['name']} | {page['rps']:.0f} | {page.get('ratio_to_baseline', 1.0):.2f} | "
            f"{page['p50_ms']:.1f} | {page['p99_ms']:.1f} | {page['queries']} "
            f"| {page['web_worker_peak_mb']:.0f} |"
        )
    fan = results["fanout"]
    lines += [
        "",
        f"Fan-out to {fan['followers']:,} followers: {fan['notifications']:,} notifications written in "
        f"{fan['notifications_s']} s (PostgreSQL's single `INSERT … SELECT` of the same rows: "
        f"{fan['floor_s']} s, so ×{fan['ratio_to_floor']}); {fan['emails_received']:,} immediate emails "
        "accepted by the SMTP sink "
        f"{fan['emails_s']} s after the event; worker peak memory {fan['worker_peak_mb']} MB per process.",
        "",
        "Seeding: "
        + "; ".join(f"{step} {seconds} s" for step, seconds in results["seeding_s"].items())
        + ".",
        "",
        "| goal | measured | |",
        "| --- | --- | --- |",
    ]
    lines += [
        f"| {g['goal']} | {g['measured']} | {'met' if g['met'] else '**missed**'} |" for g in results["goals"]
    ]
    return "\n".join(lines)


def machine() -> dict:
    memory = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
    cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu.group(1) if cpu else platform.processor(),
        "memory_gb": round(int(memory.group(1)) / 1024 / 1024, 1) if memory else None,
        "python": platform.python_version(),
        "system": platform.platform(),
        "load_average_at_start": os.getloadavg(),
    }
