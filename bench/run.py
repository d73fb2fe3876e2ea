"""The benchmark: seed a city, serve it in the production shape, load it with wrk, report.

    python -m bench.run            # the default city (make bench)
    python -m bench.run --smoke    # a tiny city, a second or two per address (make bench-smoke)

See bench/README.md for what is measured and why. Everything runs on this machine: a PostgreSQL
database of its own (BENCH_DATABASE_URL), a Redis database of its own (BENCH_REDIS_URL), gunicorn
with the production settings plus `bench.settings`, a Celery worker and an SMTP sink for the
fan-out.
"""

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
LUA = Path(__file__).resolve().parent / "lua"

# The goals of issue 8, checked in the report.
READ_SHARE_OF_BASELINE = 0.40
READ_P99_MS = 150
READ_MAX_QUERIES = 10
VOTE_SHARE_OF_BASELINE = 0.25
GROWTH_MAX_RATIO = 1.5
FANOUT_MAX_FLOOR_RATIO = 5
FANOUT_MAX_WORKER_MB = 300


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--smoke", action="store_true", help="a tiny city and short runs, to prove it works")
    parser.add_argument("--scale", type=float, help="city size; 1 = the default city (100,000 ideas)")
    parser.add_argument("--duration", type=int, help="seconds of load per address")
    parser.add_argument("--warmup", type=int, help="seconds of warm-up per address")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--web-workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 2)))
    parser.add_argument(
        "--reuse", action="store_true", help="keep a city seeded by an earlier run at the same scale"
    )
    parser.add_argument("--output", type=Path, help="where to write the JSON results")
    args = parser.parse_args(argv)
    if args.smoke:
        defaults = {"scale": 0.005, "duration": 3, "warmup": 1}
        args.output = args.output or ROOT / "bench" / "results" / "smoke.json"
    else:
        defaults = {"scale": 1.0, "duration": 20, "warmup": 3}
        args.output = args.output or ROOT / "bench" / "results" / "latest.json"
    for name, value in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    return args


