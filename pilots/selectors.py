"""Reads of pilots that pages (and later the API) share, filtered for the person asking.

The visibility filter mirrors `pilots.rules` (`pilots.view_pilot`): a test checks that both agree
for every role.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, FloatField, Q, QuerySet, Sum
from django.db.models.functions import Cast

from accounts.models import User
from challenges.models import Challenge, Criterion
from pilots.models import Participant, Pilot, Review, Score, TeamMember, Transition
from portal.searchable import SearchHit, text_match

PUBLIC = Q(status__in=Pilot.PUBLIC_STATUSES)


def draft_team_members_of_event_challenge(event) -> QuerySet:
    """The ids of people on a team with an unsubmitted draft in the event's challenge: the
    "draft_teams" audience of notifications."""
    return (
        TeamMember.objects.filter(pilot__challenge_id=event.target_id, pilot__status="draft")
        .values_list("user_id", flat=True)
        .distinct()
    )


def _active_participants() -> Count:
    return Count("participants", filter=Q(participants__withdrawn_at__isnull=True), distinct=True)


def pilots_visible_to(*, user: User) -> QuerySet[Pilot]:
    """Every pilot and proposal the user may see: public pilots, and confidential ones they are in on."""
    pilots = Pilot.objects.select_related("challenge", "organization")
    if not (user.is_authenticated and user.is_active):
        return pilots.filter(PUBLIC)
    if user.is_superuser:
        return pilots
    team = Q(pk__in=TeamMember.objects.filter(user=user).values("pilot_id"))
    judged = ~Q(status=Pilot.Status.DRAFT) & (
        Q(challenge__in=Challenge.objects.filter(appointments__evaluator=user).values("pk"))
        | (Q(challenge__in=user.curated_challenges.values("pk")) if user.is_official else Q(pk__in=[]))
    )
    return pilots.filter(PUBLIC | team | judged)


def pilot_list(*, user: User) -> QuerySet[Pilot]:
    """`pilots_visible_to` with what a list of pilots shows (KPIs, places taken), in fixed queries."""
    return (
        pilots_visible_to(user=user)
        .annotate(active_participant_count=_active_participants())
        .prefetch_related("kpis")
        .order_by("-created_at", "-pk")  # explicit: a model's ordering is dropped in GROUP BY queries
    )


def pilot_for_page(*, pk: int) -> Pilot:
    """One pilot with what its page shows, or Pilot.DoesNotExist. Visibility is the view's check."""
    return (
        Pilot.objects.select_related("challenge", "organization", "decided_by")
        .annotate(active_participant_count=_active_participants())
        .get(pk=pk)
    )


def pilot_team(*, pilot: Pilot) -> QuerySet[TeamMember]:
    return pilot.team_members.select_related("user")


def pilot_transitions(*, pilot: Pilot) -> QuerySet[Transition]:
    return pilot.transitions.select_related("actor")


def pilot_reviews(*, pilot: Pilot) -> QuerySet[Review]:
    """The reviews of a proposal with their scores, for its curators."""
    return (
        pilot.reviews.select_related("evaluator")
        .prefetch_related("scores__criterion")
        .order_by("conflict_of_interest", "declared_at", "pk")
    )


def challenge_public_pilots(*, challenge: Challenge) -> QuerySet[Pilot]:
    return challenge.pilots.filter(PUBLIC).select_related("organization").order_by("-decided_at", "-pk")


def public_pilots() -> QuerySet[Pilot]:
    return (
        Pilot.objects.filter(PUBLIC)
        .select_related("challenge", "organization")
        .order_by("-decided_at", "-pk")
    )


def user_proposals(*, user: User, challenge: Challenge | None = None) -> QuerySet[Pilot]:
    """The pilots and proposals whose team the user is on."""
    if not user.is_authenticated:
        return Pilot.objects.none()
    pilots = Pilot.objects.filter(team_members__user=user).select_related("challenge", "organization")
    if challenge is not None:
        pilots = pilots.filter(challenge=challenge)
    return pilots.order_by("-updated_at", "-pk")


