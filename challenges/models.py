"""Challenges: a city need, curated by officials, with criteria and a timeline of phases."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from engagement.models import EngagementCounters
from portal.formats import format_euros, format_moment


class Phase(models.TextChoices):
    """Where a challenge is in its life. Derived from its dates; see `Challenge.phase`."""

    DRAFT = "draft", _("Draft")
    UPCOMING = "upcoming", _("Starting soon")
    IDEAS = "ideas", _("Ideas open")
    PROPOSALS = "proposals", _("Proposals open")
    EVALUATION = "evaluation", _("Evaluation")
    PILOTING = "piloting", _("Piloting")
    CLOSED = "closed", _("Closed")


# The most a criterion can score; every criterion is scored on 0..SCORE_MAX.
SCORE_MAX = 5


@dataclass(frozen=True)
class Milestone:
    """The next date that matters on a challenge's timeline, e.g. "Proposals close" on 12 March."""

    label: str
    at: datetime


@dataclass(frozen=True)
class TimelineStep:
    """One phase on a challenge's timeline, for the ordered list on its page."""

    phase: str
    label: str
    start: datetime
    end: datetime
    current: bool
    done: bool


# (later field, earlier field, message) — each date must not come before the one it follows.
TIMELINE_RULES = [
    ("ideas_close", "ideas_open", _("Ideas cannot close before they open (%(date)s).")),
    ("proposals_open", "ideas_open", _("Proposals cannot open before ideas open (%(date)s).")),
    ("proposals_close", "proposals_open", _("Proposals cannot close before they open (%(date)s).")),
    ("proposals_close", "ideas_close", _("Proposals cannot close before ideas close (%(date)s).")),
    ("evaluation_end", "proposals_close", _("Evaluation cannot end before proposals close (%(date)s).")),
    ("piloting_end", "evaluation_end", _("Piloting cannot end before evaluation ends (%(date)s).")),
]


class ChallengeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def in_phase(self, phase: str, now=None):
        """Filter by derived phase in the database, mirroring `Challenge.phase`."""
        now = now or timezone.now()
        live = self.filter(published_at__isnull=False, closed_early_at__isnull=True)
        match phase:
            case Phase.DRAFT:
                return self.filter(published_at__isnull=True)
            case Phase.UPCOMING:
                return live.filter(
                    models.Q(ideas_open__gt=now) | models.Q(ideas_close__lte=now, proposals_open__gt=now)
                )
            case Phase.IDEAS:
                return live.filter(ideas_open__lte=now, ideas_close__gt=now).exclude(proposals_open__lte=now)
            case Phase.PROPOSALS:
                return live.filter(proposals_open__lte=now, proposals_close__gt=now)
            case Phase.EVALUATION:
                return live.filter(proposals_close__lte=now, evaluation_end__gt=now)
            case Phase.PILOTING:
                return live.filter(evaluation_end__lte=now, piloting_end__gt=now)
            case Phase.CLOSED:
                return self.filter(published_at__isnull=False).filter(
                    models.Q(closed_early_at__isnull=False) | models.Q(piloting_end__lte=now)
                )
        return self.none()

    def open_now(self, now=None):
        """Challenges taking ideas or proposals right now."""
        return self.in_phase(Phase.IDEAS, now) | self.in_phase(Phase.PROPOSALS, now)

    def with_next_date(self, now=None):
        """Annotate `next_date`, the date of `Challenge.next_milestone` (null for drafts and closed)."""
        now = now or timezone.now()
        return self.annotate(
            next_date=models.Case(
                models.When(published_at__isnull=True, then=None),
                models.When(closed_early_at__isnull=False, then=None),
                models.When(piloting_end__lte=now, then=None),
                models.When(
                    proposals_open__lte=now, proposals_close__gt=now, then=models.F("proposals_close")
                ),
                models.When(ideas_open__lte=now, ideas_close__gt=now, then=models.F("ideas_close")),
                models.When(
                    ideas_open__gt=now, ideas_close__gt=models.F("ideas_open"), then=models.F("ideas_open")
                ),
                models.When(proposals_open__gt=now, then=models.F("proposals_open")),
                models.When(evaluation_end__gt=now, then=models.F("evaluation_end")),
                default=models.F("piloting_end"),
                output_field=models.DateTimeField(),
            )
        )