def free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def configure_environment(args) -> dict:
    database_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/garden_bench")
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
    if args.smoke:
        database_url = database_url.rstrip("/") + "_smoke"
        redis_url = os.environ.get("BENCH_SMOKE_REDIS_URL", "redis://127.0.0.1:6379/12")
    port = free_port()
    env = {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "WARNING",
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    os.environ.update(env)
    return {"port": port, **env}


# --- The database -----------------------------------------------------------------------------


def prepare_database(url: str, scale: float, reuse: bool) -> bool:
    """Create the benchmark database (afresh unless reusing one of the same scale). True if fresh."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    marker = ROOT / "var" / f"bench-{name}.json"
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if reuse and exists and marker.exists() and json.loads(marker.read_text()).get("scale") == scale:
            return False
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    marker.parent.mkdir(exist_ok=True)
    marker.unlink(missing_ok=True)
    return True


def manage(*arguments: str, quiet: bool = True) -> None:
    subprocess.run(
        [str(VENV_BIN / "python"), "manage.py", *arguments],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def flush_cache() -> None:
    from django.core.cache import cache

    cache.clear()


# --- Processes ----------------------------------------------------------------------------------


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def peak_memory_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of one process, in MB."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    match = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(match.group(1)) / 1024 if match else 0.0


@contextmanager
def gunicorn(config: dict, workers: int):
    process = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{config['port']}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{config['port']}/healthz")
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def wait_for_http(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def web_worker_peak_mb(server) -> float:
    return max((peak_memory_mb(pid) for pid in children_of(server.pid)), default=0.0)


# --- Load -----------------------------------------------------------------------------------------


def fetch(url: str, *, method: str = "GET", headers: dict | None = None) -> tuple[int, int]:
    """One request; returns (status, SQL queries the server reported)."""
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, int(response.headers.get("X-Bench-Queries", -1))
    except urllib.error.HTTPError as error:
        return error.code, int(error.headers.get("X-Bench-Queries", -1))


def wrk(
    url: str, *, duration: int, connections: int, script: Path = LUA / "report.lua", env=None, headers=None
) -> dict:
    threads = min(2, connections)
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
    ]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    command.append(url)
    result = subprocess.run(
        command, capture_output=True, text=True, check=True, env={**os.environ, **(env or {})}
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("{"))
    figures = json.loads(line)
    seconds = figures["duration_us"] / 1e6
    return {
        "requests": figures["requests"],
        "rps": round(figures["requests"] / seconds, 1),
        "p50_ms": round(figures["p50_us"] / 1000, 1),
        "p99_ms": round(figures["p99_us"] / 1000, 1),
        "errors": figures["errors"],
        "non_2xx_3xx": figures["non2xx"],
    }


def measure(name: str, url: str, args, server, *, headers=None, script=None, env=None) -> dict:
    status, queries = fetch(url, headers=headers)
    if status >= 400:
        raise RuntimeError(f"{name}: {url} answered {status}")
    for _ in range(2 * args.web_workers):  # every worker renders it once before the clock runs
        fetch(url, headers=headers)
    options = {
        "connections": args.connections,
        "script": script or LUA / "report.lua",
        "env": env,
        "headers": headers,
    }
    wrk(url, duration=args.warmup, **options)
    figures = wrk(url, duration=args.duration, **options)
    figures.update(
        name=name,
        url=url.split("127.0.0.1", 1)[1].split("/", 1)[1],
        queries=queries,
        web_worker_peak_mb=round(web_worker_peak_mb(server), 1),
    )
    print(
        f"  {name:<32} {figures['rps']:>8.1f} req/s  p50 {figures['p50_ms']:>6.1f} ms  "
        f"p99 {figures['p99_ms']:>6.1f} ms  {queries:>3} queries",
        flush=True,
    )
    return figures


# --- The pieces of the run -----------------------------------------------------------------------


def addresses(base: str) -> list[tuple[str, str, dict]]:
    from django.db.models import Count

    from bench.seeding import FIRST_IDEA_ID, CitySeeder
    from ideas.models import Idea
    from pilots.models import Pilot

    challenge = CitySeeder.fanout_challenge()
    pilot = (
        Pilot.objects.filter(status__in=["running", "completed"])
        .annotate(n=Count("updates"))
        .order_by("-n", "pk")
        .first()
    )
    ideas = Idea.objects.visible().exclude(status="merged").count()
    deep_page = max(1, min(1000, ideas // 20 // 2))
    district = (
        Idea.objects.filter(pk__gte=FIRST_IDEA_ID, district__isnull=False)
        .values_list("district__slug", flat=True)
        .first()
    )
    hot_idea = FIRST_IDEA_ID + 1
    hot_comments = Idea.objects.get(pk=hot_idea).comment_count
    return [
        ("baseline", f"{base}/bench/baseline/", {}),
        ("home", f"{base}/fi/", {}),
        ("challenge list", f"{base}/fi/challenges/", {}),
        ("challenge page", f"{base}/fi/challenges/{challenge.slug}/", {}),
        ("idea list by votes", f"{base}/fi/ideas/?sort=votes", {}),
        (f"idea list by votes, page {deep_page}", f"{base}/fi/ideas/?sort=votes&page={deep_page}", {}),
        ("idea list filtered and searched", f"{base}/fi/ideas/?q=leikkipuisto&district={district}", {}),
        (f"idea page, {hot_comments} comments", f"{base}/fi/ideas/{hot_idea}/", {}),
        ("pilot page", f"{base}/fi/pilots/{pilot.pk}/" if pilot else f"{base}/fi/", {}),
        ("pilot list, running now", f"{base}/fi/pilots/?stage=running", {}),
        ("search across all kinds", f"{base}/fi/search/?q=leikkipuisto", {}),
        ("impact dashboard", f"{base}/fi/insights/", {}),
        # Signed in, past the page cache: what rendering the busiest pages costs.
        ("idea list by votes, signed in", f"{base}/fi/ideas/?sort=votes", signed_in()),
        (f"idea page, {hot_comments} comments, signed in", f"{base}/fi/ideas/{hot_idea}/", signed_in()),
        ("API challenges", f"{base}/api/v1/challenges/", {"Accept": "application/json"}),
        ("API ideas by votes", f"{base}/api/v1/ideas/?ordering=votes", {"Accept": "application/json"}),
        ("API ideas searched", f"{base}/api/v1/ideas/?search=leikkipuisto", {"Accept": "application/json"}),
        ("API pilots", f"{base}/api/v1/pilots/", {"Accept": "application/json"}),
        ("API search", f"{base}/api/v1/search/?q=leikkipuisto", {"Accept": "application/json"}),
    ]


def signed_in() -> dict:
    """A session cookie of a person of the city, for pages measured past the page cache."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.models import User
    from bench.seeding import FIRST_USER_ID

    user = User.objects.get(pk=FIRST_USER_ID + 7)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "accounts.backends.StaffModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}"}


