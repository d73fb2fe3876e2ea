"""The city's answer promise: rules that oblige an answer, each idea's due date, reminders.

An administrator sets `AnswerRule`s (Django admin, or `answer_rule_create`). The beat runs
`answer_promises_refresh` and `answer_reminders_send` every few minutes:

- an idea that a rule covers gets one `AnswerPromise` (unique per idea, so a rerun adds nothing):
  the department responsible and the date, Helsinki time, the city answers by;
- the department's officials are told two days before the date and the day after it, once each:
  the reminder's timestamp is set in the same transaction as its outbox event, on a row locked
  with SKIP LOCKED, so two beats at once or a retry never send it twice;
- the first official answer (`ideas.services.idea_answer`) marks the promise answered.
"""

from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from ideas.models import AnswerPromise, AnswerRule, Department, Idea
from notifications.services import event_record
from portal.audit import audit_record

# How many days before the due date the department is reminded.
REMIND_DAYS_BEFORE = 2


def due_on_for(promised_at: datetime, days: int) -> date:
    """The date the city answers by: the Helsinki day of the promise plus `days` (calendar days,
    so a month's end or a daylight-saving change moves nothing)."""
    return timezone.localdate(promised_at) + timedelta(days=days)


@transaction.atomic
def answer_rule_create(
    *,
    actor: User,
    trigger: str,
    days: int,
    department: Department,
    vote_threshold: int | None = None,
    challenge=None,
) -> AnswerRule:
    """An administrator sets a rule; bad input (zero days, a missing threshold) is said in words."""
    if not actor.is_superuser:
        raise PermissionDenied
    rule = AnswerRule(
        trigger=trigger, days=days, department=department, vote_threshold=vote_threshold, challenge=challenge
    )
    rule.full_clean()
    rule.save()
    audit_record(actor=actor, action="answer_rule.create", target=rule, days=days, trigger=trigger)
    return rule


def _covered(rule: AnswerRule, now: datetime):
    ideas = Idea.objects.visible().filter(status=Idea.Status.PUBLISHED, answer_promise__isnull=True)
    if rule.trigger == AnswerRule.Trigger.VOTES:
        ideas = ideas.filter(vote_count__gte=rule.vote_threshold)
        if rule.challenge_id:
            ideas = ideas.filter(challenge_id=rule.challenge_id)
        return ideas
    return ideas.filter(
        Q(challenge__ideas_close__lte=now) | Q(challenge__closed_early_at__lte=now),
        challenge_id=rule.challenge_id,
    )


def answer_promises_refresh(*, now: datetime | None = None) -> int:
    """Give every idea a rule covers its promise; return how many were made."""
    now = now or timezone.now()
    made = 0
    for rule in AnswerRule.objects.filter(active=True).select_related("department"):
        for idea in _covered(rule, now).only("pk", "title", "challenge_id"):
            try:
                with transaction.atomic():
                    promise = AnswerPromise.objects.create(
                        idea=idea, rule=rule, department=rule.department, promised_at=now,
                        due_on=due_on_for(now, rule.days),
                    )  # fmt: skip
                    event_record(
                        kind="idea.answer_promised", actor=None, target=idea, url=idea.get_absolute_url(),
                        title=idea.title, audiences=["followers", "voters"],
                        department=str(promise.department), due=promise.due_on.isoformat(),
                    )  # fmt: skip
            except IntegrityError:  # another beat promised it a moment ago
                continue
            made += 1
    return made


def promise_answered(*, idea: Idea, at: datetime) -> None:
    """The first official answer keeps the promise (called in `idea_answer`'s transaction)."""
    AnswerPromise.objects.filter(idea=idea, answered_at__isnull=True).update(answered_at=at)


def _remind(promise: AnswerPromise, kind: str) -> None:
    officials = list(promise.department.members.values_list("pk", flat=True))
    event_record(
        kind=kind, actor=None, target=promise.idea, url=promise.idea.get_absolute_url(),
        title=promise.idea.title, recipients=officials, due=promise.due_on.isoformat(),
        department=str(promise.department),
    )  # fmt: skip


def answer_reminders_send(*, now: datetime | None = None) -> tuple[int, int]:
    """Remind departments of answers due soon and of overdue ones; (before, after) sent now."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = [0, 0]
    soon = Q(due_on__lte=today + timedelta(days=REMIND_DAYS_BEFORE), due_on__gte=today)
    waves = [
        (0, "reminded_before_at", soon, "idea.answer_due"),
        (1, "reminded_after_at", Q(due_on__lt=today), "idea.answer_overdue"),
    ]
    for index, stamp, when, kind in waves:
        pending = AnswerPromise.objects.filter(when, answered_at__isnull=True, **{f"{stamp}__isnull": True})
        for pk in list(pending.values_list("pk", flat=True)):
            with transaction.atomic():
                promise = (
                    AnswerPromise.objects.select_for_update(skip_locked=True, of=("self",))
                    .select_related("idea", "department")
                    .filter(pk=pk, answered_at__isnull=True, **{f"{stamp}__isnull": True})
                    .first()
                )
                if promise is None:  # taken by another run, or answered meanwhile
                    continue
                setattr(promise, stamp, now)
                promise.save(update_fields=[stamp])
                _remind(promise, kind)
                sent[index] += 1
    return sent[0], sent[1]
