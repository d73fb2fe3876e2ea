"""Agreements: what the city and an accepted pilot agreed, and how it is kept.

An agreement is drawn up by the challenge's curators for an accepted pilot: milestones (each with a
due date inside the piloting phase, a deliverable and its share of the budget), one instalment per
milestone (the amounts add up exactly to the agreed budget), the contacts on both sides and the
terms. It is a draft until the team's administrator accepts it (who and when is kept); the pilot
cannot start before that. From then on it changes only through change requests.

    milestone:  pending → submitted → approved          (returned → submitted again)
    instalment: planned → approved (for payment) → paid
    change request: pending → approved | declined
    reserve offer: open → accepted | declined | expired

Terms, reports and money are confidential: the team, the curators and the challenge's finance
contacts see them (see `agreements.rules`). The milestone timeline and the city's final decision
are public on the pilot's page; the budget only when the agreement marks it public.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.uploads import UploadField, private_storage

USER = settings.AUTH_USER_MODEL


class FinanceContact(models.Model):
    """A person of the city's finance who pays a challenge's instalments, appointed by its curators."""

    challenge = models.ForeignKey(
        "challenges.Challenge", on_delete=models.CASCADE, related_name="finance_contacts"
    )
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="finance_contacts")
    appointed_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    appointed_at = models.DateTimeField(_("appointed"), default=timezone.now)

    class Meta:
        verbose_name = _("finance contact")
        verbose_name_plural = _("finance contacts")
        constraints = [
            models.UniqueConstraint(fields=["challenge", "user"], name="agreements_finance_contact_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.challenge}"


class Agreement(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACCEPTED = "accepted", _("Accepted")

    pilot = models.OneToOneField("pilots.Pilot", on_delete=models.CASCADE, related_name="agreement")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    budget = models.DecimalField(_("agreed budget (€)"), max_digits=12, decimal_places=2)
    budget_public = models.BooleanField(
        _("the budget is public"), default=False, help_text=_("Show the budget on the pilot's public page.")
    )
    terms = models.TextField(_("terms"), help_text=_("What both sides agree to. Markdown is supported."))
    terms_html = models.TextField(editable=False, blank=True)
    city_contact = models.CharField(_("the city's contact"), max_length=300)
    team_contact = models.CharField(_("the team's contact"), max_length=300)
    # Optimistic locking: every change raises it; an edit made on an older version is refused.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("drawn up"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    accepted_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    final_report = models.TextField(_("final report"), blank=True)
    final_report_html = models.TextField(editable=False, blank=True)
    final_report_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    final_report_at = models.DateTimeField(_("final report submitted"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "accepted"]), name="agreement_status_valid"
            ),
            models.CheckConstraint(condition=Q(budget__gte=0), name="agreement_budget_not_negative"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(accepted_at__isnull=False), name="agreement_accepted_has_date"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="agreement_version_positive"),
        ]

    def __str__(self) -> str:
        return str(self.pilot)

    def get_absolute_url(self) -> str:
        return reverse("agreement_detail", kwargs={"pk": self.pilot_id})

    @property
    def is_accepted(self) -> bool:
        return self.status == self.Status.ACCEPTED


class Milestone(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Not reported yet")
        SUBMITTED = "submitted", _("Report waiting for review")
        RETURNED = "returned", _("Report returned")
        APPROVED = "approved", _("Done")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="milestones")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)
    deliverable = models.TextField(_("deliverable"))
    due_date = models.DateField(_("due"))
    share = models.DecimalField(_("share of the budget (%)"), max_digits=5, decimal_places=2)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    # When each reminder went out (beat sends each once).
    reminded_week_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_day_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_overdue_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["due_date", "position", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        indexes = [models.Index(fields=["status", "due_date"], name="agreement_milestone_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(share__gt=0) & Q(share__lte=100), name="milestone_share_in_range"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "submitted", "returned", "approved"]),
                name="milestone_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_at__isnull=False),
                name="milestone_approved_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def state_on(self, today) -> str:
        """done, due or late, as the public timeline shows it."""
        if self.status == self.Status.APPROVED:
            return "done"
        return "late" if self.due_date < today else "due"


class Instalment(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        APPROVED = "approved", _("Approved for payment")
        PAID = "paid", _("Paid")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="instalments")
    milestone = models.OneToOneField(Milestone, on_delete=models.CASCADE, related_name="instalment")
    amount = models.DecimalField(_("amount (€)"), max_digits=12, decimal_places=2)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    approved_at = models.DateTimeField(_("approved for payment"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    paid_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    paid_recorded_at = models.DateTimeField(_("marked paid"), null=True, blank=True)

    class Meta:
        ordering = ["milestone__due_date", "milestone__position", "pk"]
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="instalment_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "approved", "paid"]), name="instalment_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="paid") | (Q(paid_on__isnull=False) & ~Q(payment_reference="")),
                name="instalment_paid_has_date_and_reference",
            ),
            models.CheckConstraint(
                condition=Q(status="planned") | Q(approved_at__isnull=False),
                name="instalment_approved_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.milestone}: {self.amount} €"


class Report(models.Model):
    """One version of a milestone's report. A returned report stays; the team submits a new one."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="reports")
    number = models.PositiveSmallIntegerField(_("version"))
    summary = models.TextField(_("what was done"), help_text=_("Markdown is supported."))
    summary_html = models.TextField(editable=False, blank=True)
    # [{"kpi": id, "name": "...", "unit": "...", "value": "12.50"}], the KPI values so far.
    kpi_values = models.JSONField(_("KPI values so far"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    submitted_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    reviewed_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_comment = models.TextField(_("comments"), blank=True)

    class Meta:
        ordering = ["milestone", "number"]
        verbose_name = _("milestone report")
        verbose_name_plural = _("milestone reports")
        constraints = [
            models.UniqueConstraint(fields=["milestone", "number"], name="report_version_unique"),
            models.UniqueConstraint(
                fields=["milestone"], condition=Q(status="submitted"), name="report_one_waiting"
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(review_comment=""), name="report_returned_has_comment"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.milestone} v{self.number}"


class ReportAttachment(models.Model):
    """A file with a report, in the private storage, handed out by a view that checks the rules."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    file = UploadField(upload_to="agreements/", storage=private_storage)
    name = models.CharField(_("name"), max_length=100)
    content_type = models.CharField(max_length=50, editable=False)
    size = models.PositiveIntegerField(_("size"), editable=False)
    uploaded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("report attachment")
        verbose_name_plural = _("report attachments")

    def __str__(self) -> str:
        return self.name


class ChangeRequest(models.Model):
    """The team asks to change dates, scope or budget; a curator approves or declines.

    `proposed` holds what is asked: {"budget": "…", "milestones": {id: {"due_date", "title",
    "deliverable", "amount"}}}; `changes` what an approval changed: [{"what", "milestone", "before",
    "after"}], the history the agreement's page shows.
    """

    class Kind(models.TextChoices):
        DATES = "dates", _("Dates")
        SCOPE = "scope", _("Scope")
        BUDGET = "budget", _("Budget")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="change_requests")
    kind = models.CharField(_("what changes"), max_length=8, choices=Kind.choices)
    reason = models.TextField(_("reason"))
    proposed = models.JSONField(default=dict)
    changes = models.JSONField(default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    requested_at = models.DateTimeField(_("asked"), default=timezone.now)
    decided_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_comment = models.TextField(_("comment on the decision"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["dates", "scope", "budget"]), name="change_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_at__isnull=False), name="change_decided_has_date"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="change_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement}: {self.get_kind_display()}"


class ReserveOffer(models.Model):
    """An accepted team withdrew before starting; the curators offer the pilot to the next proposal."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")

    withdrawn_pilot = models.ForeignKey("pilots.Pilot", on_delete=models.CASCADE, related_name="+")
    offered_pilot = models.ForeignKey("pilots.Pilot", on_delete=models.CASCADE, related_name="reserve_offers")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    deadline = models.DateTimeField(_("answer by"))
    offered_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    offered_at = models.DateTimeField(_("offered"), default=timezone.now)
    answered_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-offered_at", "-pk"]
        verbose_name = _("reserve offer")
        verbose_name_plural = _("reserve offers")
        constraints = [
            # One live offer for a withdrawn pilot's place: open, or taken.
            models.UniqueConstraint(
                fields=["withdrawn_pilot"],
                condition=Q(status__in=["open", "accepted"]),
                name="reserve_one_live_offer",
            ),
            models.UniqueConstraint(fields=["withdrawn_pilot", "offered_pilot"], name="reserve_offer_once"),
            models.CheckConstraint(
                condition=~Q(withdrawn_pilot=F("offered_pilot")), name="reserve_not_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.withdrawn_pilot} → {self.offered_pilot}"


class CityDecision(models.Model):
    """The city's decision at the end of a pilot, with its reasons; public."""

    class Decision(models.TextChoices):
        SCALE_UP = "scale_up", _("Scale up")
        PROCURE = "procure", _("Procure")
        EXTEND = "extend", _("Extend")
        STOP = "stop", _("Stop")

    pilot = models.OneToOneField("pilots.Pilot", on_delete=models.CASCADE, related_name="city_decision")
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    # The city's own text: in Finnish and Swedish (modeltranslation's reasons_fi, reasons_sv, reasons_en).
    reasons = models.TextField(_("reasons"))
    decided_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    class Meta:
        verbose_name = _("city's decision")
        verbose_name_plural = _("city's decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=["scale_up", "procure", "extend", "stop"]),
                name="city_decision_valid",
            ),
            models.CheckConstraint(
                condition=~Q(reasons_fi="") | ~Q(reasons_sv="") | ~Q(reasons_en=""),
                name="city_decision_has_reasons",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pilot}: {self.get_decision_display()}"


HUNDRED = Decimal("100")
