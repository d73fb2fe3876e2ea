"""No CSV or spreadsheet download of the portal hands a spreadsheet program a formula
(portal/spreadsheets.py): the open data, the dashboard's tables and the curators' exports."""

import csv
import io

import pytest

from challenges.models import Challenge
from ideas.models import Idea
from insights.opendata import DATASETS
from insights.services import daily_engagement_rebuild, insights_refresh
from pilots.models import KPI, Pilot
from portal.spreadsheets import spreadsheet_safe
from tests.insights.test_views import reported  # noqa: F401  (a fixture)

FORMULA = '=HYPERLINK("https://evil.example.org","Click")'
DASHBOARD_SECTIONS = ["growth", "stages", "goals", "districts", "funnel", "outcomes", "people", "proposers"]


def _cells(response) -> list[str]:
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    return [cell for row in rows[1:] for cell in row]


def _dangerous(cells) -> list[str]:
    return [cell for cell in cells if cell[:1] in ("=", "+", "@", "\t", "\r") or cell.startswith("-=")]


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        (FORMULA, "'" + FORMULA),
        ("+1 555", "'+1 555"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Benches", "Benches"),
        (-3, -3),
    ],
)
def test_text_a_spreadsheet_would_run_is_kept_as_text(value, safe):
    assert spreadsheet_safe(value) == safe


def test_open_data_csv_keeps_formulas_as_text(client, garden):
    Idea.objects.update(title=FORMULA)
    Challenge.objects.update(title="\t" + FORMULA)
    Pilot.objects.update(title="@" + FORMULA)
    daily_engagement_rebuild()
    seen = []
    for slug in DATASETS:
        cells = _cells(client.get(f"/en/insights/open-data/{slug}.csv"))
        assert _dangerous(cells) == [], slug
        seen += cells
    assert "'" + FORMULA in seen


def test_the_dashboard_csvs_keep_formulas_as_text(client, garden):
    Pilot.objects.update(title=FORMULA)
    KPI.objects.update(name="+" + FORMULA)
    insights_refresh()
    for section in DASHBOARD_SECTIONS:
        assert _dangerous(_cells(client.get(f"/en/insights/data/{section}.csv"))) == [], section


def test_the_curators_export_guards_a_leading_tab_or_carriage_return(client, reported):  # noqa: F811
    Pilot.objects.filter(title="English bot").update(title="\t" + FORMULA)
    Pilot.objects.filter(title="Chat assistant").update(title="\r" + FORMULA)
    client.force_login(reported["curator"])
    cells = _cells(client.get(f"/en/insights/challenges/{reported['challenge'].slug}/proposals.csv"))
    assert _dangerous(cells) == []
    assert "'\t" + FORMULA in cells
