"""Handing work to Celery once the transaction that asked for it has committed."""

import logging

from celery import current_app
from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def enqueue_after_commit(task_name: str, *args, **kwargs) -> None:
    """Queue the task registered as `task_name` after the current transaction commits, never
    failing the caller.

    Services name their tasks as the broker does, by the registered name, so that a service never
    imports the tasks module that calls it back (no import circle between the two).

    The rows the task needs exist by then. If the broker cannot be reached, the error is logged
    and the work waits: what is queued this way is found again later (the notification outbox
    relay, the unsent-invitation sweep, a repeated data export request), so a Redis outage loses
    nothing. Errors of the task itself (when tasks run inline) are not hidden.
    """

    def send():
        task = task_named(task_name)
        try:
            task.delay(*args, **kwargs)
        except (OperationalError, OSError):
            logger.exception("could not queue %s%r; it will be picked up later", task_name, args)

    transaction.on_commit(send)


def task_named(name: str):
    """The task registered under `name`. Each app's tasks module is imported on first use, as a
    worker does at start, so a web process finds tasks that nothing else has imported."""
    if name not in current_app.tasks:
        current_app.loader.import_default_modules()
    return current_app.tasks[name]
