"""Handing work to Celery once the transaction that asked for it has committed."""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_after_commit(task, *args, **kwargs) -> None:
    """Queue `task` after the current transaction commits, never failing the caller.

    The rows the task needs exist by then. If the broker cannot be reached, the error is logged
    and the work waits: every task queued this way has a periodic relay that finds what was left
    undone (for notifications, the outbox relay), so a Redis outage loses nothing.
    """

    def send():
        try:
            task.delay(*args, **kwargs)
        except Exception:
            logger.exception("could not queue %s%r; the relay will pick it up", task.name, args)

    transaction.on_commit(send)
