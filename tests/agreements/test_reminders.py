"""Milestone reminders from beat: a week and a day before, and overdue; once each, to the right people."""

from datetime import timedelta

import pytest
from django.utils import timezone

from agreements import services, tasks
from agreements.models import Milestone
from notifications.emails import notification_text
from notifications.models import Event, Notification
from pilots.models import Pilot

pytestmark = pytest.mark.django_db


def move(milestone, days):
    Milestone.objects.filter(pk=milestone.pk).update(due_date=timezone.localdate() + timedelta(days=days))


def reminders():
    return list(Event.objects.filter(kind="agreement.reminder").values_list("payload__reminder", flat=True))


def test_each_reminder_goes_out_once(agreement, lead, member, curator, django_capture_on_commit_callbacks):
    first, second, third = agreement.milestones.all()
    move(first, 6)
    move(second, 1)
    move(third, -2)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_milestone_reminders()
        tasks.send_milestone_reminders()
    assert sorted(reminders()) == ["day", "overdue", "week"]
    overdue = Event.objects.get(kind="agreement.reminder", payload__reminder="overdue")
    assert set(Notification.objects.filter(event=overdue).values_list("recipient", flat=True)) == {
        lead.pk,
        member.pk,
        curator.pk,
    }
    week = Event.objects.get(kind="agreement.reminder", payload__reminder="week")
    assert curator.pk not in set(Notification.objects.filter(event=week).values_list("recipient", flat=True))
    assert "due in a week" in notification_text(week)


def test_the_day_after_the_week_and_then_overdue(agreement, django_capture_on_commit_callbacks):
    first = agreement.milestones.first()
    move(first, 5)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        for days_later in (0, 4, 5, 6, 7):
            for what, ids in services.milestones_to_remind(now=now + timedelta(days=days_later)).items():
                for pk in ids:
                    services.milestone_remind(
                        milestone_id=pk, what=what, now=now + timedelta(days=days_later)
                    )
    assert reminders() == ["week", "day", "overdue"]


def test_nothing_for_done_milestones_drafts_or_ended_pilots(agreement, draft_two, lead, curator):
    first, second, _third = agreement.milestones.all()
    move(first, 1)
    report = services.report_submit(actor=lead, agreement=agreement, milestone=first, summary="Done.")
    services.report_approve(actor=curator, report=report)
    move(draft_two.milestones.first(), -3)  # not accepted yet
    assert services.milestones_to_remind() == {"week": [], "day": [], "overdue": []}
    move(second, -1)
    Pilot.objects.filter(pk=agreement.pilot_id).update(status="discontinued", ended_at=timezone.now())
    assert services.milestones_to_remind()["overdue"] == []


def test_a_failing_run_leaves_no_marker_and_the_next_run_reminds(agreement, monkeypatch):
    first = agreement.milestones.first()
    move(first, -1)
    from agreements.services import reminders as module

    def broken(**kwargs):
        raise RuntimeError("database went away mid-run")

    monkeypatch.setattr(module, "event_record", broken)
    with pytest.raises(RuntimeError):
        services.milestone_remind(milestone_id=first.pk, what="overdue")
    assert Milestone.objects.get(pk=first.pk).reminded_overdue_at is None  # rolled back with it
    monkeypatch.undo()
    assert services.milestone_remind(milestone_id=first.pk, what="overdue")
    assert not services.milestone_remind(milestone_id=first.pk, what="overdue")
    assert reminders() == ["overdue"]


def test_a_new_due_date_reminds_again(agreement, lead, curator):
    first = agreement.milestones.first()
    move(first, 1)
    services.milestone_remind(milestone_id=first.pk, what="day")
    change = services.change_request_create(
        actor=lead,
        agreement=agreement,
        kind="dates",
        reason="Later.",
        milestones={first.pk: {"due_date": (timezone.localdate() + timedelta(days=30)).isoformat()}},
    )
    services.change_request_decide(actor=curator, change=change, approve=True)
    assert Milestone.objects.get(pk=first.pk).reminded_day_at is None


@pytest.fixture
def draft_two(challenge, draw_up):
    from tests.pilots.factories import PilotFactory

    return draw_up(PilotFactory(challenge=challenge, status=Pilot.Status.ACCEPTED))