class Challenge(EngagementCounters):
    """A need the city wants solved, open first for ideas, then for pilot proposals.

    Timeline (a database constraint): ideas_open ≤ ideas_close ≤ proposals_close, and
    ideas_open ≤ proposals_open ≤ proposals_close ≤ evaluation_end ≤ piloting_end. The ideas and
    proposal windows may overlap; while proposals are open the challenge is in the proposals phase.
    The most per pilot is within the total budget (also a constraint). `clean()` says both in words.
    """

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    summary = models.CharField(_("summary"), max_length=500)
    description = models.TextField(_("description"), help_text=_("Markdown is supported."))
    description_html = models.TextField(editable=False, blank=True)
    goals = models.ManyToManyField(
        "portal.Goal", verbose_name=_("Espoo Story goals"), related_name="challenges"
    )
    district = models.ForeignKey(
        "portal.District",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="challenges",
        help_text=_("Leave empty for the whole city."),
    )
    site = models.CharField(
        _("test site"),
        max_length=200,
        blank=True,
        help_text=_("For example the Iso Omena service centre."),
    )
    department = models.CharField(_("owning department"), max_length=200)
    budget_total = models.DecimalField(
        _("total budget (€)"), max_digits=12, decimal_places=2, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )  # fmt: skip
    budget_max_per_pilot = models.DecimalField(
        _("most per pilot (€)"), max_digits=12, decimal_places=2, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )  # fmt: skip
    offers_data = models.TextField(_("data sets the city offers"), blank=True)
    offers_sites = models.TextField(_("test sites the city offers"), blank=True)
    offers_staff = models.TextField(_("staff time the city offers"), blank=True)
    eligibility = models.TextField(_("who can take part"), blank=True)

    ideas_open = models.DateTimeField(_("ideas open"))
    ideas_close = models.DateTimeField(_("ideas close"))
    proposals_open = models.DateTimeField(_("proposals open"))
    proposals_close = models.DateTimeField(_("proposals close"))
    evaluation_end = models.DateTimeField(_("evaluation ends"))
    piloting_end = models.DateTimeField(_("piloting ends"))

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    closed_early_at = models.DateTimeField(_("closed early"), null=True, blank=True)
    # When followers were told that proposals opened, and reminded of the deadline (once each).
    proposals_announced_at = models.DateTimeField(null=True, blank=True, editable=False)
    deadline_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    curators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("curators"), related_name="curated_challenges"
    )
    evaluators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="EvaluatorAppointment",
        through_fields=("challenge", "evaluator"),
        related_name="evaluated_challenges",
    )

    objects = ChallengeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        indexes = [
            models.Index(fields=["published_at", "proposals_close"], name="challenge_pub_deadline"),
        ]
        constraints = [
            # The backstop for `clean()`, which says the same in words.
            models.CheckConstraint(
                condition=models.Q(ideas_close__gte=models.F("ideas_open"))
                & models.Q(proposals_open__gte=models.F("ideas_open"))
                & models.Q(proposals_close__gte=models.F("proposals_open"))
                & models.Q(proposals_close__gte=models.F("ideas_close"))
                & models.Q(evaluation_end__gte=models.F("proposals_close"))
                & models.Q(piloting_end__gte=models.F("evaluation_end")),
                name="challenge_timeline_in_order",
                violation_error_code="timeline_out_of_order",
            ),
            models.CheckConstraint(
                condition=models.Q(budget_max_per_pilot__lte=models.F("budget_total")),
                name="challenge_pilot_budget_within_total",
                violation_error_code="pilot_budget_above_total",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("challenge_detail", kwargs={"slug": self.slug})

    def clean(self):
        errors: dict[str, list[str]] = {}
        for later, earlier, message in TIMELINE_RULES:
            later_value, earlier_value = getattr(self, later), getattr(self, earlier)
            if later_value is not None and earlier_value is not None and later_value < earlier_value:
                errors.setdefault(later, []).append(message % {"date": format_moment(earlier_value)})
        if (
            self.budget_total is not None
            and self.budget_max_per_pilot is not None
            and self.budget_max_per_pilot > self.budget_total
        ):
            errors.setdefault("budget_max_per_pilot", []).append(
                gettext("The most per pilot cannot be more than the total budget (%(total)s).")
                % {"total": format_euros(self.budget_total)}
            )
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        # clean() words the timeline and budget rules for people, naming the dates and amounts;
        # their constraints are the database's backstop and would only add "Constraint … is violated".
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            explained = {"timeline_out_of_order", "pilot_budget_above_total"}
            remaining = {
                field: kept
                for field, errors in error.error_dict.items()
                if (kept := [e for e in errors if e.code not in explained])
            }
            if remaining:
                raise ValidationError(remaining) from error

    def phase_at(self, now) -> str:
        if self.published_at is None:
            return Phase.DRAFT
        if self.closed_early_at is not None or now >= self.piloting_end:
            return Phase.CLOSED
        if self.proposals_open <= now < self.proposals_close:
            return Phase.PROPOSALS
        if self.ideas_open <= now < self.ideas_close:
            return Phase.IDEAS
        if now < self.ideas_open and now < self.proposals_open:
            return Phase.UPCOMING
        if now >= self.proposals_close and now < self.evaluation_end:
            return Phase.EVALUATION
        if now >= self.evaluation_end:
            return Phase.PILOTING
        # Between the ideas and the proposals windows: nothing to submit, next step is proposals.
        return Phase.UPCOMING

    @property
    def phase(self) -> str:
        return self.phase_at(timezone.now())

    def get_phase_display(self) -> str:
        return Phase(self.phase).label

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def accepts_ideas(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.is_published and self.closed_early_at is None and self.ideas_open <= now < self.ideas_close
        )

    def accepts_proposals(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.is_published
            and self.closed_early_at is None
            and self.proposals_open <= now < self.proposals_close
        )

    def next_milestone(self, now=None) -> Milestone | None:
        """The next date that matters to someone who wants to take part; mirrors `with_next_date`."""
        now = now or timezone.now()
        match self.phase_at(now):
            case Phase.DRAFT | Phase.CLOSED:
                return None
            case Phase.PROPOSALS:
                return Milestone(gettext("Proposals close"), self.proposals_close)
            case Phase.IDEAS:
                return Milestone(gettext("Ideas close"), self.ideas_close)
            case Phase.UPCOMING if now < self.ideas_open < self.ideas_close:
                return Milestone(gettext("Ideas open"), self.ideas_open)
            case Phase.UPCOMING:
                return Milestone(gettext("Proposals open"), self.proposals_open)
            case Phase.EVALUATION:
                return Milestone(gettext("Evaluation ends"), self.evaluation_end)
        return Milestone(gettext("Piloting ends"), self.piloting_end)

    def timeline(self, now=None) -> list[TimelineStep]:
        """The phases in order with their dates; an ideas window of no length is left out."""
        now = now or timezone.now()
        phase = self.phase_at(now)
        windows = [
            (Phase.IDEAS, self.ideas_open, self.ideas_close),
            (Phase.PROPOSALS, self.proposals_open, self.proposals_close),
            (Phase.EVALUATION, self.proposals_close, self.evaluation_end),
            (Phase.PILOTING, self.evaluation_end, self.piloting_end),
        ]
        ended_at = self.closed_early_at or self.piloting_end
        # A phase is done once it ended; phases a closing-early cut off never happened.
        done_until = min(now, self.closed_early_at or now)
        steps = [
            TimelineStep(
                phase=step,
                label=Phase(step).label,
                start=start,
                end=end,
                current=phase == step,
                done=phase not in (Phase.DRAFT, step) and end <= done_until,
            )
            for step, start, end in windows
            if not (step == Phase.IDEAS and start >= end)
        ]
        steps.append(
            TimelineStep(
                phase=Phase.CLOSED,
                label=Phase.CLOSED.label,
                start=ended_at,
                end=ended_at,
                current=phase == Phase.CLOSED,
                done=False,
            )
        )
        return steps

    def scoring_open(self, now=None) -> bool:
        """Evaluators score after proposals close, until piloting ends or the challenge closes."""
        now = now or timezone.now()
        return (
            self.is_published
            and self.closed_early_at is None
            and self.proposals_close <= now < self.piloting_end
        )


class Criterion(models.Model):
    """One evaluation criterion of a challenge, scored 0..5, with a weight and a minimum score."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Relative weight in the ranking, 1–100."),
    )
    min_score = models.PositiveSmallIntegerField(
        _("minimum score"),
        default=0,
        validators=[MaxValueValidator(SCORE_MAX)],
        help_text=_("Proposals averaging below this on the criterion are flagged, 0–5."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_score__lte=SCORE_MAX), name="criterion_min_score_in_scale"
            ),
            models.CheckConstraint(condition=models.Q(weight__gte=1), name="criterion_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class EvaluatorAppointment(models.Model):
    """An evaluator appointed to a challenge by one of its curators."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="appointments")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="evaluator_appointments"
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    appointed_at = models.DateTimeField(_("appointed"), default=timezone.now)

    class Meta:
        verbose_name = _("evaluator appointment")
        verbose_name_plural = _("evaluator appointments")
        constraints = [
            models.UniqueConstraint(fields=["challenge", "evaluator"], name="challenge_evaluator_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.evaluator} → {self.challenge}"
