"""Celery beat work for agreements: milestone reminders and expiring reserve offers."""

from celery import shared_task

from agreements import services


@shared_task(name="agreements.send_milestone_reminders", acks_late=True, time_limit=300)
def send_milestone_reminders(**kwargs) -> None:
    for what, milestone_ids in services.milestones_to_remind().items():
        for milestone_id in milestone_ids:
            services.milestone_remind(milestone_id=milestone_id, what=what)
    services.reserve_offers_expire()
