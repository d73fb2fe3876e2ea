"""The insights app's writes: rebuilding the daily engagement counts and the cached figures."""

import logging
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.db.models.functions import TruncDate

from ideas.models import Idea
from insights.figures import (
    cached_figures,
    figures_refresh,
    idea_content_type,
    visible_comments,
    visible_votes,
)
from insights.models import DailyEngagement

logger = logging.getLogger(__name__)
BATCH = 2000


def _per_item_day(queryset):
    """(item type, item id, day, count) rows of ideas' votes or comments, in that order."""
    return (
        queryset.filter(content_type=idea_content_type())
        .annotate(day=TruncDate("created_at"))
        .values_list("object_id", "day")
        .annotate(count=Count("pk"))
        .order_by("object_id", "day")
        .iterator(chunk_size=BATCH)
    )


def _merged(votes, comments):
    """Merge the two ordered streams into (item id, day, votes, comments) rows."""
    vote = next(votes, None)
    comment = next(comments, None)
    while vote is not None or comment is not None:
        if comment is None or (vote is not None and vote[:2] < comment[:2]):
            yield vote[0], vote[1], vote[2], 0
            vote = next(votes, None)
        elif vote is None or comment[:2] < vote[:2]:
            yield comment[0], comment[1], 0, comment[2]
            comment = next(comments, None)
        else:
            yield vote[0], vote[1], vote[2], comment[2]
            vote, comment = next(votes, None), next(comments, None)


def daily_engagement_rebuild() -> int:
    """Recount the votes and comments per idea per day; returns the number of rows.

    Only ideas take votes and comments today; when challenges or pilots do, count them here too
    (only while they are public). Votes on hidden ideas and hidden or deleted comments are left
    out; an idea hidden after the rebuild is filtered out where the rows are read, too.
    """
    item_type = Idea._meta.model_name
    try:
        with transaction.atomic():
            DailyEngagement.objects.all().delete()
            batch, total = [], 0
            for item_id, day, votes, comments in _merged(
                _per_item_day(visible_votes()), _per_item_day(visible_comments())
            ):
                batch.append(
                    DailyEngagement(
                        item_type=item_type, item_id=item_id, day=day, votes=votes, comments=comments
                    )
                )
                if len(batch) >= BATCH:
                    DailyEngagement.objects.bulk_create(batch)
                    total += len(batch)
                    batch = []
            DailyEngagement.objects.bulk_create(batch)
            return total + len(batch)
    except IntegrityError:
        # Another rebuild ran at the same moment and wrote the same rows; its result stands.
        logger.info("Daily engagement rebuilt by a concurrent run; skipped.")
        return DailyEngagement.objects.count()


def insights_refresh(*, now: datetime | None = None) -> dict:
    """Everything the beat task refreshes: the daily counts, then the dashboard's cached figures."""
    daily_engagement_rebuild()
    return figures_refresh(now=now)


def insights_current() -> dict:
    """The dashboard's figures from the cache; when there are none, refresh everything first.

    With a beat (production) the cache is always warm. Without one (the embedded default) the
    figures expire after `INSIGHTS_CACHE_SECONDS` and the next reader recounts them.
    """
    figures = cached_figures()
    if figures is None:
        figures = insights_refresh()
    return figures
