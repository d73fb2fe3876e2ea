"""Reads of the city's answer promise: a department's queue and "the city's answers" figures.

Each is one query (the figures are computed in Python from one row per promise: a city answers a
few thousand ideas a year, and the median needs every value anyway).
"""

import statistics
from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from ideas.models import AnswerPromise


def answer_queue(*, user) -> QuerySet[AnswerPromise]:
    """The unanswered promises of the departments the official belongs to, the earliest due first."""
    return (
        AnswerPromise.objects.filter(answered_at__isnull=True, department__members=user)
        .select_related("idea", "department")
        .order_by("due_on", "pk")
    )


@dataclass
class TrailStep:
    kind: str  # challenge, pilot, results, decision
    label: str
    url: str
    detail: str = ""


def idea_trail(idea) -> list[TrailStep]:
    """Where the idea went: the challenge it became or belongs to, that challenge's public pilots,
    their results and the city's decision on each (two queries)."""
    from pilots.models import Pilot

    challenge = idea.promoted_challenge or idea.challenge
    if challenge is None or challenge.published_at is None:
        return []
    steps = [
        TrailStep("challenge", challenge.title, challenge.get_absolute_url(), challenge.get_phase_display())
    ]
    pilots = Pilot.objects.filter(challenge=challenge, status__in=Pilot.PUBLIC_STATUSES).order_by(
        "decided_at", "pk"
    )
    for pilot in pilots:
        steps.append(TrailStep("pilot", pilot.title, pilot.get_absolute_url(), pilot.get_status_display()))
        if pilot.results_published_at:
            steps.append(TrailStep("results", pilot.title, pilot.get_absolute_url() + "#results-heading"))
            if pilot.next_step:
                steps.append(TrailStep("decision", pilot.get_next_step_display(), pilot.get_absolute_url()))
    return steps


def idea_supporters_of_event(event) -> QuerySet:
    """The "idea_supporters" audience: people who voted for or follow an idea in the challenge of
    the event's target (a pilot or a challenge), or an idea promoted into it."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    from accounts.models import User
    from engagement.models import Follow, Vote
    from ideas.models import Idea
    from pilots.models import Pilot

    if event.target_type_id == ContentType.objects.get_for_model(Pilot).pk:
        challenge_id = Pilot.objects.filter(pk=event.target_id).values_list("challenge_id", flat=True).first()
    else:
        challenge_id = event.target_id
    ideas = Idea.objects.filter(Q(challenge_id=challenge_id) | Q(promoted_challenge_id=challenge_id))
    idea_type = ContentType.objects.get_for_model(Idea).pk
    about = {"content_type_id": idea_type, "object_id__in": ideas.values("pk")}
    return User.objects.filter(
        Q(pk__in=Vote.objects.filter(**about).values("user_id"))
        | Q(pk__in=Follow.objects.filter(**about).values("user_id"))
    ).values_list("pk", flat=True)


def promise_of(idea) -> AnswerPromise | None:
    return AnswerPromise.objects.select_related("department").filter(idea=idea).first()


@dataclass
class DepartmentMonth:
    department: str
    month: date  # the first day of the month the answers were given in (Helsinki)
    answered: int
    on_time: int
    median_days: float


@dataclass
class AnswerFigures:
    due: int = 0  # promises answered, or past their date unanswered
    on_time: int = 0
    waiting: int = 0  # not yet due, not yet answered
    months: list[DepartmentMonth] = field(default_factory=list)
    overdue: list[AnswerPromise] = field(default_factory=list)

    @property
    def share_on_time(self) -> float | None:
        """On-time answers among the promises that fell due; None before any did."""
        return None if not self.due else self.on_time / self.due


def answer_figures(*, today: date | None = None) -> AnswerFigures:
    today = today or timezone.localdate()
    figures = AnswerFigures()
    groups: dict[tuple[str, date], list[AnswerPromise]] = {}
    promises = AnswerPromise.objects.select_related("department", "idea").filter(idea__hidden_at__isnull=True)
    for promise in promises.order_by("due_on", "pk"):
        if promise.answered_at is None:
            if promise.is_overdue(today):
                figures.due += 1
                figures.overdue.append(promise)
            else:
                figures.waiting += 1
            continue
        figures.due += 1
        figures.on_time += promise.on_time
        month = promise.answered_on.replace(day=1)
        groups.setdefault((str(promise.department), month), []).append(promise)
    for (department, month), answered in sorted(groups.items(), key=lambda item: (item[0][1], item[0][0])):
        figures.months.append(
            DepartmentMonth(
                department=department,
                month=month,
                answered=len(answered),
                on_time=sum(p.on_time for p in answered),
                median_days=statistics.median(days_to_answer(p) for p in answered),
            )
        )
    return figures


def days_to_answer(promise: AnswerPromise) -> int:
    """Calendar days in Helsinki from the promise to the answer (0: the same day)."""
    return (promise.answered_on - timezone.localdate(promise.promised_at)).days
