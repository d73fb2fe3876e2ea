"""The demo gives every chart of the dashboard something to say."""

import pytest

from home.demo import load_demo
from insights.figures import figures_compute
from insights.selectors import data_use_register
from pilots.models import Pilot

pytestmark = pytest.mark.django_db


def test_every_chart_of_the_demo_is_meaningful(client):
    load_demo()
    figures = figures_compute()
    monthly = figures["monthly"]
    for measure in ("ideas", "votes", "comments", "participants"):
        assert sum(1 for row in monthly if row[measure]) >= 8, measure  # a year, not one day
    assert sum(1 for row in monthly if row["proposals"]) >= 3
    assert sum(1 for count in figures["pilots_by_status"].values() if count) >= 6
    assert all(row["ideas"] for row in figures["goals"])
    under = [row for row in figures["districts"] if row["under_represented"]]
    assert 1 <= len(under) < len(figures["districts"])
    funnel = {row["step"]: row for row in figures["funnel"]}
    assert all(row["count"] for row in funnel.values())
    assert funnel["challenges"]["days"] and funnel["completed"]["days"]
    outcomes = figures["outcomes"]
    assert len({row["pilot_id"] for row in outcomes}) >= 2
    assert {row["met"] for row in outcomes} == {True, False}
    assert figures["people"]["residents"] and figures["people"]["members"]
    assert sum(1 for count in figures["proposers"].values() if count) >= 3
    register = list(data_use_register())
    assert len(register) >= 2 and sum(pilot.consent_count for pilot in register) >= 10
    assert {pilot.status for pilot in register} == {Pilot.Status.ACCEPTED, Pilot.Status.RUNNING}
    assert client.get("/fi/insights/").status_code == 200
