"""The dashboard's sections: for each, a table of the figures (shown on the page and downloaded as
CSV, so both always agree) and the charts drawn from the same rows.

Built per request from the cached figures (`insights.figures`), in the reader's language.
"""

import csv
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.http import HttpResponse
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from insights.charts import Bar, BarChart, Column, ColumnChart
from pilots.models import Pilot
from portal.models import District, GoalChoice
from portal.spreadsheets import spreadsheet_safe

# --- Formatting -------------------------------------------------------------------------------


def format_value(value, kind: str = "number") -> str:
    """A figure as people read it in the active language: 1 234 in Finnish, 1,234 in English."""
    if value is None or value == "":
        return "—"
    match kind:
        case "number":
            return number_format(value, 0, force_grouping=True)
        case "decimal":
            value = Decimal(value)
            places = 0 if value == value.to_integral_value() else 2
            return number_format(value, places, force_grouping=True)
        case "percent":
            number = number_format(value, 1, force_grouping=True)
            return f"{number}%" if (get_language() or "")[:2] == "en" else f"{number}\u00a0%"
        case "ratio":
            return number_format(value, 2)
        case "days":
            days = round(float(value))
            return ngettext("%(days)s day", "%(days)s days", days) % {
                "days": number_format(days, 0, force_grouping=True)
            }
        case "month":
            return date_format(date.fromisoformat(f"{value}-01"), "YEAR_MONTH_FORMAT")
        case "bool":
            return gettext("yes") if value else gettext("no")
    return str(value)


def _short_month(value: str) -> str:
    year, month = value.split("-")
    return f"{int(month)}/{year[2:]}"


# --- Tables -----------------------------------------------------------------------------------


@dataclass
class TableColumn:
    label: str
    kind: str = "text"  # text, number, decimal, percent, ratio, days, month, bool

    @property
    def numeric(self) -> bool:
        return self.kind in ("number", "decimal", "percent", "ratio", "days")


@dataclass
class Table:
    caption: str
    columns: list[TableColumn]
    rows: list[list]
    # Rows to emphasise (by index), e.g. under-represented districts.
    marked: set[int] = field(default_factory=set)

    def formatted_rows(self):
        """(marked, [(text, numeric)]) per row, formatted for the active language."""
        for index, row in enumerate(self.rows):
            yield (
                index in self.marked,
                [
                    (format_value(value, column.kind), column.numeric)
                    for value, column in zip(row, self.columns, strict=True)
                ],
            )

    def csv_value(self, value, kind: str):
        if value is None:
            return ""
        if kind == "bool":
            return "true" if value else "false"
        return spreadsheet_safe(value)


