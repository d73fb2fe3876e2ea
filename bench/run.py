"""The benchmark: seed a city, serve it in the production shape, load it with wrk, report.

    python -m bench.run            # the default city (make bench)
    python -m bench.run --smoke    # a tiny city, a second or two per address (make bench-smoke)

See bench/README.md for what is measured and why. Everything runs on this machine: a PostgreSQL
database of its own (BENCH_DATABASE_URL), a Redis database of its own (BENCH_REDIS_URL), gunicorn
with the production settings plus `bench.settings`, a Celery worker and an SMTP sink for the
fan-out.

The steps live beside this file: `processes` (the database, gunicorn, memory), `measurements`
(wrk's loads, voting, growth, the fan-out) and `report` (the goals, the table, the Markdown).
"""

import argparse
import json
import os
import secrets
import shutil
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

from bench.measurements import addresses, fanout, growth, measure, vote_loop
from bench.processes import (
    ROOT,
    flush_cache,
    free_port,
    gunicorn,
    manage,
    prepare_database,
    web_worker_peak_mb,
)
from bench.report import check_goals, machine, markdown, print_table


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
