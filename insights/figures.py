"""The impact dashboard's figures: computed with aggregate queries, kept in the cache.

`insights.services.insights_current()` answers from the cache; the Celery beat task
`insights.refresh` recomputes the figures (`figures_refresh`) every ten minutes, so a page view
never runs the aggregates unless the cache is empty (then the first view computes and stores them;
without a beat, as in the embedded default, that happens once the cached figures expire). The
figures are plain data (numbers, slugs, ISO dates) and carry no text in any language: pages and
CSV files label and format them for the reader's language.

What counts (the definitions the page and the open data's dictionary repeat):

- Hidden ideas and hidden or deleted comments are left out everywhere, and so are the votes on
  hidden ideas. Merged duplicates count as ideas (someone proposed them).
- A *participant* is a person who proposed an idea, voted, commented, joined a pilot's team or
  signed up as a pilot participant; each person counts once, in the month of their first action.
- Proposals are pilots past the draft (a draft is the team's private work).
- Participation by district: the ideas proposed for a district and the votes and comments on them,
  as a share of all that for districts, against the district's share of the population. The portal
  does not ask where people live, so this is where participation is *about*, not where it comes
  from. A district is under-represented below `UNDER_REPRESENTED` of its population share.
"""

from collections import Counter
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Min,
    Q,
    Sum,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from accounts.models import Membership, Organization
from agreements.selectors import city_decision_counts
from challenges.models import Challenge
from engagement.models import Comment, Vote
from ideas.models import Idea
from pilots.models import KPI, Participant, Pilot, TeamMember
from portal.models import District, Goal

CACHE_KEY = "insights:dashboard:v1"
MONTHS = 12
# A district whose share of participation is below this fraction of its share of the population.
UNDER_REPRESENTED = 0.8

PROPOSAL_STATUSES = [status for status in Pilot.Status.values if status != Pilot.Status.DRAFT]
SCALED = (Pilot.NextStep.SCALE_UP, Pilot.NextStep.PROCURE)
FUNNEL_STEPS = ("ideas", "challenges", "proposals", "accepted", "completed", "scaled")


def cached_figures() -> dict | None:
    return cache.get(CACHE_KEY)


def figures_refresh(now: datetime | None = None) -> dict:
    figures = figures_compute(now=now)
    cache.set(CACHE_KEY, figures, settings.INSIGHTS_CACHE_SECONDS)
    return figures


# --- What is visible --------------------------------------------------------------------------


def visible_ideas():
    return Idea.objects.filter(hidden_at__isnull=True)


def idea_content_type() -> ContentType:
    return ContentType.objects.get_for_model(Idea)


def visible_votes():
    """Votes, except those on hidden ideas."""
    hidden = Idea.objects.filter(hidden_at__isnull=False).values("pk")
    return Vote.objects.exclude(content_type=idea_content_type(), object_id__in=hidden)


def visible_comments():
    """Comments that are neither deleted nor hidden, on items that are not hidden."""
    hidden = Idea.objects.filter(hidden_at__isnull=False).values("pk")
    return Comment.objects.filter(deleted_at__isnull=True, hidden_at__isnull=True).exclude(
        content_type=idea_content_type(), object_id__in=hidden
    )


def first_participation() -> dict[int, datetime]:
    """Each person who took part, with the moment of their first action.

    Only what is visible counts: a person whose one idea was hidden has not (yet) taken part. One
    grouped query per kind of action, merged here: set-based, so it stays a matter of seconds at a
    city's size, where a subquery per person took minutes.
    """
    sources = [
        (visible_ideas(), "author_id", "created_at"),
        (visible_votes(), "user_id", "created_at"),
        (visible_comments(), "author_id", "created_at"),
        (TeamMember.objects.all(), "user_id", "added_at"),
        (Participant.objects.all(), "user_id", "consented_at"),
    ]
    first: dict[int, datetime] = {}
    for queryset, user_field, at_field in sources:
        rows = queryset.order_by().values_list(user_field).annotate(at=Min(at_field))
        for user_id, at in rows.iterator(chunk_size=10_000):
            if user_id is not None and (user_id not in first or at < first[user_id]):
                first[user_id] = at
    return first


# --- The figures ------------------------------------------------------------------------------


