"""Open data: the portal's public data as CSV and JSON files and through the API, under CC BY 4.0.

Each dataset is a list of columns (its data dictionary) and a query. Nothing personal is ever
exported: no names, email addresses or other people's details, no author of anything, and
nothing hidden by moderators or still confidential (drafts, proposals before acceptance). The
column lists are the allow-list; a test checks every export against its own copy of it.
"""

import csv
import io
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Case, Count, F, Q, QuerySet, When
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from challenges.models import Challenge
from ideas.models import AnswerPromise, Department, Idea
from insights.models import DailyEngagement
from pilots.models import KPI, Pilot
from portal.translated import content_languages, localized, localized_names

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
CHUNK = 2000


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # integer, decimal, text, date, datetime, boolean, list
    description: Promise
    nullable: bool = False


TYPE_LABELS = {
    "integer": _("whole number"),
    "decimal": _("decimal number"),
    "text": _("text"),
    "date": _("date (YYYY-MM-DD)"),
    "datetime": _("date and time (ISO 8601, UTC offset)"),
    "boolean": _("true or false"),
    "list": _("list of text (separated by ; in CSV)"),
}


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: Promise
    description: Promise
    columns: tuple[Column, ...]
    queryset: Callable[[], QuerySet]
    # Completes one chunk of rows (dicts from `queryset().values(...)`) with what the query cannot
    # give directly, e.g. goals and addresses; returns the rows with exactly the columns.
    finish: Callable[[list[dict]], list[dict]]

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _only(rows: list[dict], columns: Iterable[str]) -> list[dict]:
    names = list(columns)
    return [{name: row.get(name) for name in names} for row in rows]


def _goals_of(through, owner_field: str, ids: list[int]) -> dict[int, list[str]]:
    goals = defaultdict(list)
    for owner_id, goal in (
        through.objects.filter(**{f"{owner_field}__in": ids})
        .values_list(owner_field, "goal_id")
        .order_by("goal_id")
    ):
        goals[owner_id].append(goal)
    return goals


def _per_language(field: str, description) -> tuple[Column, ...]:
    """The city's translated text `field` once per language (`title_fi`, `title_sv`, `title_en`),
    beside the column in the export's language; empty where it was not written in that language."""
    names = dict(settings.LANGUAGES)
    return tuple(
        Column(localized(field, code), "text", format_lazy("{} ({})", description, names[code]))
        for code in content_languages()
    )


# --- Challenges -------------------------------------------------------------------------------

CHALLENGE_COLUMNS = (
    Column("id", "integer", _("The challenge's number.")),
    Column("url", "text", _("The challenge's page.")),
    Column("title", "text", _("Title.")),
    *_per_language("title", _("Title.")),
    Column("summary", "text", _("Summary.")),
    *_per_language("summary", _("Summary.")),
    Column(
        "goals", "list", _("Espoo Story goals it serves: health, sustainability, participation, vitality.")
    ),
    Column(
        "district", "text", _("The district (its address name), empty for the whole city."), nullable=True
    ),
    Column("site", "text", _("The test site, if any.")),
    Column("department", "text", _("The city department that owns the challenge.")),
    Column("budget_total", "decimal", _("Total budget in euros.")),
    Column("budget_max_per_pilot", "decimal", _("The most per pilot, in euros.")),
    Column("ideas_open", "datetime", _("When ideas open.")),
    Column("ideas_close", "datetime", _("When ideas close.")),
    Column("proposals_open", "datetime", _("When pilot proposals open.")),
    Column("proposals_close", "datetime", _("When pilot proposals close.")),
    Column("evaluation_end", "datetime", _("When the evaluation ends.")),
    Column("piloting_end", "datetime", _("When piloting ends.")),
    Column("published_at", "datetime", _("When it was published.")),
    Column("closed_early_at", "datetime", _("When it was closed early, if it was."), nullable=True),
    Column(
        "phase", "text", _("Its phase at export: upcoming, ideas, proposals, evaluation, piloting, closed.")
    ),
    Column("idea_count", "integer", _("Ideas proposed in it (not hidden).")),
    Column("proposal_count", "integer", _("Pilot proposals handed in to it.")),
    Column("pilot_count", "integer", _("Its accepted, running, completed and discontinued pilots.")),
)


