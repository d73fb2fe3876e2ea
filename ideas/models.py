"""Ideas: residents' proposals, free-standing or in a challenge, with the city's official answers."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from engagement.models import EngagementCounters
from portal.uploads import UploadField

# PostgreSQL text-search configuration for each language an idea can be written in.
SEARCH_CONFIGS = {"fi": "finnish", "sv": "swedish", "en": "english"}


class IdeaQuerySet(models.QuerySet):
    def visible(self):
        """What everybody sees in lists and search: not hidden by moderation."""
        return self.filter(hidden_at__isnull=True)


class Idea(EngagementCounters):
    """A proposal by a resident (with co-authors), answered by the city with an official status.

    The text can be edited by its authors until the first vote or comment (`engaged_at`); after
    that it stays as people voted on it and the authors add dated `IdeaUpdate`s instead.
    """

    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        UNDER_CONSIDERATION = "under_consideration", _("Under consideration")
        ACCEPTED = "accepted", _("Accepted")
        IMPLEMENTED = "implemented", _("Implemented")
        NOT_PURSUED = "not_pursued", _("Not pursued")
        MERGED = "merged", _("Merged into another idea")

    title = models.CharField(_("title"), max_length=150)
    body = models.TextField(
        _("description"),
        max_length=10000,
        validators=[MaxLengthValidator(10000)],
        help_text=_("What should change, for whom, and why? Markdown is supported."),
    )
    body_html = models.TextField(editable=False, blank=True)
    language = models.CharField(
        _("written in"),
        max_length=8,
        choices=settings.LANGUAGES,
        help_text=_("The language you write the idea in."),
    )
    goals = models.ManyToManyField(
        "portal.Goal", verbose_name=_("Espoo Story goals"), related_name="ideas", blank=True
    )
    district = models.ForeignKey(
        "portal.District",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ideas",
        help_text=_("Leave empty if the idea concerns the whole city."),
    )
    challenge = models.ForeignKey(
        "challenges.Challenge",
        verbose_name=_("challenge"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ideas",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="ideas"
    )
    coauthors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="IdeaCoauthor",
        through_fields=("idea", "user"),
        related_name="coauthored_ideas",
    )

    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.PUBLISHED)
    official_answer = models.TextField(
        _("official answer"), blank=True, max_length=5000, validators=[MaxLengthValidator(5000)]
    )
    official_answer_html = models.TextField(editable=False, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_ideas"
    )
    promoted_challenge = models.ForeignKey(
        "challenges.Challenge",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="promoted_from_ideas",
    )

    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)

    # One optional picture, re-encoded without metadata by portal.uploads; public like the idea.
    # Database defaults too, so rows written by raw SQL (the benchmark's seeding) get them.
    image = UploadField(_("image"), upload_to="ideas/", default="", db_default="")
    image_alt = models.CharField(
        _("image description"),
        max_length=250,
        blank=True,
        default="",
        db_default="",
        help_text=_("What the image shows, for people who cannot see it."),
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)

    engaged_at = models.DateTimeField(_("first vote or comment"), null=True, blank=True, editable=False)

    # Kept up to date by ideas.services (PostgreSQL only; empty on SQLite).
    search_vector = SearchVectorField(null=True, editable=False)

    created_at = models.DateTimeField(_("proposed"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = IdeaQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        indexes = [
            models.Index(fields=["status", "-created_at"], name="idea_status_created"),
            models.Index(fields=["-vote_count", "-created_at"], name="idea_votes"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(vote_count__gte=0)
                & models.Q(comment_count__gte=0)
                & models.Q(follower_count__gte=0),
                name="idea_counters_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(image="") | ~models.Q(image_alt=""), name="idea_image_has_description"
            ),
            models.CheckConstraint(
                condition=models.Q(status="merged", merged_into__isnull=False)
                | (~models.Q(status="merged") & models.Q(merged_into__isnull=True)),
                name="idea_merged_has_original",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return reverse("idea_detail", kwargs={"pk": self.pk})

    @property
    def is_removed(self) -> bool:
        """Withdrawn by its author on deleting their account: hidden, title and text erased (see
        `ideas.services.idea_remove_for_author`). Nothing else leaves an idea without a text."""
        return self.hidden_at is not None and not self.body

    @property
    def display_title(self) -> str:
        return self.title or gettext("Removed idea")

    @property
    def is_locked(self) -> bool:
        """True once someone has voted or commented: the text then stays as it was."""
        return self.engaged_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_merged(self) -> bool:
        return self.status == self.Status.MERGED

    def is_author(self, user) -> bool:
        """The author or an accepted co-author."""
        if not (user.is_authenticated and self.pk):
            return False
        if user.pk == self.author_id:
            return True
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("coauthorships")
        if prefetched is not None:  # the idea's page loaded them already
            return any(c.user_id == user.pk and c.accepted_at for c in prefetched)
        cache = user.__dict__.setdefault("_coauthor_cache", {})
        if self.pk not in cache:
            cache[self.pk] = self.coauthorships.filter(user=user, accepted_at__isnull=False).exists()
        return cache[self.pk]

    def get_language_display_local(self) -> str:
        return dict(settings.LANGUAGES).get(self.language, self.language)


class IdeaCoauthor(models.Model):
    """A co-author invited by the idea's author. Only an accepted co-author can edit."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="coauthorships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coauthorships")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("co-author")
        verbose_name_plural = _("co-authors")
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="idea_coauthor_unique")]

    def __str__(self) -> str:
        return f"{self.user} on {self.idea}"

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None


