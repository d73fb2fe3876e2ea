"""Handing work to Celery once the transaction that asked for it has committed."""

import logging

from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def enqueue_after_commit(task, *args, **kwargs) -> None:
    """Queue `task` after the current transaction commits, never failing the caller.

    The rows the task needs exist by then. If the broker cannot be reached, the error is logged
    and the work waits: what is queued this way is found again later (the notification outbox
    relay, the unsent-invitation sweep, a repeated data export request), so a Redis outage loses
    nothing. Errors of the task itself (when tasks run inline) are not hidden.
    """

    def send():
        try:
            task.delay(*args, **kwargs)
        except (OperationalError, OSError):
            logger.exception("could not queue %s%r; it will be picked up later", task.name, args)

    transaction.on_commit(send)