def _challenges() -> QuerySet:
    return (
        Challenge.objects.published()
        .annotate(
            idea_count=Count("ideas", filter=Q(ideas__hidden_at__isnull=True), distinct=True),
            proposal_count=Count("pilots", filter=~Q(pilots__status=Pilot.Status.DRAFT), distinct=True),
            pilot_count=Count("pilots", filter=Q(pilots__status__in=Pilot.PUBLIC_STATUSES), distinct=True),
            district_slug=F("district__slug"),
        )
        .values(
            "id", "slug", "title", "summary", *localized_names(["title", "summary"]), "district_slug", "site",
            "department", "budget_total",
            "budget_max_per_pilot", "ideas_open", "ideas_close", "proposals_open", "proposals_close",
            "evaluation_end", "piloting_end", "published_at", "closed_early_at", "idea_count",
            "proposal_count", "pilot_count",
        )
        .order_by("pk")
    )  # fmt: skip


DATES = ("ideas_open", "ideas_close", "proposals_open", "proposals_close", "evaluation_end", "piloting_end")


def _finish_challenges(rows: list[dict]) -> list[dict]:
    goals = _goals_of(Challenge.goals.through, "challenge_id", [row["id"] for row in rows])
    now = timezone.now()
    for row in rows:
        row["url"] = _absolute(reverse("challenge_detail", kwargs={"slug": row["slug"]}))
        row["goals"] = goals.get(row["id"], [])
        row["district"] = row["district_slug"]
        challenge = Challenge(
            published_at=row["published_at"],
            closed_early_at=row["closed_early_at"],
            **{d: row[d] for d in DATES},
        )
        row["phase"] = challenge.phase_at(now)
    return _only(rows, (column.name for column in CHALLENGE_COLUMNS))


# --- Ideas ------------------------------------------------------------------------------------

IDEA_COLUMNS = (
    Column("id", "integer", _("The idea's number.")),
    Column("url", "text", _("The idea's page.")),
    Column("title", "text", _("Title.")),
    Column("body", "text", _("The idea's text, in Markdown.")),
    Column("language", "text", _("The language it is written in: fi, sv or en.")),
    Column("goals", "list", _("Espoo Story goals it serves.")),
    Column(
        "district",
        "text",
        _("The district it is about (address name), empty for the whole city."),
        nullable=True,
    ),
    Column("challenge_id", "integer", _("The challenge it was proposed in, if any."), nullable=True),
    Column(
        "status",
        "text",
        _("The city's answer: published, under_consideration, accepted, implemented, not_pursued, merged."),
    ),
    Column("official_answer", "text", _("The city's public answer, in Markdown.")),
    *_per_language("official_answer", _("The city's public answer, in Markdown.")),
    Column(
        "merged_into_id", "integer", _("For a merged duplicate: the idea it was merged into."), nullable=True
    ),
    Column(
        "promoted_challenge_id",
        "integer",
        _("The published challenge promoted from the idea, if any."),
        nullable=True,
    ),
    Column("vote_count", "integer", _("Votes.")),
    Column("comment_count", "integer", _("Comments (not removed).")),
    Column("follower_count", "integer", _("Followers.")),
    Column("created_at", "datetime", _("When it was proposed.")),
)


def _ideas() -> QuerySet:
    return (
        Idea.objects.visible()
        .annotate(
            district_slug=F("district__slug"),
            promoted_public=Case(
                When(promoted_challenge__published_at__isnull=False, then=F("promoted_challenge_id"))
            ),
            # A duplicate merged into an idea that is now hidden points nowhere public.
            merged_into_public=Case(
                When(merged_into__hidden_at__isnull=True, then=F("merged_into_id"))
            ),
        )
        .values(
            "id", "title", "body", "language", "district_slug", "challenge_id", "status",
            "official_answer", *localized_names(["official_answer"]),
            "merged_into_public", "promoted_public", "vote_count", "comment_count", "follower_count",
            "created_at",
        )
        .order_by("pk")
    )  # fmt: skip


def _finish_ideas(rows: list[dict]) -> list[dict]:
    goals = _goals_of(Idea.goals.through, "idea_id", [row["id"] for row in rows])
    for row in rows:
        row["url"] = _absolute(reverse("idea_detail", kwargs={"pk": row["id"]}))
        row["goals"] = goals.get(row["id"], [])
        row["district"] = row["district_slug"]
        row["merged_into_id"] = row["merged_into_public"]
        row["promoted_challenge_id"] = row["promoted_public"]
    return _only(rows, (column.name for column in IDEA_COLUMNS))


# --- Votes and comments per item per day ------------------------------------------------------

ENGAGEMENT_COLUMNS = (
    Column("date", "date", _("The day, in Finnish time.")),
    Column("item_type", "text", _("What kind of item: idea.")),
    Column("item_id", "integer", _("The item's number (the id in the ideas data set).")),
    Column("votes", "integer", _("Votes cast that day that still stand.")),
    Column("comments", "integer", _("Comments written that day that are not removed.")),
)


