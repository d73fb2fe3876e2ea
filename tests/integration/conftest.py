"""Real parts for integration tests: a Celery worker on Redis, an SMTP server, live processes.

Each test starts its own processes on free ports and stops them afterwards, so tests running in
parallel never share a queue, a port or a mailbox.
"""

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection
from kombu import pools as kombu_pools

from config.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]
WORKER_ARGS = ["-m", "celery", "-A", "config", "worker", "--pool", "solo", "--loglevel", "INFO"]
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
        # Hold the message that arrives after `hold_after` accepted ones until `release` is set.
        self.hold_after: int | None = None
        self.holding = threading.Event()
        self.release = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse_for_good:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.hold_after is not None and len(self.messages) >= self.hold_after:
            self.hold_after = None
            self.holding.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait)
            return "451 4.3.0 Try again later"
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
    """Drop pooled connections so the next message goes to the broker now configured.

    kombu keeps its pools in a registry shared by the process, keyed by the broker's address;
    closing only Celery's pool would leave a closed pool in that registry for the next test that
    queues a task to the same address ("Acquire on closed pool"). `reset` empties the registry.
    """
    kombu_pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


class Workers:
    """Starts and stops Celery worker processes that share one broker and key prefix.

    Also points this test process's Celery app at that broker, so `.delay()` here reaches them.
    """

    def __init__(self, broker: str, smtp_url: str):
        self.broker = broker
        self.prefix = f"test-{uuid.uuid4().hex[:12]}:"
        self.smtp_url = smtp_url
        self.processes: list[subprocess.Popen] = []
        database = connection.settings_dict
        self.database_url = (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
            f"/{database['NAME']}"
        )

    def start(self) -> subprocess.Popen:
        worker = spawn(
            [sys.executable, *WORKER_ARGS, "--hostname", f"{self.prefix}{len(self.processes)}@localhost"],
            {
                "DJANGO_SETTINGS_MODULE": "config.settings_test",
                "DATABASE_URL": self.database_url,
                "CELERY_BROKER_URL": self.broker,
                "EMAIL_URL": self.smtp_url,
                "TEST_BROKER_KEY_PREFIX": self.prefix,
                "EMAIL_RETRY_SECONDS": "1",
                "CELERY_TASK_ALWAYS_EAGER": "false",
            },
        )
        self.processes.append(worker)
        return worker

    def kill(self, worker: subprocess.Popen) -> None:
        """Kill a worker at once, as a crash or an OOM killer would."""
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()

    def __enter__(self):
        self.previous = {
            key: celery_app.conf[key]
            for key in ("broker_url", "task_always_eager", "broker_transport_options")
        }
        celery_app.conf.update(
            broker_url=self.broker,
            task_always_eager=False,
            broker_transport_options={"global_keyprefix": self.prefix},
        )
        _forget_broker_connections()
        return self

    def __exit__(self, *exc):
        celery_app.conf.update(self.previous)
        _forget_broker_connections()
        for worker in self.processes:
            output = stop(worker)
            if os.environ.get("SHOW_WORKER_LOG"):
                print(output)


@pytest.fixture
def workers(transactional_db, smtp_server):
    with Workers(settings.TEST_REDIS_URL, smtp_server.url) as started:
        yield started


@pytest.fixture
def celery_worker(workers):
    """One real Celery worker process on the real Redis, with broker keys of its own.

    The key prefix keeps tests that run in parallel from taking each other's messages.
    """
    return workers.start()


@pytest.fixture
def own_redis(tmp_path):
    """A Redis server of the test's own on a free port, which the test may stop and start."""

    class Server:
        def __init__(self):
            self.port = free_port()
            self.url = f"redis://127.0.0.1:{self.port}/0"
            self.process = None

        def start(self):
            self.process = spawn(
                ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no", "--dir", str(tmp_path)],
                {},
            )  # fmt: skip
            wait_for(lambda: _answers(self.port), timeout=20, what="redis")

        def stop(self):
            stop(self.process)

    server = Server()
    server.start()
    yield server
    stop(server.process)


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False
