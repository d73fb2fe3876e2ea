"""The reserve list: when an accepted team withdraws before starting, the next proposal on the
selection's ranking is offered the place, with a deadline to accept."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from agreements.models import ReserveOffer
from agreements.rules import can
from agreements.services.common import curator_ids, require, team_ids
from notifications.services import event_record
from pilots import selectors as pilot_selectors
from pilots import services as pilot_services
from pilots.models import Pilot
from pilots.selectors import RankedProposal
from portal.audit import audit_record
from portal.language import untranslated

OFFER_DAYS = 14
# Proposals that were weighed in the selection and not taken: the reserve.
RESERVE_STATUSES = (
    Pilot.Status.SUBMITTED,
    Pilot.Status.IN_REVIEW,
    Pilot.Status.SHORTLISTED,
    Pilot.Status.DECLINED,
)


def reserve_candidates(*, withdrawn: Pilot) -> list[RankedProposal]:
    """The challenge's ranking without the proposals already taken or already offered this place."""
    offered = set(
        ReserveOffer.objects.filter(withdrawn_pilot=withdrawn).values_list("offered_pilot_id", flat=True)
    )
    return [
        row
        for row in pilot_selectors.challenge_ranking(challenge=withdrawn.challenge)
        if row.pilot.status in RESERVE_STATUSES and row.pilot.pk not in offered and row.score is not None
    ]


@transaction.atomic
def reserve_offer(
    *, actor: User, withdrawn: Pilot, days: int = OFFER_DAYS, now: datetime | None = None
) -> ReserveOffer:
    """A curator offers the withdrawn pilot's place to the best proposal left on the ranking."""
    now = now or timezone.now()
    withdrawn = Pilot.objects.select_for_update(of=("self",)).select_related("challenge").get(pk=withdrawn.pk)
    require(actor, "agreements.offer_reserve", withdrawn)
    if ReserveOffer.objects.filter(withdrawn_pilot=withdrawn, status__in=["open", "accepted"]).exists():
        raise ValidationError(_("This place is already offered or taken."), code="offer_live")
    if not 1 <= int(days) <= 60:
        raise ValidationError({"days": _("Give the team between 1 and 60 days to answer.")})
    candidates = reserve_candidates(withdrawn=withdrawn)
    if not candidates:
        raise ValidationError(
            _("No proposal is left on the reserve list of this challenge."), code="no_reserve"
        )
    offered = candidates[0].pilot
    try:
        with transaction.atomic():
            offer = ReserveOffer.objects.create(
                withdrawn_pilot=withdrawn,
                offered_pilot=offered,
                offered_by=actor,
                offered_at=now,
                deadline=now + timedelta(days=int(days)),
            )
    except IntegrityError as error:  # two curators at once: the constraint decides
        raise ValidationError(_("This place is already offered or taken."), code="offer_live") from error
    audit_record(
        actor=actor,
        action="agreement.reserve_offer",
        target=offered,
        withdrawn=withdrawn.pk,
        deadline=offer.deadline.isoformat(),
    )
    event_record(
        kind="agreement.reserve_offer",
        actor=actor,
        target=offered,
        url=offered.get_absolute_url(),
        title=offered.title,
        group=withdrawn.challenge,
        recipients=team_ids(offered),
        deadline=offer.deadline.isoformat(),
    )
    return offer


def _tell_curators(offer: ReserveOffer, actor, status_label: str) -> None:
    pilot = offer.offered_pilot
    event_record(
        kind="agreement.step",
        actor=actor,
        target=pilot,
        url=pilot.get_absolute_url(),
        title=pilot.title,
        group=pilot.challenge,
        recipients=curator_ids(pilot),
        status=status_label,
        step="reserve",
    )


@transaction.atomic
def reserve_offer_answer(
    *, actor: User, offer: ReserveOffer, accept: bool, now: datetime | None = None
) -> ReserveOffer:
    """The offered team's administrator accepts (the proposal becomes an accepted pilot) or declines."""
    now = now or timezone.now()
    offer = (
        ReserveOffer.objects.select_for_update(of=("self",))
        .select_related("offered_pilot__challenge", "offered_by")
        .get(pk=offer.pk)
    )
    if not can(actor, "agreements.answer_reserve_offer", offer.offered_pilot):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    if offer.status != ReserveOffer.Status.OPEN:
        raise ValidationError(
            _("This offer was already answered or has expired (%(status)s).")
            % {"status": offer.get_status_display()},
            code="offer_closed",
        )
    if now >= offer.deadline:
        raise ValidationError(
            _("The offer expired on %(date)s.")
            % {"date": date_format(timezone.localtime(offer.deadline), "SHORT_DATETIME_FORMAT")},
            code="offer_expired",
        )
    offer.status = ReserveOffer.Status.ACCEPTED if accept else ReserveOffer.Status.DECLINED
    offer.answered_by, offer.answered_at = actor, now
    offer.save(update_fields=["status", "answered_by", "answered_at"])
    if accept:
        pilot_services.pilot_accept_from_reserve(
            actor=actor,
            pilot=offer.offered_pilot,
            decided_by=offer.offered_by,
            now=now,
            reason=_("Accepted from the reserve list when another team withdrew."),
        )
    audit_record(actor=actor, action="agreement.reserve_answer", target=offer.offered_pilot, accepted=accept)
    _tell_curators(offer, actor, untranslated(ReserveOffer.Status(offer.status).label))
    return offer


@transaction.atomic
def reserve_offers_expire(*, now: datetime | None = None) -> int:
    """Close the open offers past their deadline (beat), telling the curators so they offer the next."""
    now = now or timezone.now()
    expired = 0
    for offer in (
        ReserveOffer.objects.select_for_update(of=("self",))
        .select_related("offered_pilot__challenge")
        .filter(status=ReserveOffer.Status.OPEN, deadline__lte=now)
    ):
        offer.status = ReserveOffer.Status.EXPIRED
        offer.save(update_fields=["status"])
        audit_record(actor=None, action="agreement.reserve_expired", target=offer.offered_pilot)
        _tell_curators(offer, None, untranslated(ReserveOffer.Status.EXPIRED.label))
        expired += 1
    return expired
