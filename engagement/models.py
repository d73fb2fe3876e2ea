"""Votes, comments, follows, flags and moderation, for ideas, challenges and pilots alike.

Every row points at its item through a generic relation (content type + object id), so one set of
tables serves every kind of item. The database keeps the invariants: one vote, one follow and one
flag per person per item, one like per person per comment. An item opts in through the registry in
`engagement.registry`; its counters (`vote_count`, `comment_count`, `follower_count`) are kept
exact by `engagement.services`, in the same transaction as the row they count.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EngagementCounters(models.Model):
    """The counters an engageable item carries, kept exact by `engagement.services` (F() updates in
    the same transaction as the row they count), never edited by hand."""

    vote_count = models.PositiveIntegerField(_("votes"), default=0, editable=False)
    comment_count = models.PositiveIntegerField(_("comments"), default=0, editable=False)
    follower_count = models.PositiveIntegerField(_("followers"), default=0, editable=False)

    class Meta:
        abstract = True


class TargetedQuerySet(models.QuerySet):
    def for_target(self, target):
        return self.filter(
            content_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
            object_id=target.pk,
        )


class Vote(models.Model):
    """One person's support for an item. Withdrawing it deletes the row."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="votes")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(_("voted"), default=timezone.now)

    objects = TargetedQuerySet.as_manager()

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["user", "content_type", "object_id"], name="vote_one_per_person"),
        ]
        indexes = [
            # Counting an item's votes, and its votes of the last days for "trending".
            models.Index(fields=["content_type", "object_id", "created_at"], name="vote_target_time"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.content_type.model} {self.object_id}"


class Follow(models.Model):
    """A person follows an item to hear about it. Authors and commenters follow automatically."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(_("followed"), default=timezone.now)

    objects = TargetedQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="follow_one_per_person"
            ),
        ]
        # Serves both "followers of this item" and the fan-out walking them in user order.
        indexes = [models.Index(fields=["content_type", "object_id", "user"], name="follow_target_user")]

    def __str__(self) -> str:
        return f"{self.user} follows {self.content_type.model} {self.object_id}"


class Comment(models.Model):
    """A comment on an item, or a reply to another comment (threads go `COMMENT_MAX_DEPTH` deep).

    Deleting keeps the row as a placeholder so the replies keep their place in the thread.
    A moderator can hide a comment; its author still sees it, with the moderator's reason.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    depth = models.PositiveSmallIntegerField(default=0)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments")
    body = models.TextField(
        _("comment"),
        max_length=5000,
        validators=[MaxLengthValidator(5000)],
        help_text=_("Markdown is supported."),
    )
    body_html = models.TextField(editable=False, blank=True)
    like_count = models.PositiveIntegerField(_("likes"), default=0)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)

    objects = TargetedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["content_type", "object_id", "created_at"], name="comment_target_time")
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(like_count__gte=0), name="comment_likes_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:40]}"

    def get_absolute_url(self) -> str:
        return f"{self.target.get_absolute_url()}#comment-{self.pk}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_live(self) -> bool:
        return self.deleted_at is None and self.hidden_at is None

    @property
    def title(self) -> str:
        """How the moderation queue names a comment."""
        return self.body[:80]

    def is_author(self, user) -> bool:
        return bool(user.is_authenticated and user.pk == self.author_id)


class CommentLike(models.Model):
    """An up-vote on a comment."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="likes")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("comment like")
        verbose_name_plural = _("comment likes")
        constraints = [
            models.UniqueConstraint(fields=["user", "comment"], name="comment_like_one_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.user} likes comment {self.comment_id}"


class Flag(models.Model):
    """A person's report that an item or comment breaks the rules. A moderator resolves it."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        OFFENSIVE = "offensive", _("Offensive, hateful or harassing")
        PERSONAL_DATA = "personal_data", _("Reveals someone's personal data")
        OFF_TOPIC = "off_topic", _("Off topic")
        OTHER = "other", _("Something else")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    details = models.TextField(
        _("details"), max_length=1000, blank=True, validators=[MaxLengthValidator(1000)]
    )
    created_at = models.DateTimeField(_("flagged"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    objects = TargetedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [
            models.UniqueConstraint(fields=["user", "content_type", "object_id"], name="flag_one_per_person"),
        ]
        indexes = [models.Index(fields=["resolved_at", "content_type", "object_id"], name="flag_open")]

    def __str__(self) -> str:
        return f"{self.user} flagged {self.content_type.model} {self.object_id}: {self.reason}"


class ModerationAction(models.Model):
    """The log of every moderation decision: who hid or restored what, when and why."""

    class Action(models.TextChoices):
        AUTO_HIDE = "auto_hide", _("Hidden automatically after flags")
        HIDE = "hide", _("Hidden")
        RESTORE = "restore", _("Restored")

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    objects = TargetedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation actions")
        indexes = [models.Index(fields=["content_type", "object_id"], name="moderation_target")]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.content_type.model} {self.object_id}"
