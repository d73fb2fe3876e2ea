"""Real parts for integration tests: a Celery worker on Redis, an SMTP server, live processes.

Each test starts its own processes on free ports and stops them afterwards, so tests running in
parallel never share a queue, a port or a mailbox.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection

from portal.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]
WORKER_ARGS = ["-m", "celery", "-A", "portal", "worker", "--pool", "solo", "--loglevel", "INFO"]
WORKER_ARGS += ["--without-gossip", "--without-mingle"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, timeout: float = 30, interval: float = 0.1, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def http_get(url: str, timeout: float = 10) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wait_for_http(url: str, timeout: float = 60) -> None:
    def answers():
        try:
            return http_get(url, timeout=2)[0] == 200
        except OSError:
            return False

    wait_for(answers, timeout=timeout, what=url)


def stop(process: subprocess.Popen) -> str:
    """Stop a process (and its children) and return what it printed."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return process.stdout.read() if process.stdout else ""


def spawn(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        args,
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


class Mailbox:
    """An aiosmtpd handler that keeps every message it accepts.

    Set `refuse_next` to answer the next N messages with a temporary refusal (451), or
    `refuse_for_good` to a set of addresses that get a permanent one (550).
    """

    def __init__(self):
        self.messages = []
        self.refused = 0
        self.refuse_next = 0
        self.refuse_for_good: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse_for_good:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.refuse_next > 0:
            self.refuse_next -= 1
            self.refused += 1
            return "451 4.3.0 Try again later"
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server():
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    mailbox.url = f"smtp://127.0.0.1:{controller.port}"
    yield mailbox
    controller.stop()


def _forget_broker_connections():
    """Drop pooled connections so the next message goes to the broker now configured."""
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def celery_worker(transactional_db, smtp_server):
    """A real Celery worker process on the real Redis, with broker keys of its own.

    The key prefix keeps tests that run in parallel from taking each other's messages.
    """
    prefix = f"test-{uuid.uuid4().hex[:12]}:"
    database = connection.settings_dict
    database_url = (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
        f"/{database['NAME']}"
    )
    broker = settings.TEST_REDIS_URL
    worker = spawn(
        [sys.executable, *WORKER_ARGS, "--hostname", f"{prefix[:-1]}@localhost"],
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings_test",
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": broker,
            "EMAIL_URL": smtp_server.url,
            "TEST_BROKER_KEY_PREFIX": prefix,
            "EMAIL_RETRY_SECONDS": "1",
            "CELERY_TASK_ALWAYS_EAGER": "false",
        },
    )
    options = {"global_keyprefix": prefix}
    previous = {
        key: celery_app.conf[key] for key in ("broker_url", "task_always_eager", "broker_transport_options")
    }
    celery_app.conf.update(broker_url=broker, task_always_eager=False, broker_transport_options=options)
    _forget_broker_connections()
    try:
        yield worker
    finally:
        celery_app.conf.update(previous)
        _forget_broker_connections()
        output = stop(worker)
        if os.environ.get("SHOW_WORKER_LOG"):
            print(output)
