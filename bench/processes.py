"""The processes of the benchmark: its own database, `manage.py` commands, gunicorn serving the
city, and the memory its workers use.
"""

import json
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import closing, contextmanager
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
