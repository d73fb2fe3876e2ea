"""The loads and what they measure: wrk against each address, the voting loop, the growth of the
city, and the notification fan-out through a real worker.
"""

import json
import os
import signal
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.processes import (
    ROOT,
    VENV_BIN,
    children_of,
    flush_cache,
    free_port,
    peak_memory_mb,
    web_worker_peak_mb,
)

LUA = Path(__file__).resolve().parent / "lua"


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
    # An idea in a challenge: its page shows the trail to the challenge's pilots and results.
    trail_idea = (
        Idea.objects.filter(pk__gte=FIRST_IDEA_ID, challenge__isnull=False)
        .values_list("pk", flat=True)
        .first()
        or hot_idea
    )
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
        ("impact dashboard", f"{base}/fi/insights/", {}),
        ("idea page with its trail", f"{base}/fi/ideas/{trail_idea}/", {}),
        ("the city's answers", f"{base}/fi/insights/answers/", {}),
        # Signed in, past the page cache: what rendering the busiest pages costs.
        ("idea list by votes, signed in", f"{base}/fi/ideas/?sort=votes", signed_in()),
        (f"idea page, {hot_comments} comments, signed in", f"{base}/fi/ideas/{hot_idea}/", signed_in()),
        ("API challenges", f"{base}/api/v1/challenges/", {"Accept": "application/json"}),
        ("API ideas by votes", f"{base}/api/v1/ideas/?ordering=votes", {"Accept": "application/json"}),
        ("API ideas searched", f"{base}/api/v1/ideas/?search=leikkipuisto", {"Accept": "application/json"}),
        ("API pilots", f"{base}/api/v1/pilots/", {"Accept": "application/json"}),
        ("API the city's answers", f"{base}/api/v1/answers/", {"Accept": "application/json"}),
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
                "config",
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