def evaluator_queue(*, user: User, challenge: Challenge) -> QuerySet[Pilot]:
    """The proposals an evaluator of the challenge reviews, with where they are with each."""
    if not user.is_authenticated:
        return Pilot.objects.none()
    return (
        challenge.pilots.filter(status__in=(Pilot.Status.IN_REVIEW, Pilot.Status.SHORTLISTED))
        .exclude(team_members__user=user)
        .select_related("organization")
        .annotate(
            my_review_submitted=Count(
                "reviews", filter=Q(reviews__evaluator=user, reviews__submitted_at__isnull=False)
            ),
            my_conflict=Count(
                "reviews", filter=Q(reviews__evaluator=user, reviews__conflict_of_interest=True)
            ),
        )
        .order_by("title", "pk")
    )


def participation(*, user: User, pilot: Pilot) -> Participant | None:
    if not user.is_authenticated:
        return None
    return pilot.participants.filter(user=user, withdrawn_at__isnull=True).first()


# --- The curators' ranking --------------------------------------------------------------------


@dataclass
class CriterionAverage:
    criterion: Criterion
    average: float | None
    below_minimum: bool


@dataclass
class RankedProposal:
    pilot: Pilot
    score: float | None  # the mean over reviews of each review's weighted average, 0..5
    review_count: int  # submitted reviews without a conflict: those the score is made of
    conflict_count: int
    criteria: list[CriterionAverage] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return any(row.below_minimum for row in self.criteria)


def challenge_ranking(*, challenge: Challenge) -> list[RankedProposal]:
    """Submitted proposals of a challenge, best first, as the curators weigh them.

    For each review (submitted, no conflict of interest) its weighted average is
    sum(score × weight) / sum(weight) over the criteria it scored; a proposal's score is the mean of
    those over its reviews. Per criterion, the mean score over the same reviews, flagged when it
    falls below the criterion's minimum. Four queries, whatever the number of proposals.
    """
    pilots = challenge.pilots.exclude(status=Pilot.Status.DRAFT)
    ranking = _rank(challenge, pilots, Q(review__pilot__challenge=challenge))
    # Best first; proposals without reviews last, in title order (the query's order, kept by sort).
    ranking.sort(key=lambda row: (row.score is None, -(row.score or 0)))
    return ranking


def decision_summary(*, pilot: Pilot) -> RankedProposal:
    """The scores' summary a team sees with its decision: averages only, no names, no comments."""
    return _rank(pilot.challenge, Pilot.objects.filter(pk=pilot.pk), Q(review__pilot=pilot))[0]


def _rank(challenge: Challenge, pilots: QuerySet[Pilot], scores_of: Q) -> list[RankedProposal]:
    pilots = list(
        pilots.select_related("organization")
        .annotate(
            conflict_count=Count("reviews", filter=Q(reviews__conflict_of_interest=True), distinct=True)
        )
        .order_by("title", "pk")
    )
    criteria = list(challenge.criteria.all())
    counted = Score.objects.filter(
        scores_of, review__conflict_of_interest=False, review__submitted_at__isnull=False
    )
    per_review = (
        counted.values("review_id", "review__pilot_id")
        .annotate(
            weighted=Cast(Sum(F("score") * F("criterion__weight")), FloatField())
            / Cast(Sum("criterion__weight"), FloatField())
        )
        .order_by()
    )
    review_averages: dict[int, list[float]] = defaultdict(list)
    for row in per_review:
        review_averages[row["review__pilot_id"]].append(row["weighted"])
    per_criterion = {
        (row["review__pilot_id"], row["criterion_id"]): row["total"] / row["count"]
        for row in counted.values("review__pilot_id", "criterion_id")
        .annotate(total=Cast(Sum("score"), FloatField()), count=Count("pk"))
        .order_by()
    }
    ranking = []
    for pilot in pilots:
        averages = review_averages.get(pilot.pk, [])
        rows = []
        for criterion in criteria:
            average = per_criterion.get((pilot.pk, criterion.pk))
            below = average is not None and average < criterion.min_score
            rows.append(CriterionAverage(criterion=criterion, average=average, below_minimum=below))
        ranking.append(
            RankedProposal(
                pilot=pilot,
                score=sum(averages) / len(averages) if averages else None,
                review_count=len(averages),
                conflict_count=pilot.conflict_count,
                criteria=rows,
            )
        )
    return ranking


