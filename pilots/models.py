"""Pilots: a proposal to a challenge and, once accepted, a public pilot with updates and results.

A pilot's life (`Pilot.Status`):

    draft → submitted → in review → shortlisted → accepted | declined
                                 ↘ accepted | declined
    accepted → running → completed | discontinued      (accepted → discontinued too)

Only `pilots.services` moves a pilot along, and each move is recorded as a `Transition`. Until it
is accepted a proposal is confidential: its team, the challenge's curators and evaluators (once it
is submitted) and administrators see it; to everybody else it does not exist.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from challenges.models import SCORE_MAX
from engagement.models import EngagementCounters
from portal.uploads import UploadField, private_storage

# The statuses as plain values, for the database constraint (a test keeps them equal to Pilot.Status).
STATUS_VALUES = [
    "draft", "submitted", "in_review", "shortlisted", "accepted", "declined", "running", "completed",
    "discontinued",
]  # fmt: skip


class Pilot(EngagementCounters):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("In review")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")
        DISCONTINUED = "discontinued", _("Discontinued")

    # Public from acceptance on; everything before (and a declined proposal) stays confidential.
    PUBLIC_STATUSES = (Status.ACCEPTED, Status.RUNNING, Status.COMPLETED, Status.DISCONTINUED)
    # Statuses that carry a curator's decision.
    DECIDED_STATUSES = (*PUBLIC_STATUSES, Status.DECLINED)

    class LegalBasis(models.TextChoices):
        CONSENT = "consent", _("Consent of the person")
        CONTRACT = "contract", _("Contract")
        LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation")
        PUBLIC_TASK = "public_task", _("Public task")
        LEGITIMATE_INTERESTS = "legitimate_interests", _("Legitimate interests")

    class NextStep(models.TextChoices):
        SCALE_UP = "scale_up", _("Scale up")
        PROCURE = "procure", _("Procure")
        CONTINUE = "continue", _("Continue piloting")
        STOP = "stop", _("Stop")

    challenge = models.ForeignKey(
        "challenges.Challenge", verbose_name=_("challenge"), on_delete=models.PROTECT, related_name="pilots"
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pilots",
        help_text=_("Empty when a group of residents proposes the pilot."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="TeamMember", related_name="pilot_teams", verbose_name=_("team")
    )
    partners = models.TextField(
        _("partners"), blank=True, help_text=_("Other organizations or people the team works with.")
    )

    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(
        _("public summary"),
        max_length=1000,
        blank=True,
        help_text=_("At most 1,000 characters. Shown to everybody once the pilot is accepted."),
    )
    problem = models.TextField(
        _("problem"),
        blank=True,
        help_text=_("What problem of the challenge it solves. Markdown is supported."),
    )
    problem_html = models.TextField(editable=False, blank=True)
    solution = models.TextField(
        _("solution"), blank=True, help_text=_("What you will try out, and how. Markdown is supported.")
    )
    solution_html = models.TextField(editable=False, blank=True)
    test_site = models.CharField(
        _("test site"), max_length=200, blank=True, help_text=_("Where the pilot runs, e.g. Iso Omena.")
    )
    schedule = models.TextField(_("schedule"), blank=True)
    budget_requested = models.DecimalField(
        _("budget asked (€)"), max_digits=12, decimal_places=2, default=0,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    city_needs = models.TextField(
        _("what the pilot needs from the city"),
        blank=True,
        help_text=_("Data sets, test sites, staff time, permits…"),
    )
    resident_involvement = models.TextField(_("how residents are involved"), blank=True)
    capacity = models.PositiveIntegerField(
        _("participants wanted"),
        default=0,
        help_text=_("How many residents can sign up as participants; 0 if the pilot takes none."),
    )

    # The data statement: what personal data the pilot handles, and on what terms.
    collects_personal_data = models.BooleanField(_("the pilot collects personal data"), default=True)
    personal_data = models.TextField(_("personal data collected"), blank=True)
    data_subjects = models.TextField(_("whose data"), blank=True)
    data_purpose = models.TextField(_("why the data is collected"), blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=24, blank=True, choices=LegalBasis.choices)
    data_retention = models.CharField(_("how long the data is kept"), max_length=300, blank=True)
    data_contact = models.CharField(
        _("data contact"), max_length=300, blank=True, help_text=_("Who answers questions about the data.")
    )
    # Raised whenever the statement changes after acceptance, so consents can name the version.
    data_statement_version = models.PositiveIntegerField(_("data statement version"), default=1)

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # Optimistic locking: each save through the services raises it; a stale save is refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    discontinued_reason = models.TextField(_("why the pilot was discontinued"), blank=True)

    learnings = models.TextField(_("learnings"), blank=True)
    learnings_html = models.TextField(editable=False, blank=True)
    next_step = models.CharField(_("next step"), max_length=16, blank=True, choices=NextStep.choices)
    results_published_at = models.DateTimeField(_("results published"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("pilot")
        verbose_name_plural = _("pilots")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=STATUS_VALUES), name="pilot_status_valid"),
            models.CheckConstraint(condition=Q(budget_requested__gte=0), name="pilot_budget_not_negative"),
            models.CheckConstraint(condition=Q(version__gte=1), name="pilot_version_positive"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False), name="pilot_submitted_has_date"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["accepted", "declined", "running", "completed", "discontinued"])
                | Q(decided_at__isnull=False),
                name="pilot_decision_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decision_reason=""), name="pilot_decline_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | (Q(results_published_at__isnull=False) & ~Q(next_step="")),
                name="pilot_completed_has_results",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("pilot_detail", kwargs={"pk": self.pk})

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC_STATUSES

    @property
    def is_decided(self) -> bool:
        return self.status in self.DECIDED_STATUSES


class TeamMember(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        MEMBER = "member", _("Member")

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="team_members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pilot_memberships"
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = ["role", "added_at", "pk"]  # "lead" sorts before "member"
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(fields=["pilot", "user"], name="pilot_team_member_unique"),
            models.UniqueConstraint(fields=["pilot"], condition=Q(role="lead"), name="pilot_one_lead"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class KPI(models.Model):
    """A key performance indicator: what the pilot aims at, and at the end what it reached."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="kpis")
    name = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=50, blank=True, help_text=_("e.g. %, trips, residents"))
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    outcome = models.DecimalField(_("outcome"), max_digits=14, decimal_places=2, null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")

    def __str__(self) -> str:
        return self.name

    @property
    def target_met(self) -> bool | None:
        """Whether the outcome reached the target (None until there is an outcome)."""
        return None if self.outcome is None else self.outcome >= self.target


class Transition(models.Model):
    """One step of a pilot's life: who moved it from which status to which, when, and why."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("from"), max_length=16, choices=Pilot.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=Pilot.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        indexes = [models.Index(fields=["pilot", "at"], name="pilot_transition_at")]

    def __str__(self) -> str:
        return f"{self.pilot}: {self.from_status or '∅'} → {self.to_status}"


class Review(models.Model):
    """One evaluator's review of one proposal: the conflict declaration first, then the scores."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="reviews")
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews")
    conflict_of_interest = models.BooleanField(_("conflict of interest"), default=False)
    conflict_note = models.TextField(_("about the conflict"), blank=True)
    declared_at = models.DateTimeField(_("declared"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        ordering = ["declared_at", "pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["pilot", "evaluator"], name="pilot_review_one_per_evaluator"),
            models.CheckConstraint(
                condition=Q(conflict_of_interest=False) | Q(submitted_at__isnull=True),
                name="pilot_review_conflicted_not_scored",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evaluator} → {self.pilot}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey("challenges.Criterion", on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(0), MaxValueValidator(SCORE_MAX)]
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["criterion__position", "criterion__pk"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="pilot_score_one_per_criterion"),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=SCORE_MAX), name="pilot_score_in_scale"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class ProgressUpdate(models.Model):
    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Markdown is supported."))
    body_html = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("posted"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self) -> str:
        return self.title


class Participant(models.Model):
    """A resident taking part in a pilot, with the version of the data statement they consented to."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pilot_participations"
    )
    consented_at = models.DateTimeField(_("consented"), default=timezone.now)
    data_statement_version = models.PositiveIntegerField(_("data statement version consented to"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["consented_at", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["pilot", "user"],
                condition=Q(withdrawn_at__isnull=True),
                name="pilot_participant_active_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.pilot}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class Attachment(models.Model):
    """A file attached to a proposal (a PDF or an image), as confidential as the proposal: kept in
    the private storage and handed out only by a view that checks `pilots.view_attachments`."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="attachments")
    file = UploadField(upload_to="pilots/", storage=private_storage)
    # The name the file was uploaded with, cleaned by portal.uploads.display_name; display text only.
    name = models.CharField(_("name"), max_length=100)
    content_type = models.CharField(max_length=50, editable=False)
    size = models.PositiveIntegerField(_("size"), editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("pilot_attachment", kwargs={"pk": self.pilot_id, "attachment_pk": self.pk})
