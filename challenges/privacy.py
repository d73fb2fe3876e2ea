"""The challenges a person curates, created or evaluates, for their data download and account
deletion (see `privacy.services`).

Challenges are the city's and stay whoever created them. Deleting the account takes the person off
the curators of each challenge that has another official curating it (a last curator stays, shown
as "Deleted user", until an administrator adds another) and ends their evaluator appointments; the
reviews they wrote stay with the proposals (see `pilots.privacy`).
"""

from django.conf import settings

from challenges import services
from challenges.models import Challenge, EvaluatorAppointment


def _ref(challenge: Challenge) -> dict:
    return {"title": challenge.title, "url": settings.SITE_URL + challenge.get_absolute_url()}


def export(user) -> dict:
    return {
        "challenges_created": [
            {**_ref(challenge), "created_at": challenge.created_at}
            for challenge in Challenge.objects.filter(created_by=user).order_by("created_at", "pk")
        ],
        "challenges_curated": [
            _ref(challenge)
            for challenge in Challenge.objects.filter(curators=user).order_by("created_at", "pk")
        ],
        "evaluator_appointments": [
            {"challenge": _ref(appointment.challenge), "appointed_at": appointment.appointed_at}
            for appointment in EvaluatorAppointment.objects.filter(evaluator=user)
            .select_related("challenge")
            .order_by("appointed_at", "pk")
        ],
    }


def erase(user, *, remove_contributions: bool) -> None:
    services.roles_forget(user=user)
