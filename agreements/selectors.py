"""Reads of agreements for more than one caller, each a fixed number of queries."""

from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from accounts.rules import is_administrator, is_official
from agreements.models import (
    Agreement,
    ChangeRequest,
    CityDecision,
    FinanceContact,
    Instalment,
    Milestone,
    Report,
    ReserveOffer,
)
from pilots.models import Pilot


def agreements_visible_to(*, user: User) -> QuerySet[Agreement]:
    """The agreements whose terms, reports and money `user` may see (as `agreements.view_agreement`)."""
    if not user.is_authenticated or not user.is_active:
        return Agreement.objects.none()
    if is_administrator(user):
        return Agreement.objects.all()
    seen = Q(pilot__team_members__user=user) | Q(pilot__challenge__finance_contacts__user=user)
    if is_official(user):
        seen |= Q(pilot__challenge__curators=user)
    return Agreement.objects.filter(pk__in=Agreement.objects.filter(seen).values("pk"))


def _sum_of(status: str):
    return Coalesce(
        Subquery(
            Instalment.objects.filter(agreement=OuterRef("pk"), status=status)
            .order_by()
            .values("agreement")
            .annotate(total=Sum("amount"))
            .values("total"),
            output_field=DecimalField(max_digits=14, decimal_places=2),
        ),
        Value(Decimal("0")),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )


def _count_of(condition: Q):
    return Coalesce(
        Subquery(
            Milestone.objects.filter(condition, agreement=OuterRef("pk"))
            .order_by()
            .values("agreement")
            .annotate(count=Count("pk"))
            .values("count"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def agreements_overview(*, user: User, challenge=None) -> QuerySet[Agreement]:
    """The officials' overview: each agreement with its milestones counted and its money summed,
    in one query whatever the number of agreements and milestones."""
    today = timezone.localdate()
    open_ = ~Q(status=Milestone.Status.APPROVED)
    queryset = (
        agreements_visible_to(user=user)
        .select_related("pilot", "pilot__challenge", "pilot__organization")
        .annotate(
            milestone_count=_count_of(Q()),
            done_count=_count_of(Q(status=Milestone.Status.APPROVED)),
            late_count=_count_of(open_ & Q(due_date__lt=today)),
            waiting_count=_count_of(Q(status=Milestone.Status.SUBMITTED)),
            next_due=Subquery(
                Milestone.objects.filter(open_, agreement=OuterRef("pk"))
                .order_by("due_date")
                .values("due_date")[:1]
            ),
            paid_total=_sum_of(Instalment.Status.PAID),
            approved_total=_sum_of(Instalment.Status.APPROVED),
            pending_changes=Exists(ChangeRequest.objects.filter(agreement=OuterRef("pk"), status="pending")),
        )
        .order_by("pilot__challenge__title", "pilot__title", "pk")
    )
    if challenge is not None:
        queryset = queryset.filter(pilot__challenge=challenge)
    return queryset


def agreement_for_page(*, pilot: Pilot) -> Agreement | None:
    """The agreement with everything its page shows, in a fixed handful of queries."""
    reports = Report.objects.select_related("submitted_by", "reviewed_by").prefetch_related("attachments")
    return (
        Agreement.objects.filter(pilot=pilot)
        .select_related("pilot", "pilot__challenge", "accepted_by", "created_by", "final_report_by")
        .prefetch_related(
            Prefetch(
                "milestones",
                queryset=Milestone.objects.select_related(
                    "instalment", "instalment__paid_by"
                ).prefetch_related(Prefetch("reports", queryset=reports.order_by("-number"))),
            ),
            Prefetch(
                "change_requests", queryset=ChangeRequest.objects.select_related("requested_by", "decided_by")
            ),
        )
        .first()
    )


def instalments_for_export(*, user: User, challenge=None) -> QuerySet[Instalment]:
    queryset = (
        Instalment.objects.filter(agreement__in=agreements_visible_to(user=user).filter(status="accepted"))
        .select_related("agreement__pilot__challenge", "agreement__pilot__organization", "milestone")
        .order_by(
            "agreement__pilot__challenge__title", "agreement__pilot__title", "milestone__due_date", "pk"
        )
    )
    if challenge is not None:
        queryset = queryset.filter(agreement__pilot__challenge=challenge)
    return queryset


def public_timeline(*, pilot: Pilot) -> tuple[Agreement | None, list[Milestone], CityDecision | None]:
    """What the pilot's public page shows: the accepted agreement's milestones and the decision."""
    agreement = Agreement.objects.filter(pilot=pilot, status=Agreement.Status.ACCEPTED).first()
    milestones = list(agreement.milestones.all()) if agreement else []
    decision = CityDecision.objects.filter(pilot=pilot).first()
    return agreement, milestones, decision


def reserve_offers_for(*, pilot: Pilot) -> list[ReserveOffer]:
    """Offers made for a withdrawn pilot's place, or to a proposal (either side)."""
    return list(
        ReserveOffer.objects.filter(Q(withdrawn_pilot=pilot) | Q(offered_pilot=pilot)).select_related(
            "offered_pilot", "withdrawn_pilot"
        )
    )


def finance_contacts_of(*, challenge) -> QuerySet[FinanceContact]:
    return FinanceContact.objects.filter(challenge=challenge).select_related("user").order_by("appointed_at")


def city_decision_counts() -> dict[str, int]:
    """How many pilots ended in each of the city's decisions (the impact dashboard)."""
    counts = dict(CityDecision.objects.values_list("decision").annotate(n=Count("pk")).order_by())
    return {value: counts.get(value, 0) for value in CityDecision.Decision.values}