def table_csv_response(table: Table, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so spreadsheet programs read UTF-8
    writer = csv.writer(response)
    writer.writerow([column.label for column in table.columns])
    for row in table.rows:
        writer.writerow(
            [table.csv_value(value, column.kind) for value, column in zip(row, table.columns, strict=True)]
        )
    return response


@dataclass
class Section:
    slug: str
    title: str
    intro: str
    table: Table
    charts: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def __post_init__(self):
        # Unique on the page: each chart's title is referenced by id.
        for index, chart in enumerate(self.charts):
            chart.id = f"{self.slug}-chart-{index}"


# --- Labels -----------------------------------------------------------------------------------

MEASURES = {
    "ideas": _("Ideas"),
    "votes": _("Votes"),
    "comments": _("Comments"),
    "participants": _("New participants"),
    "proposals": _("Pilot proposals"),
}

FUNNEL_LABELS = {
    "ideas": _("Ideas"),
    "challenges": _("Challenges they led to"),
    "proposals": _("Pilot proposals"),
    "accepted": _("Accepted pilots"),
    "completed": _("Completed pilots"),
    "scaled": _("Scaled up or procured"),
}

FUNNEL_DURATIONS = {
    "challenges": _("from the idea to the challenge's publication"),
    "proposals": _("from the challenge's publication to the proposal"),
    "accepted": _("from the proposal to the decision"),
    "completed": _("from the decision to the published results"),
}


def _district_names() -> dict[int, str]:
    return {district.code: district.name for district in District.objects.all()}


# --- The sections -----------------------------------------------------------------------------


def dashboard_sections(figures: dict, district_names: dict[int, str] | None = None) -> list[Section]:
    names = district_names if district_names is not None else _district_names()
    return [
        growth_section(figures),
        stages_section(figures),
        goals_section(figures),
        districts_section(figures, names),
        funnel_section(figures),
        outcomes_section(figures),
        people_section(figures),
        proposers_section(figures),
    ]


def growth_section(figures: dict) -> Section:
    measures = list(MEASURES)
    table = Table(
        caption=gettext("Month by month, the last 12 months"),
        columns=[TableColumn(gettext("Month"), "month")]
        + [TableColumn(str(MEASURES[name]), "number") for name in measures],
        rows=[[row["month"], *(row[name] for name in measures)] for row in figures["monthly"]],
    )
    charts = [
        ColumnChart(
            title=str(MEASURES[name]),
            css=f"series-{name}",
            columns=[
                Column(_short_month(row["month"]), row[name], format_value(row[name]))
                for row in figures["monthly"]
            ],
        ).layout()
        for name in measures
    ]
    return Section(
        slug="growth",
        title=gettext("How the garden grows"),
        intro=gettext(
            "New ideas, votes, comments, participants and pilot proposals each month. A participant "
            "is counted once, in the month of their first idea, vote, comment, pilot team or sign-up."
        ),
        table=table,
        charts=charts,
    )


def stages_section(figures: dict) -> Section:
    counts = figures["pilots_by_status"]
    labels = dict(Pilot.Status.choices)
    table = Table(
        caption=gettext("Pilot proposals by stage"),
        columns=[TableColumn(gettext("Stage")), TableColumn(gettext("Proposals"), "number")],
        rows=[[str(labels[status]), count] for status, count in counts.items()],
    )
    chart = BarChart(
        title=gettext("Pilot proposals by stage"),
        bars=[
            Bar(str(labels[status]), count, format_value(count), css=f"bar-status-{status}")
            for status, count in counts.items()
        ],
    ).layout()
    return Section(
        slug="stages",
        title=gettext("Pilots by stage"),
        intro=gettext(
            "Every proposal handed in, by where it is now. A proposal stays confidential until it is "
            "accepted; only its count is shown here."
        ),
        table=table,
        charts=[chart],
    )


def goals_section(figures: dict) -> Section:
    rows = figures["goals"]
    table = Table(
        caption=gettext("Ideas, votes, challenges and pilots by Espoo Story goal"),
        columns=[
            TableColumn(gettext("Goal")),
            TableColumn(gettext("Ideas"), "number"),
            TableColumn(gettext("Votes on them"), "number"),
            TableColumn(gettext("Challenges"), "number"),
            TableColumn(gettext("Public pilots"), "number"),
        ],
        rows=[
            [str(GoalChoice(row["goal"]).label), row["ideas"], row["votes"], row["challenges"], row["pilots"]]
            for row in rows
        ],
    )
    chart = BarChart(
        title=gettext("Ideas by Espoo Story goal"),
        bars=[
            Bar(
                str(GoalChoice(row["goal"]).label),
                row["ideas"],
                format_value(row["ideas"]),
                css=f"bar-goal-{row['goal']}",
            )
            for row in rows
        ],
    ).layout()
    return Section(
        slug="goals",
        title=gettext("By Espoo Story goal"),
        intro=gettext("An idea or a challenge can serve several goals, so it counts under each of them."),
        table=table,
        charts=[chart],
    )


def districts_section(figures: dict, names: dict[int, str]) -> Section:
    rows = figures["districts"]
    table = Table(
        caption=gettext("Participation by district compared with population"),
        columns=[
            TableColumn(gettext("District")),
            TableColumn(gettext("Population"), "number"),
            TableColumn(gettext("Share of population"), "percent"),
            TableColumn(gettext("Ideas"), "number"),
            TableColumn(gettext("Votes"), "number"),
            TableColumn(gettext("Comments"), "number"),
            TableColumn(gettext("Share of participation"), "percent"),
            TableColumn(gettext("Representation"), "ratio"),
            TableColumn(gettext("Under-represented"), "bool"),
            TableColumn(gettext("Challenges"), "number"),
        ],
        rows=[
            [
                names.get(row["code"], row["slug"]),
                row["population"],
                round(row["population_share"] * 100, 1),
                row["ideas"],
                row["votes"],
                row["comments"],
                round(row["activity_share"] * 100, 1),
                None if row["ratio"] is None else round(row["ratio"], 2),
                row["under_represented"],
                row["challenges"],
            ]
            for row in rows
        ],
        marked={index for index, row in enumerate(rows) if row["under_represented"]},
    )
    chart = BarChart(
        title=gettext("Share of participation and share of population by district"),
        legend=[
            ("bar-activity", gettext("Share of participation")),
            ("bar-population", gettext("Share of population")),
        ],
        bars=[
            Bar(
                names.get(row["code"], row["slug"]),
                row["activity_share"] * 100,
                format_value(row["activity_share"] * 100, "percent"),
                css="bar-activity bar-under" if row["under_represented"] else "bar-activity",
                reference=row["population_share"] * 100,
                reference_display=format_value(row["population_share"] * 100, "percent"),
            )
            for row in rows
        ],
    ).layout()
    under = [names.get(row["code"], row["slug"]) for row in rows if row["under_represented"]]
    notes = []
    if under:
        notes.append(gettext("Under-represented: %(districts)s.") % {"districts": ", ".join(under)})
    city = figures["whole_city"]
    notes.append(
        gettext(
            "About the whole city rather than one district, not counted above: ideas %(ideas)s, "
            "votes %(votes)s, comments %(comments)s."
        )
        % {
            "ideas": format_value(city["ideas"]),
            "votes": format_value(city["votes"]),
            "comments": format_value(city["comments"]),
        }
    )
    if figures.get("population_date"):
        notes.append(
            gettext(
                "Population: City of Espoo, population-structure statistics (Väestörakenne), "
                "%(date)s; %(total)s residents assigned to the seven major districts."
            )
            % {
                "date": date_format(date.fromisoformat(figures["population_date"]), "DATE_FORMAT"),
                "total": format_value(figures["population_total"]),
            }
        )
    return Section(
        slug="districts",
        title=gettext("By district"),
        intro=gettext(
            "Participation is the ideas proposed for a district and the votes and comments on them. "
            "The portal does not ask where people live, so this shows where participation is about. "
            "Representation is the district's share of participation divided by its share of the "
            "population; below 0.8 the district is under-represented."
        ),
        table=table,
        charts=[chart],
        notes=notes,
    )


def funnel_section(figures: dict) -> Section:
    steps = figures["funnel"]
    rows = []
    previous = None
    for step in steps:
        share = round(step["count"] / previous * 100, 1) if previous else None
        rows.append(
            [
                str(FUNNEL_LABELS[step["step"]]),
                step["count"],
                share,
                step["days"],
                str(FUNNEL_DURATIONS.get(step["step"], "")),
            ]
        )
        previous = step["count"]
    table = Table(
        caption=gettext("From ideas to scaled-up pilots"),
        columns=[
            TableColumn(gettext("Step")),
            TableColumn(gettext("Count"), "number"),
            TableColumn(gettext("Of the step before"), "percent"),
            TableColumn(gettext("Average time"), "days"),
            TableColumn(gettext("Measured")),
        ],
        rows=rows,
    )
    chart = BarChart(
        title=gettext("From ideas to scaled-up pilots"),
        bars=[
            Bar(
                str(FUNNEL_LABELS[step["step"]]), step["count"], format_value(step["count"]), css="bar-funnel"
            )
            for step in steps
        ],
    ).layout()
    return Section(
        slug="funnel",
        title=gettext("From idea to impact"),
        intro=gettext(
            "Ideas, the challenges promoted from them, proposals to challenges, accepted and completed "
            "pilots, and those the city scaled up or procured, with the average time each step took."
        ),
        table=table,
        charts=[chart],
    )


def outcomes_section(figures: dict) -> Section:
    outcomes = figures["outcomes"]
    next_steps = dict(Pilot.NextStep.choices)
    table = Table(
        caption=gettext("Completed pilots: KPI outcomes against targets"),
        columns=[
            TableColumn(gettext("Pilot")),
            TableColumn(gettext("Indicator")),
            TableColumn(gettext("Unit")),
            TableColumn(gettext("Target"), "decimal"),
            TableColumn(gettext("Outcome"), "decimal"),
            TableColumn(gettext("Of the target"), "percent"),
            TableColumn(gettext("Target met"), "bool"),
            TableColumn(gettext("Next step")),
        ],
        rows=[
            [
                row["pilot"],
                row["kpi"],
                row["unit"],
                row["target"],
                row["outcome"],
                row["percent"],
                row["met"],
                str(next_steps.get(row["next_step"], "")),
            ]
            for row in outcomes
        ],
    )
    chart = BarChart(
        title=gettext("Outcome as a share of the target"),
        marker=100,
        marker_label=gettext("target"),
        bars=[
            Bar(
                f"{row['kpi']}",
                row["percent"] or 0,
                format_value(row["percent"], "percent"),
                css="bar-met" if row["met"] else "bar-unmet",
            )
            for row in outcomes
        ],
    ).layout()
    return Section(
        slug="outcomes",
        title=gettext("What came of it"),
        intro=gettext(
            "The KPIs of completed pilots: what each aimed at and what it reached. The line marks the target."
        ),
        table=table,
        charts=[chart] if outcomes else [],
    )


def people_section(figures: dict) -> Section:
    people = figures["people"]
    total = people["residents"] + people["members"]
    rows = [
        (gettext("Residents on their own"), people["residents"]),
        (gettext("Members of organizations"), people["members"]),
    ]
    return _share_section(
        slug="people",
        title=gettext("Who takes part"),
        intro=gettext(
            "People who took part, by whether they belong to an organization registered on the portal "
            "(a company, community, research group or public body)."
        ),
        caption=gettext("People taking part"),
        label=gettext("People"),
        rows=rows,
        total=total,
    )


def proposers_section(figures: dict) -> Section:
    proposers = figures["proposers"]
    kinds = dict(Organization.Kind.choices)
    rows = [(str(kinds[kind]), proposers[kind]) for kind in Organization.Kind.values]
    rows.append((gettext("Groups of residents"), proposers["residents"]))
    return _share_section(
        slug="proposers",
        title=gettext("Who proposes pilots"),
        intro=gettext("Pilot proposals by the kind of organization that made them."),
        caption=gettext("Pilot proposals by who made them"),
        label=gettext("Proposals"),
        rows=rows,
        total=sum(count for _label, count in rows),
    )


def _share_section(*, slug, title, intro, caption, label, rows, total) -> Section:
    table = Table(
        caption=caption,
        columns=[
            TableColumn(gettext("Group")),
            TableColumn(label, "number"),
            TableColumn(gettext("Share"), "percent"),
        ],
        rows=[[name, count, round(count / total * 100, 1) if total else None] for name, count in rows],
    )
    chart = BarChart(
        title=caption,
        bars=[
            Bar(name, count, format_value(count), css=f"bar-share-{index}")
            for index, (name, count) in enumerate(rows)
        ],
    ).layout()
    return Section(slug=slug, title=title, intro=intro, table=table, charts=[chart])
