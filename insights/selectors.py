"""Reads for the data-use register, a person's own data, and a challenge's report for its curators."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from accounts.models import User
from challenges.models import Challenge
from engagement.models import Comment, Vote
from insights.figures import idea_content_type, month_starts
from pilots.models import Participant, Pilot, Review
from pilots.selectors import RankedProposal, challenge_ranking
from portal.translated import reading_order, text_contains

# Pilots whose data statements the register lists: they are on and take participants.
REGISTER_STATUSES = (Pilot.Status.ACCEPTED, Pilot.Status.RUNNING)


def data_use_register(*, query: str = "", legal_basis: str = "") -> QuerySet[Pilot]:
    """The data statements of accepted and running pilots, with how many residents consented.

    `consent_count` counts the residents taking part now; `current_consent_count` those of them
    who consented to the statement's current version.
    """
    pilots = (
        Pilot.objects.filter(status__in=REGISTER_STATUSES)
        .select_related("organization", "challenge")
        .annotate(
            consent_count=Count("participants", filter=Q(participants__withdrawn_at__isnull=True)),
            current_consent_count=Count(
                "participants",
                filter=Q(
                    participants__withdrawn_at__isnull=True,
                    participants__data_statement_version=F("data_statement_version"),
                ),
            ),
        )
    )
    if query:
        words = Q()
        for field_name in (
            "personal_data", "data_subjects", "data_purpose", "data_retention",
            "data_contact", "organization__name", "test_site",
        ):  # fmt: skip
            words |= Q(**{f"{field_name}__icontains": query})
        words |= text_contains("title", query) | text_contains("summary", query)
        pilots = pilots.filter(words)
    if legal_basis:
        pilots = pilots.filter(legal_basis=legal_basis)
    return pilots.order_by(reading_order("title"), "pk")


def pilots_holding_data_about(*, user: User) -> QuerySet[Participant]:
    """The pilots a person signed up for (withdrawn too: the data is kept as the statement says)."""
    if not user.is_authenticated:
        return Participant.objects.none()
    return (
        Participant.objects.filter(user=user)
        .select_related("pilot", "pilot__organization")
        .order_by("withdrawn_at", "-consented_at", "-pk")
    )


# --- A challenge's report ---------------------------------------------------------------------


@dataclass
class ReviewProgress:
    pilot: Pilot
    submitted: int
    conflicts: int
    evaluators: int

    @property
    def pending(self) -> int:
        return max(self.evaluators - self.submitted - self.conflicts, 0)


@dataclass
class ChallengeReport:
    challenge: Challenge
    monthly: list[dict]
    idea_count: int
    vote_count: int
    comment_count: int
    proposals_by_status: dict[str, int]
    evaluator_count: int
    review_progress: list[ReviewProgress]
    ranking: list[RankedProposal]
    criteria: list = field(default_factory=list)

    @property
    def proposal_count(self) -> int:
        return sum(self.proposals_by_status.values())

    @property
    def reviews_done(self) -> int:
        return sum(row.submitted + row.conflicts for row in self.review_progress)

    @property
    def reviews_expected(self) -> int:
        return sum(row.evaluators for row in self.review_progress)


def _month_counts(queryset, at_field: str) -> dict[str, int]:
    rows = queryset.annotate(month=TruncMonth(at_field)).values("month").annotate(n=Count("pk")).order_by()
    return {timezone.localtime(row["month"]).strftime("%Y-%m"): row["n"] for row in rows}


def _report_months(challenge: Challenge, now: datetime) -> list[str]:
    """The months from the first of the challenge's dates until now (or its end), at most 24."""
    start = timezone.localtime(min(challenge.ideas_open, challenge.published_at or now, challenge.created_at))
    end = min(now, challenge.closed_early_at or challenge.piloting_end)
    months = month_starts(max(end, start), 24)
    return [month.strftime("%Y-%m") for month in months if month >= start.date().replace(day=1)]


def challenge_report(*, challenge: Challenge, now: datetime | None = None) -> ChallengeReport:
    """What the challenge's curators follow: participation over time, counts, reviews and the ranking.

    A fixed number of queries, whatever the number of ideas, votes and proposals.
    """
    now = now or timezone.now()
    ideas = challenge.ideas.filter(hidden_at__isnull=True)
    idea_ids = ideas.values("pk")
    votes = Vote.objects.filter(content_type=idea_content_type(), object_id__in=idea_ids)
    comments = Comment.objects.filter(
        content_type=idea_content_type(),
        object_id__in=idea_ids,
        deleted_at__isnull=True,
        hidden_at__isnull=True,
    )
    proposals = challenge.pilots.exclude(status=Pilot.Status.DRAFT)
    series = {
        "ideas": _month_counts(ideas, "created_at"),
        "votes": _month_counts(votes, "created_at"),
        "comments": _month_counts(comments, "created_at"),
        "proposals": _month_counts(proposals, "submitted_at"),
    }
    monthly = [
        {"month": month, **{name: counts.get(month, 0) for name, counts in series.items()}}
        for month in _report_months(challenge, now)
    ]
    totals = ideas.aggregate(
        ideas=Count("pk"), votes=Coalesce(Sum("vote_count"), 0), comments=Coalesce(Sum("comment_count"), 0)
    )
    by_status = dict(proposals.values_list("status").annotate(n=Count("pk")).order_by())
    evaluator_count = challenge.appointments.count()
    progress_rows = (
        proposals.annotate(
            submitted=Count("reviews", filter=Q(reviews__submitted_at__isnull=False)),
            conflicts=Count("reviews", filter=Q(reviews__conflict_of_interest=True)),
        )
        .select_related("organization")
        .order_by(reading_order("title"), "pk")
    )
    return ChallengeReport(
        challenge=challenge,
        monthly=monthly,
        idea_count=totals["ideas"],
        vote_count=totals["votes"],
        comment_count=totals["comments"],
        proposals_by_status={
            status: by_status[status] for status in Pilot.Status.values if status in by_status
        },
        evaluator_count=evaluator_count,
        review_progress=[
            ReviewProgress(
                pilot=pilot, submitted=pilot.submitted, conflicts=pilot.conflicts, evaluators=evaluator_count
            )
            for pilot in progress_rows
        ],
        ranking=challenge_ranking(challenge=challenge),
        criteria=list(challenge.criteria.all()),
    )


def challenge_reviews(*, challenge: Challenge) -> QuerySet[Review]:
    """Every review of the challenge's proposals with its scores, for the curators' export."""
    return (
        Review.objects.filter(pilot__challenge=challenge)
        .exclude(pilot__status=Pilot.Status.DRAFT)
        .select_related("pilot", "evaluator")
        .prefetch_related("scores__criterion")
        .order_by("pilot__title", "pilot_id", "evaluator__name", "pk")
    )
