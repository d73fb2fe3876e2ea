"""The dashboard's figures on the garden of conftest.py, worked out by hand there and here."""

import pytest
from django.core.cache import cache

from engagement import services as engagement
from insights import figures as insights_figures
from insights.figures import figures_compute, figures_refresh
from insights.models import DailyEngagement
from insights.services import insights_current
from insights.tasks import refresh
from portal.models import District
from tests.ideas.factories import IdeaFactory
from tests.insights.conftest import DAY, at_month
from tests.pilots.factories import PilotFactory

pytestmark = pytest.mark.django_db


def test_totals_leave_out_hidden_and_deleted_content(garden):
    totals = figures_compute(now=garden.now)["totals"]
    assert totals == {
        "ideas": 4,  # i1, i2, i4, i5; not the hidden i3
        "votes": 4,  # v1→i1, v2→i1, v1→i2, v3→i4; not v4→i3
        "comments": 1,  # c1; not the hidden, the deleted, nor the one on the hidden idea
        "participants": 9,  # a1 a2 a4 a5 v1 v2 v3 c1 lead
        "organizations": 1,
        "challenges": 2,
        "proposals": 4,  # every pilot but the draft
        "results": 2,
    }


def test_pilots_by_stage_leave_out_drafts(garden):
    stages = figures_compute(now=garden.now)["pilots_by_status"]
    assert "draft" not in stages
    assert stages == {
        "submitted": 1,
        "in_review": 0,
        "shortlisted": 0,
        "accepted": 1,
        "declined": 0,
        "running": 0,
        "completed": 2,
        "discontinued": 0,
    }


def test_monthly_growth(garden):
    monthly = figures_compute(now=garden.now)["monthly"]
    assert len(monthly) == 12
    assert monthly[-1]["month"] == at_month(garden.now)
    assert monthly[-2]["month"] == at_month(garden.last)
    # Last month: i1 by a1, v1's vote for it; a1 and v1 took part for the first time.
    assert {k: monthly[-2][k] for k in ("ideas", "votes", "comments", "participants")} == {
        "ideas": 1,
        "votes": 1,
        "comments": 0,
        "participants": 2,
    }
    # This month: i2, i4, i5; votes v2→i1, v1→i2, v3→i4; c1's comment; a2 a4 a5 v2 v3 c1 lead new.
    assert {k: monthly[-1][k] for k in ("ideas", "votes", "comments", "participants")} == {
        "ideas": 3,
        "votes": 3,
        "comments": 1,
        "participants": 7,
    }
    proposals = {row["month"]: row["proposals"] for row in monthly if row["proposals"]}
    assert proposals == {at_month(garden.now - 60 * DAY): 4}
    assert sum(row["participants"] for row in monthly) == 9


def test_by_goal(garden):
    goals = {row["goal"]: row for row in figures_compute(now=garden.now)["goals"]}
    # i1, i2 and i4 (not the hidden i3), with 2 + 1 + 1 votes.
    assert goals["health"] == {"goal": "health", "ideas": 3, "votes": 4, "challenges": 1, "pilots": 0}
    assert goals["sustainability"] == {
        "goal": "sustainability",
        "ideas": 1,
        "votes": 1,
        "challenges": 1,
        "pilots": 3,  # accepted and the two completed, in the sustainability challenge
    }
    assert goals["vitality"]["ideas"] == 1
    assert goals["participation"] == {
        "goal": "participation",
        "ideas": 0,
        "votes": 0,
        "challenges": 0,
        "pilots": 0,
    }


def test_by_district_against_population(garden):
    result = figures_compute(now=garden.now)
    districts = {row["code"]: row for row in result["districts"]}
    population = sum(District.objects.values_list("population", flat=True))
    assert result["population_total"] == population == 269245
    assert result["population_date"] == "2016-12-31"

    leppavaara = districts[1]
    assert (leppavaara["ideas"], leppavaara["votes"], leppavaara["comments"]) == (2, 3, 1)
    assert leppavaara["activity_share"] == pytest.approx(6 / 7)
    assert leppavaara["population_share"] == pytest.approx(67814 / population)
    assert leppavaara["ratio"] == pytest.approx((6 / 7) / (67814 / population))
    assert not leppavaara["under_represented"]
    north = districts[7]
    assert north["activity_share"] == pytest.approx(1 / 7)
    assert north["ratio"] == pytest.approx((1 / 7) / (11200 / population))
    assert not north["under_represented"]
    # Tapiola's only idea is hidden: nothing counts there.
    assert (districts[2]["ideas"], districts[2]["votes"], districts[2]["activity"]) == (0, 0, 0)
    assert {code for code, row in districts.items() if row["under_represented"]} == {2, 3, 4, 5, 6}
    assert result["whole_city"] == {"ideas": 1, "votes": 1, "comments": 0}