def _engagement() -> QuerySet:
    hidden = Idea.objects.filter(hidden_at__isnull=False).values("pk")
    return (
        DailyEngagement.objects.exclude(item_type="idea", item_id__in=hidden)
        .values("day", "item_type", "item_id", "votes", "comments")
        .order_by("day", "item_type", "item_id")
    )


def _finish_engagement(rows: list[dict]) -> list[dict]:
    for row in rows:
        row["date"] = row["day"]
    return _only(rows, (column.name for column in ENGAGEMENT_COLUMNS))


# --- Pilots and results -----------------------------------------------------------------------

PILOT_COLUMNS = (
    Column("id", "integer", _("The pilot's number.")),
    Column("url", "text", _("The pilot's page.")),
    Column("challenge_id", "integer", _("The challenge it was proposed to.")),
    Column("title", "text", _("Title.")),
    *_per_language("title", _("Title.")),
    Column("summary", "text", _("Public summary.")),
    *_per_language("summary", _("Public summary.")),
    Column(
        "organization",
        "text",
        _("The organization that runs it; empty for a group of residents."),
        nullable=True,
    ),
    Column(
        "organization_kind",
        "text",
        _("company, community, research or public; empty for a group of residents."),
        nullable=True,
    ),
    Column("status", "text", _("accepted, running, completed or discontinued.")),
    Column("test_site", "text", _("Where it runs.")),
    Column("budget_requested", "decimal", _("Budget asked, in euros.")),
    Column("participants_wanted", "integer", _("How many residents it takes as participants.")),
    Column("participant_count", "integer", _("Residents taking part now.")),
    Column("collects_personal_data", "boolean", _("Whether it collects personal data.")),
    Column("legal_basis", "text", _("The legal basis for the personal data, if it collects any.")),
    Column("data_retention", "text", _("How long the data is kept.")),
    Column("decided_at", "datetime", _("When it was accepted.")),
    Column("started_at", "datetime", _("When it started."), nullable=True),
    Column("ended_at", "datetime", _("When it ended."), nullable=True),
    Column("results_published_at", "datetime", _("When its results were published."), nullable=True),
    Column("next_step", "text", _("After the results: scale_up, procure, continue or stop.")),
    Column("learnings", "text", _("What was learned, in Markdown.")),
    *_per_language("learnings", _("What was learned, in Markdown.")),
)


def _pilots() -> QuerySet:
    return (
        Pilot.objects.filter(status__in=Pilot.PUBLIC_STATUSES)
        .annotate(
            organization_name=F("organization__name"),
            organization_kind_value=F("organization__kind"),
            participant_count=Count("participants", filter=Q(participants__withdrawn_at__isnull=True)),
        )
        .values(
            "id", "challenge_id", "title", "summary", "organization_name", "organization_kind_value",
            "status", "test_site", "budget_requested", "capacity", "participant_count",
            "collects_personal_data", "legal_basis", "data_retention", "decided_at", "started_at",
            "ended_at", "results_published_at", "next_step", "learnings",
            *localized_names(["title", "summary", "learnings"]),
        )
        .order_by("pk")
    )  # fmt: skip


def _finish_pilots(rows: list[dict]) -> list[dict]:
    for row in rows:
        row["url"] = _absolute(reverse("pilot_detail", kwargs={"pk": row["id"]}))
        row["organization"] = row["organization_name"]
        row["organization_kind"] = row["organization_kind_value"]
        row["participants_wanted"] = row["capacity"]
    return _only(rows, (column.name for column in PILOT_COLUMNS))


# --- The city's answers ----------------------------------------------------------------------

ANSWER_COLUMNS = (
    Column("idea_id", "integer", _("The idea promised an answer (the id in the ideas data set).")),
    Column("department", "text", _("The department responsible.")),
    Column("promised_on", "date", _("The day the city promised an answer (Helsinki time).")),
    Column("due_on", "date", _("The day the city answers by.")),
    Column("answered_on", "date", _("The day it answered; empty while waiting."), nullable=True),
    Column(
        "on_time",
        "boolean",
        _("Whether it answered on or before the date; empty while waiting."),
        nullable=True,
    ),
    Column("days_to_answer", "integer", _("Calendar days from the promise to the answer."), nullable=True),
)


def _answers() -> QuerySet:
    return (
        AnswerPromise.objects.filter(idea__hidden_at__isnull=True)
        .values("idea_id", "department_id", "promised_at", "due_on", "answered_at")
        .order_by("pk")
    )


def _finish_answers(rows: list[dict]) -> list[dict]:
    names = {department.pk: str(department) for department in Department.objects.all()}
    for row in rows:
        row["department"] = names.get(row["department_id"], "")
        row["promised_on"] = timezone.localdate(row["promised_at"])
        answered = row["answered_at"]
        row["answered_on"] = timezone.localdate(answered) if answered else None
        row["on_time"] = None if answered is None else row["answered_on"] <= row["due_on"]
        row["days_to_answer"] = None if answered is None else (row["answered_on"] - row["promised_on"]).days
    return _only(rows, (column.name for column in ANSWER_COLUMNS))


