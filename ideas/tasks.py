"""Beat tasks of ideas: the city's answer promise (see `ideas.promises`)."""

from celery import shared_task

from ideas import promises


@shared_task(name="ideas.answer_promises", acks_late=True, autoretry_for=(Exception,), retry_backoff=True,
             max_retries=5, time_limit=300)  # fmt: skip
def answer_promises(**kwargs) -> dict:
    """Make the promises the rules call for, then send the reminders that are due (each once)."""
    made = promises.answer_promises_refresh()
    before, after = promises.answer_reminders_send()
    return {"promised": made, "reminded_before": before, "reminded_after": after}
