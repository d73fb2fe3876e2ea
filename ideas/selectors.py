"""Reads of ideas that pages and the API share: the list with search, filters and sorting, the
similar-ideas hint, an idea with everything its page shows, and a person's own ideas."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from challenges.models import Challenge
from engagement.models import Vote
from ideas.models import SEARCH_CONFIGS, Idea, IdeaCoauthor
from portal.searchable import SearchHit

TRENDING_DAYS = 7

SORTS = {
    "votes": _("Most votes"),
    "newest": _("Newest"),
    "discussed": _("Most discussed"),
    "trending": _("Trending this week"),
}

# How alike a typed title and an existing title must be (PostgreSQL word similarity, 0–1).
SIMILAR_TITLE_THRESHOLD = 0.4
SIMILAR_LIMIT = 5


def _full_text(ideas: QuerySet[Idea], query: str) -> QuerySet[Idea]:
    """Ideas matching `query`, each searched in the language it is written in, with a `rank`."""
    if connection.vendor != "postgresql":
        return ideas.filter(Q(title__icontains=query) | Q(body__icontains=query)).annotate(
            rank=Value(0.0, output_field=FloatField())
        )
    match = Q(title__icontains=query)
    ranks = []
    for language, config in SEARCH_CONFIGS.items():
        search = SearchQuery(query, config=config, search_type="websearch")
        match |= Q(language=language, search_vector=search)
        ranks.append(When(language=language, then=SearchRank(F("search_vector"), search)))
    return ideas.filter(match).annotate(rank=Case(*ranks, default=Value(0.0), output_field=FloatField()))


def challenges_taking_ideas() -> QuerySet[Challenge]:
    """Published challenges whose ideas window is open now (mirrors `Challenge.accepts_ideas`)."""
    now = timezone.now()
    return (
        Challenge.objects.published()
        .filter(closed_early_at__isnull=True, ideas_open__lte=now, ideas_close__gt=now)
        .order_by("title")
    )


def idea_list(
    *,
    query: str = "",
    goal: str = "",
    district: str = "",
    challenge: str = "",
    status: str = "",
    sort: str = "",
) -> QuerySet[Idea]:
    """Visible ideas for a list page. Costs the same few queries whatever the page length.

    Merged ideas show only when asked for by status. Without a sort, a search orders by
    relevance and the plain list by newest.
    """
    ideas = Idea.objects.visible().select_related("author", "district", "challenge").prefetch_related("goals")
    ideas = ideas.filter(status=status) if status else ideas.exclude(status=Idea.Status.MERGED)
    if goal:
        ideas = ideas.filter(goals__slug=goal)
    if district:
        ideas = ideas.filter(district__slug=district)
    if challenge:
        ideas = ideas.filter(challenge__slug=challenge)
    query = " ".join(query.split())
    if query:
        ideas = _full_text(ideas, query)
    match sort:
        case "votes":
            return ideas.order_by("-vote_count", "-created_at", "-pk")
        case "discussed":
            return ideas.order_by("-comment_count", "-created_at", "-pk")
        case "trending":
            return _with_recent_votes(ideas).order_by("-recent_votes", "-vote_count", "-created_at", "-pk")
        case "newest":
            return ideas.order_by("-created_at", "-pk")
    if query:
        return ideas.order_by("-rank", "-vote_count", "-pk")
    return ideas.order_by("-created_at", "-pk")


def _with_recent_votes(ideas: QuerySet[Idea]) -> QuerySet[Idea]:
    """Annotate each idea with its votes of the last `TRENDING_DAYS` days (a subquery count)."""
    since = timezone.now() - timedelta(days=TRENDING_DAYS)
    recent = (
        Vote.objects.filter(
            content_type=ContentType.objects.get_for_model(Idea),
            object_id=OuterRef("pk"),
            created_at__gte=since,
        )
        .order_by()
        .values("object_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return ideas.annotate(recent_votes=Coalesce(Subquery(recent, output_field=IntegerField()), 0))


def similar_ideas(*, title: str, exclude_pk: int | None = None, limit: int = SIMILAR_LIMIT) -> list[Idea]:
    """Up to `limit` visible ideas that look like the title someone is typing.

    PostgreSQL: trigram word similarity of the titles, or a full-text match of any of the typed
    words in the idea's language. SQLite: a substring match of the longer typed words.
    """
    title = " ".join((title or "").split())[:150]
    if len(title) < 3:
        return []
    ideas = Idea.objects.visible().exclude(status=Idea.Status.MERGED).select_related("challenge")
    if exclude_pk:
        ideas = ideas.exclude(pk=exclude_pk)
    words = [word for word in title.split() if len(word) >= 3]
    if connection.vendor == "postgresql":
        any_word = " or ".join(word.replace('"', "") for word in words) or title
        match = Q(similarity__gte=SIMILAR_TITLE_THRESHOLD)
        for language, config in SEARCH_CONFIGS.items():
            match |= Q(
                language=language, search_vector=SearchQuery(any_word, config=config, search_type="websearch")
            )
        ideas = (
            ideas.annotate(similarity=TrigramWordSimilarity(title, "title"))
            .filter(match)
            .order_by("-similarity", "-vote_count", "-pk")
        )
    else:
        match = Q(title__icontains=title)
        for word in words:
            if len(word) >= 4:
                match |= Q(title__icontains=word)
        ideas = ideas.filter(match).order_by("-vote_count", "-pk")
    return list(ideas[:limit])


def idea_for_page(*, pk: int) -> Idea:
    """One idea with what its page shows; raises Idea.DoesNotExist."""
    return ideas_for_page().get(pk=pk)


def ideas_for_page() -> QuerySet[Idea]:
    """Ideas with what an idea's page shows, hidden ones included: check `ideas.view_idea`."""
    return Idea.objects.select_related(
        "author", "district", "challenge", "merged_into", "promoted_challenge"
    ).prefetch_related(
        "goals",
        Prefetch(
            "coauthorships",
            queryset=IdeaCoauthor.objects.select_related("user").order_by("invited_at", "pk"),
        ),
        "status_changes__actor",
        "updates__author",
    )


def ideas_of(*, user) -> QuerySet[Idea]:
    """Ideas a person wrote or co-authors, hidden ones included (they see why)."""
    return (
        Idea.objects.filter(
            Q(author=user) | Q(coauthorships__user=user, coauthorships__accepted_at__isnull=False)
        )
        .distinct()
        .select_related("challenge", "district")
        .order_by("-created_at", "-pk")
    )


def coauthor_invitations(*, user) -> QuerySet[IdeaCoauthor]:
    return (
        IdeaCoauthor.objects.filter(user=user, accepted_at__isnull=True)
        .select_related("idea", "invited_by")
        .order_by("-invited_at")
    )


def search_ideas(*, query: str, language: str, limit: int) -> list:
    """Visible ideas matching `query`, each in its own language, for the site-wide search."""
    ideas = _full_text(Idea.objects.visible().exclude(status=Idea.Status.MERGED), query)
    ideas = ideas.order_by("-rank", "-vote_count", "-pk")[:limit]
    return [
        SearchHit(
            title=idea.title,
            url=idea.get_absolute_url(),
            text=idea.body,
            language=idea.language,
            meta=str(idea.get_status_display()),
        )
        for idea in ideas
    ]
