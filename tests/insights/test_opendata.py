"""Open data: every column of every export is on the allow-list below, and nothing personal,
hidden or confidential leaves the portal, whether as a CSV file, a JSON file or through the API."""

import csv
import io
import json

import pytest

from insights.opendata import DATASETS
from insights.services import daily_engagement_rebuild, insights_refresh
from tests.insights.conftest import at_month

pytestmark = pytest.mark.django_db

# The allow-list, kept here on purpose: adding a column to an export means adding it here too,
# after asking whether it could ever carry personal data.
ALLOWED = {
    "challenges": [
        "id", "url", "title", "title_fi", "title_sv", "title_en", "summary", "summary_fi", "summary_sv",
        "summary_en", "goals", "district", "site", "department", "budget_total",
        "budget_max_per_pilot", "ideas_open", "ideas_close", "proposals_open", "proposals_close",
        "evaluation_end", "piloting_end", "published_at", "closed_early_at", "phase", "idea_count",
        "proposal_count", "pilot_count",
    ],
    "ideas": [
        "id", "url", "title", "body", "language", "goals", "district", "challenge_id", "status",
        "official_answer", "official_answer_fi", "official_answer_sv", "official_answer_en",
        "merged_into_id", "promoted_challenge_id", "vote_count", "comment_count",
        "follower_count", "created_at",
    ],
    "engagement": ["date", "item_type", "item_id", "votes", "comments"],
    "pilots": [
        "id", "url", "challenge_id", "title", "title_fi", "title_sv", "title_en", "summary", "summary_fi",
        "summary_sv", "summary_en", "organization", "organization_kind", "status",
        "test_site", "budget_requested", "participants_wanted", "participant_count",
        "collects_personal_data", "legal_basis", "data_retention", "decided_at", "started_at", "ended_at",
        "results_published_at", "next_step", "learnings", "learnings_fi", "learnings_sv", "learnings_en",
    ],
    "results": ["pilot_id", "indicator", "unit", "target", "outcome", "target_met", "note"],
    "answers": [
        "idea_id", "department", "promised_on", "due_on", "answered_on", "on_time", "days_to_answer",
    ],
}  # fmt: skip


