"""The city's answer promise: due dates, on-time figures, reminders once each, bad rules refused."""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError

from engagement.services import vote_cast
from ideas import answer_selectors, promises, services
from ideas.models import AnswerPromise, AnswerRule, Department
from notifications.models import Event
from tests.accounts.factories import UserFactory
from tests.challenges.factories import ChallengeFactory
from tests.ideas.factories import IdeaFactory
from tests.languages import in_each_language


@pytest.fixture
def department(db, official):
    department = Department.objects.create(name="Urban Environment", name_fi="Kaupunkiympäristö")
    department.members.add(official)
    return department


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def promise(department, idea, promised_at, days, answered_at=None) -> AnswerPromise:
    return AnswerPromise.objects.create(
        idea=idea, department=department, promised_at=promised_at,
        due_on=promises.due_on_for(promised_at, days), answered_at=answered_at,
    )  # fmt: skip


class TestDueDateAndFigures:
    """Computed by hand. Helsinki moves to summer time (UTC+2 → UTC+3) at 03:00 on 28 March 2027."""

    def test_the_due_date_counts_helsinki_days_across_the_month_and_the_clock_change(self):
        # 25 March 23:30 UTC is already 26 March 01:30 in Helsinki; seven days on is 2 April.
        assert promises.due_on_for(at("2027-03-25T23:30:00"), 7) == date(2027, 4, 2)
        # A UTC calendar would have said 1 April.
        assert at("2027-03-25T23:30:00").date().replace(day=25) == date(2027, 3, 25)

    def test_on_time_share_and_median_days_per_department_and_month(self, department):
        promised = at("2027-03-25T23:30:00")  # 26 March in Helsinki; due 2 April
        # 20:30 UTC on 2 April is 23:30 summer time: on time, 7 days.
        in_time = promise(department, IdeaFactory(), promised, 7, at("2027-04-02T20:30:00"))
        # 21:30 UTC on 2 April is 00:30 on 3 April in Helsinki: late, 8 days (UTC would say on time).
        late = promise(department, IdeaFactory(), promised, 7, at("2027-04-02T21:30:00"))
        # Promised 24 March 12:00 UTC (14:00 EET) with 7 days: due 31 March, never answered.
        overdue = promise(department, IdeaFactory(), at("2027-03-24T12:00:00"), 7)
        # Due 20 April: not due yet on 10 April, so not counted.
        promise(department, IdeaFactory(), at("2027-04-06T09:00:00"), 14)

        assert (in_time.on_time, late.on_time) == (True, False)
        assert (answer_selectors.days_to_answer(in_time), answer_selectors.days_to_answer(late)) == (7, 8)
        figures = answer_selectors.answer_figures(today=date(2027, 4, 10))
        assert (figures.due, figures.on_time, figures.waiting) == (3, 1, 1)
        assert figures.share_on_time == pytest.approx(1 / 3)
        assert [(m.department, m.month, m.answered, m.on_time, m.median_days) for m in figures.months] == [
            ("Urban Environment", date(2027, 4, 1), 2, 1, 7.5)
        ]
        assert figures.overdue == [overdue]
        # On its due date an unanswered promise is not yet overdue.
        assert not overdue.is_overdue(date(2027, 3, 31)) and overdue.is_overdue(date(2027, 4, 1))


class TestRules:
    def test_a_rule_with_zero_days_is_refused_in_words(self, administrator, department):
        with pytest.raises(ValidationError) as refused:
            promises.answer_rule_create(
                actor=administrator, trigger="votes", vote_threshold=10, days=0, department=department
            )
        assert refused.value.message_dict["days"] == [
            "The city needs at least one day to answer; give 1 or more days."
        ]
        assert not AnswerRule.objects.exists()

    def test_a_vote_rule_needs_its_threshold_and_a_closing_rule_its_challenge(
        self, administrator, department
    ):
        with pytest.raises(ValidationError) as refused:
            promises.answer_rule_create(actor=administrator, trigger="votes", days=5, department=department)
        assert "vote_threshold" in refused.value.message_dict
        with pytest.raises(ValidationError) as refused:
            promises.answer_rule_create(
                actor=administrator, trigger="ideas_closed", days=5, department=department
            )
        assert "challenge" in refused.value.message_dict

    def test_only_an_administrator_sets_rules(self, official, department):
        from django.core.exceptions import PermissionDenied

        with pytest.raises(PermissionDenied):
            promises.answer_rule_create(
                actor=official, trigger="votes", vote_threshold=1, days=5, department=department
            )