def vote_loop(base: str, args, server) -> dict:
    """Sixteen connections voting and withdrawing votes on the city's favourite idea."""
    from django.db.models import Exists, OuterRef
    from rest_framework.authtoken.models import Token

    from accounts.models import User
    from bench.seeding import FIRST_IDEA_ID, FIRST_USER_ID
    from engagement.models import Vote
    from ideas.models import Idea

    idea = Idea.objects.get(pk=FIRST_IDEA_ID)
    voted = Vote.objects.for_target(idea).filter(user=OuterRef("pk"))
    voters = list(User.objects.filter(pk__gte=FIRST_USER_ID).exclude(Exists(voted)).order_by("pk")[:400])
    tokens = [Token.objects.get_or_create(user=user)[0].key for user in voters]
    token_file = Path(tempfile.mkstemp(prefix="bench-tokens-")[1])
    token_file.write_text("\n".join(tokens) + "\n")
    before = Idea.objects.get(pk=idea.pk).vote_count
    url = f"{base}/api/v1/ideas/{idea.pk}/vote/"
    headers = {"Authorization": f"Token {tokens[0]}", "Accept": "application/json"}
    _status, queries = fetch(url, method="POST", headers=headers)
    fetch(url, method="DELETE", headers=headers)
    env = {"BENCH_TOKENS": str(token_file)}
    wrk(url, duration=args.warmup, connections=args.connections, script=LUA / "vote.lua", env=env)
    figures = wrk(url, duration=args.duration, connections=args.connections, script=LUA / "vote.lua", env=env)
    token_file.unlink()
    idea.refresh_from_db()
    rows = Vote.objects.for_target(idea).count()
    figures.update(
        name="vote and un-vote (API, token)",
        url=url.split("127.0.0.1", 1)[1].split("/", 1)[1],
        queries=queries,
        web_worker_peak_mb=round(web_worker_peak_mb(server), 1),
        votes_before=before,
        vote_count_after=idea.vote_count,
        vote_rows_after=rows,
        counts_exact=idea.vote_count == rows,
    )
    print(
        f"  {figures['name']:<32} {figures['rps']:>8.1f} req/s  p50 {figures['p50_ms']:>6.1f} ms  "
        f"p99 {figures['p99_ms']:>6.1f} ms  {queries:>3} queries; count {idea.vote_count} = rows {rows}: "
        f"{'exact' if figures['counts_exact'] else 'WRONG'}",
        flush=True,
    )
    return figures