class IdeaStatusChange(models.Model):
    """One step of an idea's official history, shown on its page."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("status"), max_length=24, choices=Idea.Status.choices)
    answer = models.TextField(_("answer"), blank=True)
    answer_html = models.TextField(editable=False, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.idea}: {self.status}"


class IdeaUpdate(models.Model):
    """A dated note by the authors once the idea's text is locked."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(
        _("update"),
        max_length=5000,
        validators=[MaxLengthValidator(5000)],
        help_text=_("Markdown is supported."),
    )
    body_html = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("update")
        verbose_name_plural = _("updates")

    def __str__(self) -> str:
        return f"{self.idea}: {self.created_at:%Y-%m-%d}"


# --- The city's answer promise -------------------------------------------------------------------


class Department(models.Model):
    """A city department that answers ideas; its officials see the department's queue."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("officials"), related_name="answer_departments", blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name


class AnswerRule(models.Model):
    """The city's promise, set by an administrator: which ideas get an official answer, within how
    many days, from which department.

    - `votes`: any idea that reaches `vote_threshold` votes (in `challenge`, or anywhere when empty);
    - `ideas_closed`: every idea in `challenge` once the challenge's ideas phase has closed.
    """

    class Trigger(models.TextChoices):
        VOTES = "votes", _("An idea reaches a number of votes")
        IDEAS_CLOSED = "ideas_closed", _("The ideas phase of a challenge closes")

    trigger = models.CharField(_("when"), max_length=16, choices=Trigger.choices)
    vote_threshold = models.PositiveIntegerField(_("votes needed"), null=True, blank=True)
    challenge = models.ForeignKey(
        "challenges.Challenge",
        verbose_name=_("challenge"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="answer_rules",
    )
    days = models.PositiveSmallIntegerField(_("days to answer"))
    department = models.ForeignKey(
        Department, verbose_name=_("department responsible"), on_delete=models.PROTECT, related_name="rules"
    )
    active = models.BooleanField(_("in force"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("answer rule")
        verbose_name_plural = _("answer rules")
        constraints = [
            models.CheckConstraint(condition=models.Q(days__gte=1), name="answer_rule_days_positive"),
            models.CheckConstraint(
                condition=models.Q(trigger="votes", vote_threshold__gte=1)
                | models.Q(trigger="ideas_closed", challenge__isnull=False),
                name="answer_rule_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_trigger_display()}: {self.days} · {self.department}"

    def clean(self):
        errors = {}
        if self.days is not None and self.days < 1:
            errors["days"] = gettext("The city needs at least one day to answer; give 1 or more days.")
        if self.trigger == self.Trigger.VOTES and not self.vote_threshold:
            errors["vote_threshold"] = gettext("Say how many votes an idea needs, 1 or more.")
        if self.trigger == self.Trigger.IDEAS_CLOSED and self.challenge_id is None:
            errors["challenge"] = gettext("Choose the challenge whose ideas are answered.")
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        # clean() says the same in words; the constraints are the database's backstop.
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                return
            kept = {f: [e for e in errs if e.code != "constraint"] for f, errs in error.error_dict.items()}
            kept = {f: errs for f, errs in kept.items() if errs and f != NON_FIELD_ERRORS}
            if kept:
                raise ValidationError(kept) from error


class AnswerPromise(models.Model):
    """One idea's promised answer: the department responsible and the date it answers by.

    `due_on` is a date in Helsinki: the day the promise was made (Helsinki time) plus the rule's
    days; an answer given any time on or before that day, Helsinki time, is on time.
    """

    idea = models.OneToOneField(Idea, on_delete=models.CASCADE, related_name="answer_promise")
    rule = models.ForeignKey(AnswerRule, on_delete=models.SET_NULL, null=True, related_name="promises")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="promises")
    promised_at = models.DateTimeField(_("promised"))
    due_on = models.DateField(_("answer by"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # When the department was reminded before and after the date (once each).
    reminded_before_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_after_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("answer promise")
        verbose_name_plural = _("answer promises")
        indexes = [models.Index(fields=["department", "answered_at", "due_on"], name="promise_queue")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answered_at__isnull=True)
                | models.Q(answered_at__gte=models.F("promised_at")),
                name="promise_answered_after_promised",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.idea_id} by {self.due_on}"

    @property
    def answered_on(self):
        return timezone.localdate(self.answered_at) if self.answered_at else None

    @property
    def on_time(self) -> bool | None:
        """True or False once answered; None while waiting."""
        return None if self.answered_at is None else self.answered_on <= self.due_on

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.answered_at is None and today > self.due_on