def _csv(client, slug):
    response = client.get(f"/en/insights/open-data/{slug}.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text))), text


def _json(client, slug):
    response = client.get(f"/en/insights/open-data/{slug}.json")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    return json.loads(text), text


def _api(client, slug):
    rows, url, texts = [], f"/api/v1/open-data/{slug}/?page_size=2", []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        texts.append(response.content.decode())
        page = response.json()
        assert set(page) == {"count", "next", "previous", "results"}
        rows += page["results"]
        url = page["next"]
    return rows, "".join(texts)


def test_the_datasets_are_those_on_the_allow_list():
    assert set(DATASETS) == set(ALLOWED)
    for slug, dataset in DATASETS.items():
        assert dataset.column_names == ALLOWED[slug], slug


@pytest.mark.parametrize("slug", sorted(ALLOWED))
def test_every_column_of_every_export_is_allowed(client, garden, slug):
    daily_engagement_rebuild()
    csv_rows, _text = _csv(client, slug)
    document, _text = _json(client, slug)
    api_rows, _text = _api(client, slug)
    assert csv_rows, f"{slug} exported no rows: the test would check nothing"
    for row in csv_rows:
        assert list(row) == ALLOWED[slug]
    assert [field["name"] for field in document["fields"]] == ALLOWED[slug]
    for row in document["rows"]:
        assert list(row) == ALLOWED[slug]
    for row in api_rows:
        assert list(row) == ALLOWED[slug]
    assert len(csv_rows) == len(document["rows"]) == len(api_rows)
    assert document["licence"] == "CC BY 4.0"


def test_no_personal_data_hidden_or_confidential_content_is_exported(client, garden):
    daily_engagement_rebuild()
    everything = ""
    for slug in ALLOWED:
        everything += _csv(client, slug)[1] + _json(client, slug)[1] + _api(client, slug)[1]
    for person in garden.people.values():
        assert person.email not in everything
        assert person.name not in everything
    assert "Idea i3" not in everything  # hidden
    assert "Rude words" not in everything and "On the hidden one" not in everything
    assert "Pilot draft" not in everything and "Pilot submitted" not in everything  # confidential
    assert "Idea i1" in everything and "Pilot scaled" in everything  # the checks above can fail


def test_ideas_export(client, garden):
    rows = {int(row["id"]): row for row in _csv(client, "ideas")[0]}
    assert set(rows) == {garden.ideas[key].pk for key in ("i1", "i2", "i4", "i5")}
    i1 = rows[garden.ideas["i1"].pk]
    assert (i1["vote_count"], i1["comment_count"], i1["district"]) == ("2", "1", "suur-leppavaara")
    assert i1["promoted_challenge_id"] == str(garden.promoted.pk)
    assert rows[garden.ideas["i2"].pk]["goals"] == "health;sustainability"
    json_rows = {row["id"]: row for row in _json(client, "ideas")[0]["rows"]}
    assert json_rows[garden.ideas["i2"].pk]["goals"] == ["health", "sustainability"]
    assert json_rows[garden.ideas["i4"].pk]["district"] is None


def test_votes_and_comments_per_idea_per_day(client, garden):
    daily_engagement_rebuild()
    rows = {(int(row["item_id"]), row["date"][:7]): row for row in _csv(client, "engagement")[0]}
    i1, i2, i3 = (garden.ideas[key].pk for key in ("i1", "i2", "i3"))
    # i1: v1 last month; v2 and c1's live comment now (the hidden and the deleted do not count).
    assert (rows[(i1, at_month(garden.last))]["votes"], rows[(i1, at_month(garden.last))]["comments"]) == (
        "1",
        "0",
    )
    assert (rows[(i1, at_month(garden.now))]["votes"], rows[(i1, at_month(garden.now))]["comments"]) == (
        "1",
        "1",
    )
    assert rows[(i2, at_month(garden.now))]["votes"] == "1"
    assert not [key for key in rows if key[0] == i3]


def test_an_idea_hidden_after_the_rebuild_leaves_the_engagement_export(client, garden, moderator):
    from engagement import services as engagement

    daily_engagement_rebuild()
    i1 = garden.ideas["i1"]
    assert any(int(row["item_id"]) == i1.pk for row in _csv(client, "engagement")[0])
    engagement.moderation_hide(actor=moderator, target=i1, reason="Spam")
    assert not any(int(row["item_id"]) == i1.pk for row in _csv(client, "engagement")[0])
    assert not any(row["item_id"] == i1.pk for row in _api(client, "engagement")[0])


def test_pilots_and_results_export_only_public_pilots(client, garden):
    pilots = {row["title"]: row for row in _csv(client, "pilots")[0]}
    assert set(pilots) == {"Pilot accepted", "Pilot scaled", "Pilot stopped"}
    assert pilots["Pilot accepted"]["participant_count"] == "1"
    assert pilots["Pilot scaled"]["next_step"] == "scale_up"
    results = _json(client, "results")[0]["rows"]
    assert [(row["indicator"], row["target"], row["outcome"], row["target_met"]) for row in results] == [
        ("Trips replaced", 100.0, 120.0, True),
        ("Families reached", 50.0, 25.0, False),
    ]


def test_challenges_export_leaves_out_drafts(client, garden):
    from challenges.models import Phase
    from tests.challenges.factories import ChallengeFactory

    ChallengeFactory(phase=Phase.DRAFT, title="Secret draft")
    rows = {row["title"]: row for row in _csv(client, "challenges")[0]}
    assert "Secret draft" not in rows
    commuting = rows["Greener commuting"]
    assert (commuting["proposal_count"], commuting["pilot_count"], commuting["phase"]) == (
        "4",
        "3",
        "piloting",
    )


def test_the_open_data_page_lists_every_dataset_with_its_dictionary(client, db):
    page = client.get("/en/insights/open-data/").content.decode()
    assert "CC BY 4.0" in page
    for slug, dataset in DATASETS.items():
        assert f"/en/insights/open-data/{slug}.csv" in page
        assert f"/en/insights/open-data/{slug}.json" in page
        for column in dataset.columns:
            assert f"<code>{column.name}</code>" in page


def test_the_api_lists_the_datasets(client, db):
    listing = client.get("/api/v1/open-data/").json()
    assert [entry["dataset"] for entry in listing] == list(DATASETS)
    assert all(entry["licence"] == "CC BY 4.0" for entry in listing)
    assert client.post("/api/v1/open-data/ideas/", {}).status_code == 405


def test_an_unknown_dataset_or_format_is_not_found(client, db):
    assert client.get("/en/insights/open-data/users.csv").status_code == 404
    assert client.get("/en/insights/open-data/ideas.xml").status_code == 404


def test_an_export_costs_a_fixed_number_of_queries(client, garden, django_assert_max_num_queries):
    insights_refresh()
    for slug in ALLOWED:
        with django_assert_max_num_queries(4):
            _csv(client, slug)
        with django_assert_max_num_queries(5):
            client.get(f"/api/v1/open-data/{slug}/")