def growth(base: str, args, server, seeder, steps: list[int], seeding: dict) -> list[dict]:
    """The idea list and the idea page as the city grows, seeding the next ideas between steps."""
    from bench.seeding import FIRST_IDEA_ID
    from ideas.models import Idea

    results = []
    for step in steps:
        if step > seeder.ideas_seeded():
            print(f"seeding ideas up to {step:,}", flush=True)
            started = time.monotonic()
            seeder.seed_ideas(step, log=lambda line: print(line, flush=True))
            seeding[f"ideas to {step}"] = round(time.monotonic() - started, 1)
            flush_cache()
        for name, url in (
            ("idea list by votes", f"{base}/fi/ideas/?sort=votes"),
            (
                f"idea page, {Idea.objects.get(pk=FIRST_IDEA_ID + 1).comment_count} comments",
                f"{base}/fi/ideas/{FIRST_IDEA_ID + 1}/",
            ),
        ):
            figures = measure(f"{name} @ {step:,}", url, args, server)
            figures["ideas"] = step
            results.append(figures)
    return results


class Sink:
    """An SMTP server that accepts and counts messages (aiosmtpd, in a thread)."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.count = 0
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        return "250 OK"

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


def fanout(seeder) -> dict:
    """An event on a challenge with every person of the city as a follower, through a real worker."""
    from django.db import connection, transaction

    from engagement.models import Follow
    from notifications.models import EmailDelivery, Event, Notification
    from notifications.services import event_record

    challenge = seeder.fanout_challenge()
    followers = Follow.objects.filter(content_type=seeder.challenge_type, object_id=challenge.pk).count()

    # The floor: PostgreSQL writing the same rows in one INSERT … SELECT (then rolled back).
    with transaction.atomic():
        probe = Event.objects.create(kind="challenge.decision", url="/", payload={"title": challenge.title})
        with connection.cursor() as cursor:
            started = time.monotonic()
            cursor.execute(
                "INSERT INTO notifications_notification (recipient_id, event_id, created_at, digested_at)"
                " SELECT f.user_id, %s, now(), now() FROM engagement_follow f"
                " JOIN accounts_user u ON u.id = f.user_id AND u.is_active"
                " WHERE f.content_type_id = %s AND f.object_id = %s",
                [probe.pk, seeder.challenge_type.pk, challenge.pk],
            )
            floor = time.monotonic() - started
        transaction.set_rollback(True)

    with Sink() as sink:
        env = {**os.environ, "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}"}
        worker = subprocess.Popen(
            [
                str(VENV_BIN / "celery"),
                "-A",
                "portal",
                "worker",
                "--concurrency",
                "2",
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--pool",
                "prefork",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            for line in worker.stderr:
                if "ready." in line:
                    break
            started = time.monotonic()
            with transaction.atomic():
                event = event_record(
                    kind="challenge.decision",
                    actor=None,
                    target=challenge,
                    url=challenge.get_absolute_url(),
                    title=challenge.title,
                    audiences=["followers"],
                )
            notified_at = emailed_at = None
            expected_emails = None
            deadline = started + 600
            while time.monotonic() < deadline:
                if notified_at is None:
                    event.refresh_from_db()
                    if event.dispatched_at is not None:
                        notified_at = time.monotonic()
                        expected_emails = EmailDelivery.objects.filter(event=event).count()
                if notified_at is not None:
                    pending = EmailDelivery.objects.filter(event=event, status="pending").count()
                    if pending == 0:
                        emailed_at = time.monotonic()
                        break
                time.sleep(0.1)
            memory = [peak_memory_mb(pid) for pid in [worker.pid, *children_of(worker.pid)]]
        finally:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
    notifications = Notification.objects.filter(event=event).count()
    result = {
        "followers": followers,
        "notifications": notifications,
        "emails_expected": expected_emails,
        "emails_received": sink.count,
        "floor_s": round(floor, 3),
        "notifications_s": round(notified_at - started, 3) if notified_at else None,
        "emails_s": round(emailed_at - started, 3) if emailed_at else None,
        "worker_peak_mb": round(max(memory), 1),
        "worker_processes_peak_mb": [round(m, 1) for m in memory],
    }
    result["ratio_to_floor"] = round(result["notifications_s"] / floor, 2) if notified_at and floor else None
    print(
        f"  fan-out to {followers:,} followers: notifications in {result['notifications_s']} s "
        f"(floor {result['floor_s']} s, ×{result['ratio_to_floor']}), {sink.count:,} emails in "
        f"{result['emails_s']} s, worker peak {result['worker_peak_mb']} MB",
        flush=True,
    )
    return result


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


def main(argv=None) -> int:
    if argv is None and len(sys.argv) == 3 and sys.argv[1] == "--markdown":
        print(markdown(json.loads(Path(sys.argv[2]).read_text())))
        return 0
    args = parse_args(argv)
    if not shutil.which("wrk"):
        print("The benchmark needs wrk. Run: sudo apt-get install -y wrk", file=sys.stderr)
        return 2
    config = configure_environment(args)
    started = time.monotonic()
    results = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": {
            "scale": args.scale,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "connections": args.connections,
            "web_workers": args.web_workers,
        },
    }
    fresh = prepare_database(config["DATABASE_URL"], args.scale, args.reuse)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from bench.seeding import CitySeeder, CitySize, growth_steps

    size = CitySize.scaled(args.scale)
    steps = growth_steps(size.ideas)
    print(f"city: {size}", flush=True)
    seed_started = time.monotonic()
    if fresh:
        manage("migrate", "--no-input")
        manage("seed_city", "--scale", str(args.scale), "--ideas-up-to", str(steps[0]), quiet=False)
    seeder = CitySeeder(size)
    manage("collectstatic", "--no-input", "-v0")
    seeding = results["seeding_s"] = {}
    if fresh:
        seeding[f"demo, people, challenges, pilots and ideas to {steps[0]}"] = round(
            time.monotonic() - seed_started, 1
        )
    flush_cache()

    base = f"http://127.0.0.1:{config['port']}"
    with gunicorn(config, args.web_workers) as server:
        print(f"growth (idea list and idea page at {', '.join(f'{s:,}' for s in steps)} ideas)", flush=True)
        if fresh:
            results["growth"] = growth(base, args, server, seeder, steps, seeding)
        else:
            print("  (skipped: a reused city is already grown; run without --reuse to measure growth)")
            results["growth"] = []
        if fresh:
            (ROOT / "var" / f"bench-{urlparse(config['DATABASE_URL']).path.lstrip('/')}.json").write_text(
                json.dumps({"scale": args.scale})
            )
        from accounts.models import User
        from engagement.models import Comment, Follow, Vote
        from ideas.models import Idea
        from insights.services import insights_refresh
        from pilots.models import Pilot

        # What the beat does every ten minutes in production: count the dashboard's figures.
        started = time.monotonic()
        insights_refresh()
        results["insights_refresh_s"] = round(time.monotonic() - started, 1)
        print(f"insights figures counted (the beat's task) in {results['insights_refresh_s']} s", flush=True)
        models = {
            "users": User,
            "ideas": Idea,
            "votes": Vote,
            "comments": Comment,
            "follows": Follow,
            "pilots": Pilot,
        }
        results["city"] = {name: model.objects.count() for name, model in models.items()}
        print(f"city seeded: {results['city']}", flush=True)
        print("pages and API", flush=True)
        results["pages"] = [
            measure(name, url, args, server, headers=headers) for name, url, headers in addresses(base)
        ]
        results["vote"] = vote_loop(base, args, server)
        results["web_worker_peak_mb"] = round(web_worker_peak_mb(server), 1)
    print("notification fan-out", flush=True)
    results["fanout"] = fanout(seeder)
    results["goals"] = check_goals(results)
    results["total_s"] = round(time.monotonic() - started, 1)
    print_table(results)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"\nresults: {args.output} (whole run {results['total_s']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