RESULT_COLUMNS = (
    Column("pilot_id", "integer", _("The pilot (the id in the pilots data set).")),
    Column("indicator", "text", _("The KPI: what the pilot measures.")),
    Column("unit", "text", _("Its unit.")),
    Column("target", "decimal", _("The target.")),
    Column(
        "outcome",
        "decimal",
        _("What the pilot reached; empty until it publishes its results."),
        nullable=True,
    ),
    Column(
        "target_met", "boolean", _("Whether the outcome reached the target; empty until then."), nullable=True
    ),
    Column("note", "text", _("The team's note on the outcome.")),
)


def _results() -> QuerySet:
    return (
        KPI.objects.filter(pilot__status__in=Pilot.PUBLIC_STATUSES)
        .values("pilot_id", "name", "unit", "target", "outcome", "note")
        .order_by("pilot_id", "position", "pk")
    )


def _finish_results(rows: list[dict]) -> list[dict]:
    for row in rows:
        row["indicator"] = row["name"]
        row["target_met"] = None if row["outcome"] is None else row["outcome"] >= row["target"]
    return _only(rows, (column.name for column in RESULT_COLUMNS))


DATASETS: dict[str, Dataset] = {
    dataset.slug: dataset
    for dataset in (
        Dataset(
            "challenges",
            _("Challenges"),
            _("Every published challenge with its goals, district, budget, timeline and counts."),
            CHALLENGE_COLUMNS,
            _challenges,
            _finish_challenges,
        ),
        Dataset(
            "ideas",
            _("Ideas"),
            _("Every idea that is not hidden, with the city's answer and its counts. No authors."),
            IDEA_COLUMNS,
            _ideas,
            _finish_ideas,
        ),
        Dataset(
            "engagement",
            _("Votes and comments per idea per day"),
            _("How many votes and comments each idea got each day. Counted every few minutes."),
            ENGAGEMENT_COLUMNS,
            _engagement,
            _finish_engagement,
        ),
        Dataset(
            "pilots",
            _("Pilots"),
            _("Every accepted pilot: what, where, by whom, its data terms, its stage and next step."),
            PILOT_COLUMNS,
            _pilots,
            _finish_pilots,
        ),
        Dataset(
            "answers",
            _("The city's answers"),
            _("Every idea the city promised to answer: the department, the date, and when it answered."),
            ANSWER_COLUMNS,
            _answers,
            _finish_answers,
        ),
        Dataset(
            "results",
            _("Pilot results"),
            _("The KPIs of public pilots: targets and, once published, outcomes."),
            RESULT_COLUMNS,
            _results,
            _finish_results,
        ),
    )
}


# --- Writing ----------------------------------------------------------------------------------


def dataset_rows(dataset: Dataset) -> Iterator[dict]:
    """Every row of the dataset, in chunks, so a large export does not sit in memory."""
    chunk = []
    for row in dataset.queryset().iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield from dataset.finish(chunk)
            chunk = []
    if chunk:
        yield from dataset.finish(chunk)


def _plain(value, type_: str):
    """A value as JSON has it."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _cell(value, type_: str) -> str:
    """A value as the CSV file has it."""
    if value is None:
        return ""
    if type_ == "list":
        return ";".join(value)
    if type_ == "boolean":
        return "true" if value else "false"
    return str(_plain(value, type_))


def csv_chunks(dataset: Dataset) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(dataset.column_names)
    for index, row in enumerate(dataset_rows(dataset)):
        writer.writerow([_cell(row[column.name], column.type) for column in dataset.columns])
        if index % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_row(dataset: Dataset, row: dict) -> dict:
    return {column.name: _plain(row[column.name], column.type) for column in dataset.columns}


def dataset_metadata(dataset: Dataset) -> dict:
    return {
        "dataset": dataset.slug,
        "title": str(dataset.title),
        "description": str(dataset.description),
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "publisher": "Innovation Garden, City of Espoo",
        "generated_at": timezone.now().isoformat(),
        "fields": [
            {"name": column.name, "type": column.type, "description": str(column.description)}
            for column in dataset.columns
        ],
    }


def json_chunks(dataset: Dataset) -> Iterator[str]:
    head = json.dumps(dataset_metadata(dataset), ensure_ascii=False)
    yield head[:-1] + ', "rows": ['
    for index, row in enumerate(dataset_rows(dataset)):
        yield ("," if index else "") + json.dumps(json_row(dataset, row), ensure_ascii=False)
    yield "]}"
