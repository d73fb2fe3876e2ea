"""Pages of insights: the impact dashboard, the data-use register, open data and challenge reports."""

import csv
import io
from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook

from challenges.models import Challenge
from insights import opendata, selectors, services
from insights.charts import Column, ColumnChart
from insights.sections import (
    Section,
    Table,
    TableColumn,
    dashboard_sections,
    format_value,
    table_csv_response,
)
from pilots.models import Pilot
from portal.spreadsheets import spreadsheet_safe


def dashboard(request):
    figures = services.insights_current()
    context = {
        "figures": figures,
        "computed_at": datetime.fromisoformat(figures["computed_at"]),
        "sections": dashboard_sections(figures),
        "statuses": dict(Pilot.Status.choices),
    }
    return render(request, "insights/dashboard.html", context)


def section_csv(request, section):
    sections = {item.slug: item for item in dashboard_sections(services.insights_current())}
    if section not in sections:
        raise Http404
    return table_csv_response(sections[section].table, f"innovation-garden-{section}.csv")


# --- The data-use register --------------------------------------------------------------------


def data_use(request):
    query = request.GET.get("q", "").strip()[:200]
    legal_basis = request.GET.get("legal_basis", "")
    if legal_basis not in Pilot.LegalBasis.values:
        legal_basis = ""
    pilots = selectors.data_use_register(query=query, legal_basis=legal_basis)
    page = Paginator(pilots, 20).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "pilots": page.object_list,
        "query": query,
        "legal_basis": legal_basis,
        "legal_bases": Pilot.LegalBasis.choices,
    }
    return render(request, "insights/data_use.html", context)


# --- Open data --------------------------------------------------------------------------------


def open_data(request):
    return render(
        request,
        "insights/open_data.html",
        {
            "datasets": list(opendata.DATASETS.values()),
            "type_labels": opendata.TYPE_LABELS,
            "licence": opendata.LICENCE,
            "licence_url": opendata.LICENCE_URL,
        },
    )


