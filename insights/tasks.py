"""Celery beat work for insights: recount the figures every few minutes."""

from celery import shared_task

from insights import services


@shared_task(name="insights.refresh", acks_late=True, time_limit=600, soft_time_limit=540)
def refresh(**kwargs) -> None:
    # Idempotent: each run recomputes everything from the data and overwrites what was there.
    services.insights_refresh()
