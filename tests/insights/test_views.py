"""The pages of insights: the dashboard, its CSV files, the data-use register, a person's own data
use, and a challenge's report for its curators, in Finnish, Swedish and English."""

import csv
import io

import pytest
from django.utils import translation

from challenges.models import Phase
from insights.figures import figures_refresh
from insights.sections import format_value
from pilots.models import Pilot
from tests.accounts.factories import UserFactory
from tests.challenges.factories import ChallengeFactory, CriterionFactory, EvaluatorAppointmentFactory
from tests.pilots.factories import ParticipantFactory, PilotFactory, ReviewFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["fi", "sv", "en"]


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


# --- The dashboard ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_dashboard_renders_in_each_language(client, garden, language):
    response = client.get(f"/{language}/insights/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    for section in ("growth", "stages", "goals", "districts", "funnel", "outcomes", "people", "proposers"):
        assert f'id="{section}"' in page
        assert f"/{language}/insights/data/{section}.csv" in page
    assert page.count('role="img"') >= 12
    assert "style=" not in page  # the Content Security Policy forbids inline styles
    assert "<script>" not in page


def test_an_empty_garden_says_so_instead_of_drawing_empty_charts(client, db):
    page = client.get("/en/insights/").content.decode()
    assert "Nothing to show yet." in page
    assert 'id="funnel-chart-0-title"' not in page


def test_the_dashboard_shows_the_figures_with_their_tables(client, garden):
    page = client.get("/en/insights/").content.decode()
    assert "Trips replaced" in page and "120.0%" in page  # an outcome against its target
    assert "Under-represented: Greater Tapiola" in page
    assert "Väestörakenne" in page and "Dec. 31, 2016" in page  # the source and date, cited
    assert "<caption>Participation by district compared with population</caption>" in page


def test_numbers_are_formatted_for_the_language():
    with translation.override("fi"):
        assert format_value(1234567) == "1\xa0234\xa0567"
        assert format_value(12.5, "percent") == "12,5\xa0%"
        assert format_value("2025-03", "month") == "maaliskuu 2025"
        assert format_value(1234.4, "days").startswith("1\xa0234 ")
    with translation.override("sv"):
        assert format_value(1234567) == "1\xa0234\xa0567"
    with translation.override("en"):
        assert format_value(1234567) == "1,234,567"
        assert format_value(12.5, "percent") == "12.5%"
        assert format_value("2025-03", "month") == "March 2025"
        assert format_value(None) == "—"


def test_the_finnish_dashboard_formats_its_numbers(client, garden):
    page = client.get("/fi/insights/").content.decode()
    assert "120,0\xa0%" in page


def test_a_section_downloads_as_csv(client, garden):
    response = client.get("/en/insights/data/funnel.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="innovation-garden-funnel.csv"'
    rows = _csv(response)
    assert rows[0] == ["Step", "Count", "Of the step before", "Average time", "Measured"]
    assert rows[1][:2] == ["Ideas", "4"]
    assert rows[4][:4] == ["Accepted pilots", "3", "75.0", "4.0"]
    districts = _csv(client.get("/fi/insights/data/districts.csv"))
    assert districts[0][0] == "District" or districts[0][0]  # headers in the page's language
    assert client.get("/en/insights/data/nothing.csv").status_code == 404


def test_the_dashboard_answers_from_the_cache_in_a_few_queries(client, garden, django_assert_max_num_queries):
    figures_refresh()
    with django_assert_max_num_queries(3):
        assert client.get("/en/insights/").status_code == 200


def test_the_navigation_links_to_the_dashboard(client, db):
    assert 'href="/en/insights/"' in client.get("/en/").content.decode()


# --- The data-use register --------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_data_use_register_lists_accepted_and_running_pilots(client, garden, language):
    running = PilotFactory(status=Pilot.Status.RUNNING, title="Health check", personal_data="Blood pressure")
    ParticipantFactory(pilot=running)
    ParticipantFactory(pilot=running)
    withdrawn = ParticipantFactory(pilot=running)
    withdrawn.withdrawn_at = withdrawn.consented_at
    withdrawn.save()
    response = client.get(f"/{language}/insights/data-use/")
    assert response.status_code == 200
    titles = [pilot.title for pilot in response.context["pilots"]]
    assert titles == ["Health check", "Pilot accepted"]  # not drafts, proposals or completed pilots
    counts = {pilot.title: pilot.consent_count for pilot in response.context["pilots"]}
    assert counts == {"Health check": 2, "Pilot accepted": 1}
    assert "Blood pressure" in response.content.decode()


def test_the_data_use_register_is_searchable(client, garden):
    PilotFactory(status=Pilot.Status.RUNNING, title="Health check", personal_data="Blood pressure")
    response = client.get("/en/insights/data-use/", {"q": "blood"})
    assert [pilot.title for pilot in response.context["pilots"]] == ["Health check"]
    response = client.get("/en/insights/data-use/", {"legal_basis": "contract"})
    assert list(response.context["pilots"]) == []
    assert "No data statement matches your search." in response.content.decode()
    assert client.get("/en/insights/data-use/", {"legal_basis": "<nonsense>"}).status_code == 200


def test_the_data_use_register_costs_a_fixed_number_of_queries(client, garden, django_assert_max_num_queries):
    for _ in range(5):
        ParticipantFactory(pilot=PilotFactory(status=Pilot.Status.RUNNING))
    with django_assert_max_num_queries(4):
        assert client.get("/en/insights/data-use/").status_code == 200


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_resident_sees_which_pilots_hold_data_about_them(client, garden, language):
    v1 = garden.people["v1"]
    client.force_login(v1)
    page = client.get(f"/{language}/accounts/profile/").content.decode()
    assert 'id="my-data-use"' in page
    assert "Pilot accepted" in page
    assert "Pilot scaled" not in page


def test_a_withdrawn_participation_still_shows(client, garden):
    participation = garden.pilots["accepted"].participants.get()
    participation.withdrawn_at = participation.consented_at
    participation.save()
    client.force_login(garden.people["v1"])
    page = client.get("/en/accounts/profile/").content.decode()
    assert "Pilot accepted" in page and "You withdrew on" in page


def test_someone_in_no_pilot_reads_so(client, resident):
    client.force_login(resident)
    page = client.get("/en/accounts/profile/").content.decode()
    assert "no pilot holds data about you" in page


# --- A challenge's report ---------------------------------------------------------------------


@pytest.fixture
def reported(db):
    curator = UserFactory(name="Carla Curator", is_official=True)
    evaluator = UserFactory(name="Eero Evaluator", is_official=True)
    challenge = ChallengeFactory(phase=Phase.EVALUATION, curators=[curator], title="AI in customer service")
    EvaluatorAppointmentFactory(challenge=challenge, evaluator=evaluator)
    impact = CriterionFactory(challenge=challenge, name="Impact", weight=3, min_score=2)
    cost = CriterionFactory(challenge=challenge, name="Cost", weight=1)
    strong = PilotFactory(challenge=challenge, status=Pilot.Status.IN_REVIEW, title="Chat assistant")
    weak = PilotFactory(challenge=challenge, status=Pilot.Status.IN_REVIEW, title="English bot")
    PilotFactory(challenge=challenge, status=Pilot.Status.IN_REVIEW, title="Not yet reviewed")
    PilotFactory(challenge=challenge, status=Pilot.Status.DRAFT, title="A draft")
    ReviewFactory(pilot=strong, evaluator=evaluator, scores={impact: 5, cost: 3})
    ReviewFactory(pilot=weak, evaluator=evaluator, scores={impact: 1, cost: 5})
    return {"challenge": challenge, "curator": curator, "evaluator": evaluator}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_curator_reads_the_challenge_report(client, reported, language):
    client.force_login(reported["curator"])
    response = client.get(f"/{language}/insights/challenges/{reported['challenge'].slug}/")
    assert response.status_code == 200
    report = response.context["report"]
    assert report.proposal_count == 3  # not the draft
    assert [row.pilot.title for row in report.ranking] == [
        "Chat assistant",
        "English bot",
        "Not yet reviewed",
    ]
    assert report.ranking[0].score == pytest.approx((5 * 3 + 3 * 1) / 4)
    assert (report.reviews_done, report.reviews_expected) == (2, 3)
    assert "A draft" not in response.content.decode()


def test_the_proposals_and_scores_download_as_csv(client, reported):
    client.force_login(reported["curator"])
    response = client.get(f"/en/insights/challenges/{reported['challenge'].slug}/proposals.csv")
    assert response.status_code == 200
    rows = _csv(response)
    assert rows[0][:9] == [
        "Rank",
        "Proposal",
        "Organization",
        "Status",
        "Budget asked (€)",
        "Submitted",
        "Score (0–5)",
        "Reviews",
        "Conflicts of interest",
    ]
    assert rows[0][9:11] == ["Impact (weight 3, minimum 2)", "Cost (weight 1, minimum 0)"]
    assert [row[1] for row in rows[1:]] == ["Chat assistant", "English bot", "Not yet reviewed"]
    assert rows[1][6] == "4.50" and rows[1][9:12] == ["5.00", "3.00", "no"]
    assert rows[2][11] == "yes"  # Impact 1 is below its minimum of 2
    assert rows[3][6] == ""


def test_every_reviews_scores_download_as_csv(client, reported):
    client.force_login(reported["curator"])
    rows = _csv(client.get(f"/en/insights/challenges/{reported['challenge'].slug}/scores.csv"))
    assert rows[0][:3] == ["Proposal", "Evaluator", "Conflict of interest"]
    scored = [(row[0], row[1], row[4], row[6]) for row in rows[1:]]
    assert scored == [
        ("Chat assistant", "Eero Evaluator", "Impact", "5"),
        ("Chat assistant", "Eero Evaluator", "Cost", "3"),
        ("English bot", "Eero Evaluator", "Impact", "1"),
        ("English bot", "Eero Evaluator", "Cost", "5"),
    ]


@pytest.mark.parametrize(
    ("who", "status"),
    [("resident", 403), ("official", 403), ("evaluator", 403), ("curator", 200), ("administrator", 200)],
)
def test_only_curators_see_the_report(client, reported, resident, official, administrator, who, status):
    people = {"resident": resident, "official": official, "administrator": administrator, **reported}
    client.force_login(people[who])
    slug = reported["challenge"].slug
    assert client.get(f"/en/insights/challenges/{slug}/").status_code == status
    assert client.get(f"/en/insights/challenges/{slug}/proposals.csv").status_code == status
    assert client.get(f"/en/insights/challenges/{slug}/scores.csv").status_code == status


def test_a_visitor_is_asked_to_log_in(client, reported):
    response = client.get(f"/en/insights/challenges/{reported['challenge'].slug}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_draft_challenge_report_does_not_exist_for_others(client, resident, official):
    draft = ChallengeFactory(phase=Phase.DRAFT, curators=[official])
    client.force_login(resident)
    assert client.get(f"/en/insights/challenges/{draft.slug}/").status_code == 404
    client.force_login(official)
    assert client.get(f"/en/insights/challenges/{draft.slug}/").status_code == 200


def test_the_report_costs_a_fixed_number_of_queries(client, reported, django_assert_max_num_queries):
    client.force_login(reported["curator"])
    url = f"/en/insights/challenges/{reported['challenge'].slug}/"
    with django_assert_max_num_queries(30) as before:
        client.get(url)
    for _ in range(4):
        pilot = PilotFactory(challenge=reported["challenge"], status=Pilot.Status.IN_REVIEW)
        ReviewFactory(pilot=pilot, evaluator=reported["evaluator"])
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(url)


def test_the_same_tables_download_as_xlsx_without_formulas(client, reported):
    import io

    from openpyxl import load_workbook

    from pilots.models import Pilot

    Pilot.objects.filter(title="English bot").update(title='=HYPERLINK("https://evil.example.org")')
    client.force_login(reported["curator"])
    slug = reported["challenge"].slug
    csv_rows = _csv(client.get(f"/en/insights/challenges/{slug}/proposals.csv"))
    response = client.get(f"/en/insights/challenges/{slug}/proposals.xlsx")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('proposals.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == csv_rows[0]
    assert [row[1] for row in rows[1:]] == [row[1] for row in csv_rows[1:]]
    # A title that looks like a formula stays text in both downloads.
    assert any(row[1] == '\'=HYPERLINK("https://evil.example.org")' for row in rows[1:])
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert client.get(f"/en/insights/challenges/{slug}/scores.xlsx").status_code == 200
    assert client.get(f"/en/insights/challenges/{slug}/scores.exe").status_code == 404