def open_data_download(request, dataset, format):
    found = opendata.DATASETS.get(dataset)
    if found is None or format not in ("csv", "json"):
        raise Http404
    # The daily counts are as fresh as the figures (and are counted if nothing has counted them).
    services.insights_current()
    if format == "csv":
        response = StreamingHttpResponse(opendata.csv_chunks(found), content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(opendata.json_chunks(found), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="innovation-garden-{found.slug}.{format}"'
    response["Link"] = f'<{opendata.LICENCE_URL}>; rel="license"'
    return response


# --- A challenge's report, for its curators ---------------------------------------------------


def _reported_challenge(request, slug) -> Challenge:
    challenge = get_object_or_404(Challenge, slug=slug)
    if not request.user.has_perm("insights.view_challenge_report", challenge):
        if not request.user.has_perm("challenges.view_challenge", challenge):
            raise Http404
        raise PermissionDenied
    return challenge


def _short_month(value: str) -> str:
    year, month = value.split("-")
    return f"{int(month)}/{year[2:]}"


def _report_sections(report) -> list[Section]:
    measures = {
        "ideas": _("Ideas"),
        "votes": _("Votes"),
        "comments": _("Comments"),
        "proposals": _("Pilot proposals"),
    }
    table = Table(
        caption=_("Participation month by month"),
        columns=[TableColumn(_("Month"), "month")]
        + [TableColumn(label, "number") for label in measures.values()],
        rows=[[row["month"], *(row[name] for name in measures)] for row in report.monthly],
    )
    charts = [
        ColumnChart(
            title=label,
            css=f"series-{name}",
            columns=[
                Column(_short_month(row["month"]), row[name], format_value(row[name]))
                for row in report.monthly
            ],
        ).layout()
        for name, label in measures.items()
    ]
    return [
        Section(
            slug="participation",
            title=_("Participation over time"),
            intro=_("Ideas proposed in the challenge, votes and comments on them, and proposals handed in."),
            table=table,
            charts=charts,
        )
    ]


@login_required
def challenge_report(request, slug):
    challenge = _reported_challenge(request, slug)
    report = selectors.challenge_report(challenge=challenge)
    context = {
        "challenge": challenge,
        "report": report,
        "sections": _report_sections(report),
        "statuses": dict(Pilot.Status.choices),
        "now": timezone.now(),
    }
    return render(request, "insights/challenge_report.html", context)


def _table_response(rows, *, file_stem: str, format: str, sheet: str) -> HttpResponse:
    """Rows (the first one the header) as a CSV or XLSX download."""
    if format not in ("csv", "xlsx"):
        raise Http404
    rows = [[spreadsheet_safe(cell) for cell in row] for row in rows]
    if format == "xlsx":
        workbook = Workbook(write_only=True)
        worksheet = workbook.create_sheet(title=sheet[:31])
        for row in rows:
            worksheet.append([str(cell) if isinstance(cell, Promise) else cell for cell in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
        csv.writer(response).writerows(rows)
    response["Content-Disposition"] = f'attachment; filename="{file_stem}.{format}"'
    return response


def _proposal_rows(request, challenge):
    report = selectors.challenge_report(challenge=challenge)
    yield [
        _("Rank"),
        _("Proposal"),
        _("Organization"),
        _("Status"),
        _("Budget asked (€)"),
        _("Submitted"),
        _("Score (0–5)"),
        _("Reviews"),
        _("Conflicts of interest"),
        *(
            _("%(criterion)s (weight %(weight)s, minimum %(minimum)s)")
            % {"criterion": criterion.name, "weight": criterion.weight, "minimum": criterion.min_score}
            for criterion in report.criteria
        ),
        _("Below a minimum"),
        _("Address"),
    ]
    statuses = dict(Pilot.Status.choices)
    for rank, row in enumerate(report.ranking, start=1):
        pilot = row.pilot
        yield [
            rank,
            pilot.title,
            pilot.organization.name if pilot.organization else _("A group of residents"),
            statuses.get(pilot.status, pilot.status),
            pilot.budget_requested,
            timezone.localtime(pilot.submitted_at).strftime("%Y-%m-%d %H:%M") if pilot.submitted_at else "",
            "" if row.score is None else f"{row.score:.2f}",
            row.review_count,
            row.conflict_count,
            *("" if cell.average is None else f"{cell.average:.2f}" for cell in row.criteria),
            _("yes") if row.flagged else _("no"),
            request.build_absolute_uri(pilot.get_absolute_url()),
        ]


def _score_rows(challenge):
    yield [
        _("Proposal"),
        _("Evaluator"),
        _("Conflict of interest"),
        _("Review submitted"),
        _("Criterion"),
        _("Weight"),
        _("Score (0–5)"),
        _("Comment on the score"),
        _("Comment on the proposal"),
    ]
    for review in selectors.challenge_reviews(challenge=challenge):
        common = [
            review.pilot.title,
            review.evaluator.display_name,
            _("yes") if review.conflict_of_interest else _("no"),
            timezone.localtime(review.submitted_at).strftime("%Y-%m-%d %H:%M") if review.submitted_at else "",
        ]
        scores = list(review.scores.all())
        if not scores:
            yield [*common, "", "", "", "", review.comment]
        for score in scores:
            yield [
                *common,
                score.criterion.name,
                score.criterion.weight,
                score.score,
                score.comment,
                review.comment,
            ]


@login_required
def challenge_proposals_export(request, slug, format):
    """The proposals and their scores, best first, for the city's decision documents (CSV or XLSX)."""
    challenge = _reported_challenge(request, slug)
    return _table_response(
        _proposal_rows(request, challenge), file_stem=f"{challenge.slug}-proposals", format=format,
        sheet=str(_("Proposals")),
    )  # fmt: skip


@login_required
def challenge_scores_export(request, slug, format):
    """Every evaluator's score on every criterion, with the comments: the ranking's working."""
    challenge = _reported_challenge(request, slug)
    return _table_response(
        _score_rows(challenge), file_stem=f"{challenge.slug}-scores", format=format, sheet=str(_("Scores"))
    )