class TestPromises:
    def test_an_idea_reaching_the_votes_is_promised_once_and_its_supporters_told(
        self, administrator, department, django_capture_on_commit_callbacks
    ):
        promises.answer_rule_create(
            actor=administrator, trigger="votes", vote_threshold=2, days=14, department=department
        )
        idea, quiet = IdeaFactory(), IdeaFactory()
        for voter in UserFactory.create_batch(2):
            vote_cast(actor=voter, target=idea)
        now = at("2027-10-30T10:00:00")
        assert promises.answer_promises_refresh(now=now) == 1
        assert promises.answer_promises_refresh(now=now) == 0
        made = AnswerPromise.objects.get()
        assert (made.idea, made.department, made.due_on) == (idea, department, date(2027, 11, 13))
        assert not AnswerPromise.objects.filter(idea=quiet).exists()
        assert Event.objects.filter(kind="idea.answer_promised").count() == 1

    def test_every_idea_of_a_challenge_is_promised_once_its_ideas_close(self, administrator, department):
        challenge = ChallengeFactory(phase="proposals")
        ideas = [IdeaFactory(challenge=challenge) for _ in range(3)]
        promises.answer_rule_create(
            actor=administrator, trigger="ideas_closed", challenge=challenge, days=30, department=department
        )
        assert promises.answer_promises_refresh() == 3
        assert set(AnswerPromise.objects.values_list("idea", flat=True)) == {idea.pk for idea in ideas}

    def test_the_answer_keeps_the_promise(self, official, department):
        idea = IdeaFactory()
        promise(department, idea, at("2026-11-01T10:00:00"), 10)
        services.idea_answer(actor=official, idea=idea, status="accepted", answer=in_each_language("Yes."))
        assert AnswerPromise.objects.get(idea=idea).answered_at is not None


class TestReminders:
    def test_before_and_after_the_date_once_each(self, department, official):
        made = promise(department, IdeaFactory(), at("2027-03-25T23:30:00"), 7)  # due 2 April
        assert promises.answer_reminders_send(now=at("2027-03-29T08:00:00")) == (0, 0)
        assert promises.answer_reminders_send(now=at("2027-03-31T08:00:00")) == (1, 0)
        assert promises.answer_reminders_send(now=at("2027-03-31T09:00:00")) == (0, 0)
        # 21:30 UTC on 2 April is already 3 April in Helsinki: overdue.
        assert promises.answer_reminders_send(now=at("2027-04-02T21:30:00")) == (0, 1)
        assert promises.answer_reminders_send(now=at("2027-04-05T08:00:00")) == (0, 0)
        due, overdue = (Event.objects.get(kind=kind) for kind in ("idea.answer_due", "idea.answer_overdue"))
        assert due.recipient_ids == [official.pk] == overdue.recipient_ids
        made.refresh_from_db()
        assert made.reminded_before_at and made.reminded_after_at

    def test_a_failure_while_reminding_sends_nothing_and_the_next_run_sends_it(self, department, monkeypatch):
        promise(department, IdeaFactory(), at("2027-03-25T23:30:00"), 7)
        real = promises.event_record

        def broken(**kwargs):
            raise RuntimeError("outbox unavailable")

        monkeypatch.setattr(promises, "event_record", broken)
        with pytest.raises(RuntimeError):
            promises.answer_reminders_send(now=at("2027-03-31T08:00:00"))
        assert AnswerPromise.objects.get().reminded_before_at is None
        monkeypatch.setattr(promises, "event_record", real)
        assert promises.answer_reminders_send(now=at("2027-03-31T08:00:00")) == (1, 0)
        assert Event.objects.filter(kind="idea.answer_due").count() == 1

    def test_an_answered_idea_is_not_reminded(self, department, official):
        idea = IdeaFactory()
        promise(department, idea, at("2026-11-01T10:00:00"), 7)
        services.idea_answer(actor=official, idea=idea, status="accepted", answer=in_each_language("Yes."))
        assert promises.answer_reminders_send(now=at("2027-04-05T08:00:00")) == (0, 0)


class TestPages:
    def test_the_idea_shows_the_department_and_the_date_and_the_official_her_queue(
        self, client, department, official, resident
    ):
        idea = IdeaFactory(title="Benches by the shore")
        promise(department, idea, at("2026-11-01T10:00:00"), 30)  # due 1 December 2026
        page = client.get(f"/en/ideas/{idea.pk}/").content.decode()
        assert "The city answers this idea by" in page and "Urban Environment" in page
        client.force_login(official)
        queue = client.get("/en/ideas/answers/")
        assert queue.status_code == 200 and "Benches by the shore" in queue.content.decode()
        client.force_login(resident)
        assert client.get("/en/ideas/answers/").status_code == 403

    def test_the_citys_answers_page_and_api(self, client, department):
        promise(department, IdeaFactory(title="Late one"), at("2026-10-01T10:00:00"), 7)
        page = client.get("/en/insights/answers/").content.decode()
        assert "Late one" in page and "0 %" in page
        body = client.get("/api/v1/answers/", HTTP_ACCEPT_LANGUAGE="en").json()
        assert (body["due"], body["on_time"], body["share_on_time"]) == (1, 0, 0.0)
        assert (
            body["overdue"][0]["title"] == "Late one"
            and body["overdue"][0]["department"] == "Urban Environment"
        )

    def test_the_trail_leads_from_the_idea_to_the_pilots_results_and_decision(self, db, client):
        from tests.pilots.factories import PilotFactory

        challenge = ChallengeFactory(phase="piloting", title="Greener commuting")
        idea = IdeaFactory(challenge=challenge)
        PilotFactory(challenge=challenge, status="completed", title="Shared bikes")
        page = client.get(f"/en/ideas/{idea.pk}/").content.decode()
        assert "Where the idea went" in page
        assert page.index("Greener commuting") < page.index("Shared bikes")
        assert "Scale up" in page