def challenge_transitions(*, challenge: Challenge) -> QuerySet[Transition]:
    """The history of the challenge's submitted proposals, newest first, for its curators."""
    return (
        Transition.objects.filter(pilot__challenge=challenge)
        .exclude(pilot__status=Pilot.Status.DRAFT)
        .select_related("pilot", "actor")
        .order_by("-at", "-pk")
    )


# What `/pilots/` can show: the public pilots at a stage, or those asking for something.
PUBLIC_STAGES = ("running", "completed", "testers", "sites")


def public_pilot_catalogue(
    *, goal: str = "", district: str = "", place: str = "", challenge: str = "", stage: str = ""
) -> QuerySet[Pilot]:
    """Public pilots for the `/pilots/` list and the API's filters, in fixed queries.

    Goals and district are the challenge's (a pilot serves its challenge's goals); the place is the
    pilot's test site. "testers" are pilots still taking participants (places left), "sites" accepted
    or running pilots that have not named a test site yet.
    """
    pilots = (
        Pilot.objects.filter(PUBLIC)
        .select_related("challenge", "challenge__district", "organization")
        .prefetch_related("challenge__goals")
        .annotate(active_participant_count=_active_participants())
    )
    pilots = filter_public_pilots(pilots, goal=goal, district=district, place=place, challenge=challenge)
    pilots = filter_public_stage(pilots, stage)
    return pilots.order_by(F("started_at").desc(nulls_last=True), "-decided_at", "-pk")


def filter_public_pilots(
    pilots: QuerySet[Pilot], *, goal: str = "", district: str = "", place: str = "", challenge: str = ""
) -> QuerySet[Pilot]:
    if goal:
        pilots = pilots.filter(challenge__goals__slug=goal)
    if district:
        pilots = pilots.filter(challenge__district__slug=district)
    if place:
        pilots = pilots.filter(test_site__iexact=place)
    if challenge:
        pilots = pilots.filter(challenge__slug=challenge)
    return pilots


def filter_public_stage(pilots: QuerySet[Pilot], stage: str) -> QuerySet[Pilot]:
    open_ = Q(status__in=(Pilot.Status.ACCEPTED, Pilot.Status.RUNNING))
    match stage:
        case "running":
            return pilots.filter(status=Pilot.Status.RUNNING)
        case "completed":
            return pilots.filter(status=Pilot.Status.COMPLETED)
        case "testers":
            places_taken = _active_participants()
            return pilots.alias(places_taken=places_taken).filter(open_, capacity__gt=F("places_taken"))
        case "sites":
            return pilots.filter(open_, test_site="")
    return pilots


def public_pilot_places() -> list[str]:
    """The test sites public pilots name, for the place filter (the places app may replace this)."""
    return list(
        Pilot.objects.filter(PUBLIC)
        .exclude(test_site="")
        .order_by("test_site")
        .values_list("test_site", flat=True)
        .distinct()
    )


def search_public_pilots(*, query: str, language: str, limit: int) -> list:
    """Public pilots matching `query`, for the site-wide search (`portal.searchable`)."""
    pilots = text_match(
        Pilot.objects.filter(PUBLIC).select_related("organization"),
        fields=["title", "summary", "test_site"],
        query=query,
        language=language,
    ).order_by("-rank", "-decided_at", "-pk")[:limit]
    return [
        SearchHit(
            title=pilot.title,
            url=pilot.get_absolute_url(),
            text=pilot.summary,
            meta=" · ".join(
                part
                for part in (str(pilot.get_status_display()), getattr(pilot.organization, "name", ""))
                if part
            ),
        )
        for pilot in pilots
    ]
