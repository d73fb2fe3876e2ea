"""Reads of challenges that pages, the home page and (later) the API share.

`challenge_list` mirrors the `challenges.view_challenge` rule in SQL: everyone sees published
challenges; an official also sees the drafts they curate, an administrator every draft.
"""

from django.apps import apps
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone

from accounts.models import User
from challenges.models import Challenge, EvaluatorAppointment
from portal.models import District, Goal
from portal.searchable import SearchHit, text_match

SORTS = ("newest", "deadline", "title")


def challenges_visible(*, user) -> QuerySet[Challenge]:
    """The challenges `user` may see: the `challenges.view_challenge` rule as a query."""
    challenges = Challenge.objects.all()
    if user.is_authenticated and user.is_active and user.is_superuser:
        return challenges
    visible = Q(published_at__isnull=False)
    if user.is_authenticated and user.is_active and user.is_official:
        curated = Challenge.curators.through.objects.filter(user_id=user.pk).values("challenge_id")
        visible |= Q(pk__in=curated)
    return challenges.filter(visible)


def challenge_list(
    *,
    user,
    goal: Goal | str | None = None,
    district: District | int | None = None,
    phase: str | None = None,
    open_now: bool = False,
    sort: str = "newest",
    now=None,
) -> QuerySet[Challenge]:
    """Challenges for a list page, with their goals and district, in a fixed number of queries.

    Each has `next_date` annotated (see `ChallengeQuerySet.with_next_date`). Sorts: "newest"
    (published first, drafts by creation), "deadline" (the soonest next date first, closed last),
    "title".
    """
    now = now or timezone.now()
    challenges = challenges_visible(user=user)
    if goal:
        challenges = challenges.filter(goals=goal)
    if district:
        challenges = challenges.filter(district=district)
    if phase:
        challenges = challenges.in_phase(phase, now)
    if open_now:
        challenges = challenges.open_now(now)
    challenges = challenges.with_next_date(now).select_related("district").prefetch_related("goals")
    match sort:
        case "deadline":
            return challenges.order_by(F("next_date").asc(nulls_last=True), "pk")
        case "title":
            return challenges.order_by(Lower("title"), "pk")
    return challenges.order_by(Coalesce("published_at", "created_at").desc(), "-pk")


def challenge_detail(*, slug: str | None = None, pk: int | None = None) -> Challenge:
    """One challenge, by its address (pages) or id (API), with what its page shows. Raises
    `Challenge.DoesNotExist`.

    Whether the person asking may see it is the view's question (`challenges.view_challenge`).
    """
    lookup = {"slug": slug} if slug is not None else {"pk": pk}
    return Challenge.objects.select_related("district").prefetch_related("goals", "criteria").get(**lookup)


def challenge_curators(*, challenge: Challenge) -> QuerySet[User]:
    return challenge.curators.order_by("name", "email")


def challenge_appointments(*, challenge: Challenge) -> QuerySet[EvaluatorAppointment]:
    return challenge.appointments.select_related("evaluator", "appointed_by").order_by(
        "evaluator__name", "evaluator__email"
    )


def challenge_has_reviews(*, challenge: Challenge) -> bool:
    """Whether any evaluator has reviewed a proposal to this challenge (its criteria are then fixed).

    Asked through the app registry: the pilots app builds on challenges, not the other way round,
    and until it defines `Review` there can be no reviews.
    """
    try:
        review = apps.get_model("pilots", "Review")
    except LookupError:
        return False
    return review.objects.filter(pilot__challenge=challenge).exists()


def search_challenges(*, query: str, language: str, limit: int) -> list:
    """Published challenges matching `query`, for the site-wide search (`portal.searchable`)."""
    challenges = text_match(
        Challenge.objects.published(),
        fields=["title", "summary", "description"],
        query=query,
        language=language,
    ).order_by("-rank", "-published_at", "-pk")[:limit]
    return [
        SearchHit(
            title=challenge.title,
            url=challenge.get_absolute_url(),
            text=challenge.summary,
            meta=str(challenge.get_phase_display()),
        )
        for challenge in challenges
    ]
