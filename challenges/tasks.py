"""Celery beat work for challenges: phase announcements and deadline reminders."""

from celery import shared_task

from challenges import services


@shared_task(name="challenges.announce_phases", acks_late=True, time_limit=300)
def announce_phases(**kwargs) -> None:
    for what, challenge_ids in services.challenges_to_announce().items():
        for challenge_id in challenge_ids:
            services.challenge_announce(challenge_id=challenge_id, what=what)
