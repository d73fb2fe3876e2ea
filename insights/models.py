"""What the insights app keeps of its own: the daily engagement counts behind the open data."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyEngagement(models.Model):
    """Votes and comments on one item on one day (in the portal's time zone).

    Rebuilt from the votes and comments by `insights.services.daily_engagement_rebuild` (the beat
    task `insights.refresh`), so the open data can page through it like any table. Counts are of
    what stands at the rebuild: a withdrawn vote or a removed comment no longer counts.
    """

    item_type = models.CharField(_("item type"), max_length=40)
    item_id = models.PositiveBigIntegerField(_("item id"))
    day = models.DateField(_("day"))
    votes = models.PositiveIntegerField(_("votes"), default=0)
    comments = models.PositiveIntegerField(_("comments"), default=0)

    class Meta:
        ordering = ["day", "item_type", "item_id"]
        verbose_name = _("daily engagement")
        verbose_name_plural = _("daily engagement")
        constraints = [
            models.UniqueConstraint(fields=["item_type", "item_id", "day"], name="daily_engagement_unique"),
        ]
        indexes = [models.Index(fields=["item_type", "item_id"], name="daily_engagement_item")]

    def __str__(self) -> str:
        return f"{self.day} {self.item_type} {self.item_id}: {self.votes} votes, {self.comments} comments"