def test_funnel_with_the_time_each_step_took(garden):
    steps = {row["step"]: row for row in figures_compute(now=garden.now)["funnel"]}
    assert [row["step"] for row in figures_compute(now=garden.now)["funnel"]] == list(
        insights_figures.FUNNEL_STEPS
    )
    assert steps["ideas"] == {"step": "ideas", "count": 4, "days": None}
    assert steps["challenges"] == {"step": "challenges", "count": 1, "days": 30.0}
    # Proposals: submitted 60 days ago to a challenge published 100 days ago.
    assert steps["proposals"] == {"step": "proposals", "count": 4, "days": 40.0}
    # Decided 4, 2 and 6 days after submission.
    assert steps["accepted"] == {"step": "accepted", "count": 3, "days": 4.0}
    # Results 50 and 40 days after the decision.
    assert steps["completed"] == {"step": "completed", "count": 2, "days": 45.0}
    assert steps["scaled"] == {"step": "scaled", "count": 1, "days": None}


def test_outcomes_of_completed_pilots(garden):
    outcomes = figures_compute(now=garden.now)["outcomes"]
    assert [(row["pilot"], row["kpi"], row["percent"], row["met"]) for row in outcomes] == [
        ("Pilot scaled", "Trips replaced", 120.0, True),
        ("Pilot scaled", "Families reached", 50.0, False),
    ]
    assert outcomes[0]["target"] == "100.00" and outcomes[0]["outcome"] == "120.00"


def test_who_takes_part(garden):
    result = figures_compute(now=garden.now)
    assert result["people"] == {"residents": 8, "members": 1}
    assert result["proposers"] == {"company": 1, "community": 0, "research": 0, "public": 0, "residents": 3}


def test_an_empty_garden_has_figures_too(db):
    result = figures_compute()
    assert result["totals"]["ideas"] == 0
    assert not any(row["under_represented"] for row in result["districts"])
    assert all(row["ratio"] is None for row in result["districts"])
    assert result["outcomes"] == []


def test_figures_come_from_the_cache_until_the_beat_task_refreshes_them(garden):
    assert insights_current()["totals"]["ideas"] == 4
    daily = DailyEngagement.objects.count()
    idea = IdeaFactory(title="A new idea")
    engagement.vote_cast(actor=garden.people["v3"], target=idea)
    assert insights_current()["totals"]["ideas"] == 4  # still the cached figures
    assert DailyEngagement.objects.count() == daily
    refresh.delay()
    assert insights_current()["totals"]["ideas"] == 5
    assert DailyEngagement.objects.count() == daily + 1


def test_an_empty_cache_is_filled_on_first_read(garden, settings):
    cache.clear()
    assert cache.get(insights_figures.CACHE_KEY) is None
    assert DailyEngagement.objects.count() == 0
    assert insights_current()["totals"]["ideas"] == 4
    assert cache.get(insights_figures.CACHE_KEY)["totals"]["ideas"] == 4
    assert DailyEngagement.objects.exists()  # the open data's daily counts, counted too


def test_the_beat_schedule_runs_the_refresh(settings):
    assert any(entry["task"] == "insights.refresh" for entry in settings.CELERY_BEAT_SCHEDULE.values())


def test_computing_costs_a_fixed_number_of_queries(garden, django_assert_max_num_queries):
    with django_assert_max_num_queries(40) as before:
        figures_refresh()
    for _ in range(5):
        IdeaFactory(district=District.objects.get(code=3), goals=["health"])
        PilotFactory(challenge=garden.challenge, status="completed", kpis=2)
    with django_assert_max_num_queries(len(before.captured_queries)):
        figures_refresh()