def month_starts(now: datetime, count: int = MONTHS) -> list[date]:
    """The first days of the last `count` months, the current one last (in the portal's time zone)."""
    current = timezone.localtime(now).date().replace(day=1)
    months = [current]
    while len(months) < count:
        previous = months[-1] - timedelta(days=1)
        months.append(previous.replace(day=1))
    return list(reversed(months))


def _month_key(value) -> str:
    return (
        timezone.localtime(value).strftime("%Y-%m")
        if isinstance(value, datetime)
        else value.strftime("%Y-%m")
    )


def _per_month(queryset, at_field: str, since: datetime) -> dict[str, int]:
    rows = (
        queryset.filter(**{f"{at_field}__gte": since})
        .annotate(month=TruncMonth(at_field))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {_month_key(row["month"]): row["count"] for row in rows}


def _days(duration) -> float | None:
    return None if duration is None else round(duration.total_seconds() / 86400, 1)


def _average_days(queryset, later: str, earlier: str) -> float | None:
    gap = ExpressionWrapper(F(later) - F(earlier), output_field=DurationField())
    return _days(queryset.aggregate(gap=Avg(gap))["gap"])


def figures_compute(*, now: datetime | None = None) -> dict:
    """Every figure of the dashboard, in a fixed number of aggregate queries."""
    now = now or timezone.now()
    ideas = visible_ideas()
    proposals = Pilot.objects.filter(status__in=PROPOSAL_STATUSES)
    people = first_participation()
    members = set(Membership.objects.values_list("user_id", flat=True)) & people.keys()

    months = month_starts(now)
    since = timezone.make_aware(datetime.combine(months[0], datetime.min.time()))
    monthly_series = {
        "ideas": _per_month(ideas, "created_at", since),
        "votes": _per_month(visible_votes(), "created_at", since),
        "comments": _per_month(visible_comments(), "created_at", since),
        "participants": Counter(_month_key(at) for at in people.values() if at >= since),
        "proposals": _per_month(proposals, "submitted_at", since),
    }
    monthly = [
        {"month": month.strftime("%Y-%m"), **{name: series.get(month.strftime("%Y-%m"), 0)
                                               for name, series in monthly_series.items()}}
        for month in months
    ]  # fmt: skip

    people_total = len(people)
    people_members = len(members)

    return {
        "version": 1,
        "computed_at": now.isoformat(),
        "totals": {
            "ideas": ideas.count(),
            "votes": visible_votes().count(),
            "comments": visible_comments().count(),
            "participants": people_total,
            "organizations": Organization.objects.count(),
            "challenges": Challenge.objects.published().count(),
            "proposals": proposals.count(),
            "results": Pilot.objects.filter(results_published_at__isnull=False).count(),
        },
        "pilots_by_status": _pilots_by_status(proposals),
        "monthly": monthly,
        "goals": _by_goal(ideas),
        **_by_district(ideas),
        "funnel": _funnel(ideas, proposals),
        "outcomes": _outcomes(),
        "people": {"residents": people_total - people_members, "members": people_members},
        "proposers": _proposers(proposals),
        # The city's decisions at the end of pilots (agreements): scale up, procure, extend, stop.
        "city_decisions": city_decision_counts(),
    }


def _pilots_by_status(proposals) -> dict[str, int]:
    counts = dict(proposals.values_list("status").annotate(count=Count("pk")).order_by())
    return {status: counts.get(status, 0) for status in PROPOSAL_STATUSES}


def _by_goal(ideas) -> list[dict]:
    visible = Q(ideas__hidden_at__isnull=True)
    idea_rows = Goal.objects.annotate(
        idea_count=Count("ideas", filter=visible),
        vote_count=Coalesce(Sum("ideas__vote_count", filter=visible), 0),
    ).values("slug", "idea_count", "vote_count")
    challenge_rows = dict(
        Goal.objects.annotate(n=Count("challenges", filter=Q(challenges__published_at__isnull=False)))
        .values_list("slug", "n")
        .order_by()
    )
    pilot_rows = dict(
        Goal.objects.annotate(
            n=Count(
                "challenges__pilots",
                filter=Q(challenges__pilots__status__in=Pilot.PUBLIC_STATUSES),
                distinct=True,
            )
        )
        .values_list("slug", "n")
        .order_by()
    )
    return [
        {
            "goal": row["slug"],
            "ideas": row["idea_count"],
            "votes": row["vote_count"],
            "challenges": challenge_rows.get(row["slug"], 0),
            "pilots": pilot_rows.get(row["slug"], 0),
        }
        for row in idea_rows.order_by("slug")
    ]


def _by_district(ideas) -> dict:
    visible = Q(ideas__hidden_at__isnull=True)
    rows = list(
        District.objects.annotate(
            idea_count=Count("ideas", filter=visible),
            vote_count=Coalesce(Sum("ideas__vote_count", filter=visible), 0),
            comment_count=Coalesce(Sum("ideas__comment_count", filter=visible), 0),
        )
        .values("code", "slug", "population", "population_date", "idea_count", "vote_count", "comment_count")
        .order_by("code")
    )
    challenges = dict(
        Challenge.objects.published()
        .filter(district__isnull=False)
        .values_list("district__code")
        .annotate(n=Count("pk"))
        .order_by()
    )
    whole_city = ideas.filter(district__isnull=True).aggregate(
        ideas=Count("pk"), votes=Coalesce(Sum("vote_count"), 0), comments=Coalesce(Sum("comment_count"), 0)
    )
    population = sum(row["population"] for row in rows)
    activity_total = sum(row["idea_count"] + row["vote_count"] + row["comment_count"] for row in rows)
    districts = []
    for row in rows:
        activity = row["idea_count"] + row["vote_count"] + row["comment_count"]
        population_share = row["population"] / population if population else 0.0
        activity_share = activity / activity_total if activity_total else 0.0
        ratio = activity_share / population_share if population_share and activity_total else None
        districts.append(
            {
                "code": row["code"],
                "slug": row["slug"],
                "ideas": row["idea_count"],
                "votes": row["vote_count"],
                "comments": row["comment_count"],
                "challenges": challenges.get(row["code"], 0),
                "activity": activity,
                "population": row["population"],
                "population_share": population_share,
                "activity_share": activity_share,
                "ratio": ratio,
                "under_represented": ratio is not None and ratio < UNDER_REPRESENTED,
            }
        )
    dates = {row["population_date"] for row in rows}
    return {
        "districts": districts,
        "whole_city": whole_city,
        "population_total": population,
        "population_date": max(dates).isoformat() if dates else None,
    }


def _funnel(ideas, proposals) -> list[dict]:
    promoted = ideas.filter(promoted_challenge__published_at__isnull=False)
    accepted = proposals.filter(status__in=Pilot.PUBLIC_STATUSES)
    completed = proposals.filter(status=Pilot.Status.COMPLETED)
    scaled = completed.filter(next_step__in=SCALED)
    return [
        {"step": "ideas", "count": ideas.count(), "days": None},
        {
            "step": "challenges",
            "count": promoted.values("promoted_challenge").distinct().count(),
            "days": _average_days(promoted, "promoted_challenge__published_at", "created_at"),
        },
        {
            "step": "proposals",
            "count": proposals.count(),
            "days": _average_days(
                proposals.filter(challenge__published_at__isnull=False),
                "submitted_at",
                "challenge__published_at",
            ),
        },
        {
            "step": "accepted",
            "count": accepted.count(),
            "days": _average_days(accepted, "decided_at", "submitted_at"),
        },
        {
            "step": "completed",
            "count": completed.count(),
            "days": _average_days(completed, "results_published_at", "decided_at"),
        },
        # The next step is decided with the results: no time of its own.
        {"step": "scaled", "count": scaled.count(), "days": None},
    ]


def _outcomes() -> list[dict]:
    kpis = (
        KPI.objects.filter(pilot__status=Pilot.Status.COMPLETED)
        .select_related("pilot")
        .order_by("-pilot__results_published_at", "pilot_id", "position", "pk")
    )
    return [
        {
            "pilot_id": kpi.pilot_id,
            "pilot": kpi.pilot.title,
            "next_step": kpi.pilot.next_step,
            "kpi": kpi.name,
            "unit": kpi.unit,
            "target": str(kpi.target),
            "outcome": None if kpi.outcome is None else str(kpi.outcome),
            "met": kpi.target_met,
            "percent": (
                round(float(kpi.outcome / kpi.target * 100), 1)
                if kpi.outcome is not None and kpi.target
                else None
            ),
        }
        for kpi in kpis
    ]


def _proposers(proposals) -> dict[str, int]:
    counts = dict(proposals.values_list("organization__kind").annotate(n=Count("pk")).order_by())
    result = {kind: counts.get(kind, 0) for kind in Organization.Kind.values}
    result["residents"] = counts.get(None, 0)
    return result
