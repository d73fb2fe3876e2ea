"""Asking a place for dates, and the host's decisions.

The capacity rule: on no day may more approved requests overlap at a place than its `capacity`.
Every step that makes a request approved (`site_request_approve`, `site_request_accept_dates`)
first locks the place's row (`SELECT … FOR UPDATE`), then counts, then writes, all in one
transaction. Two hosts approving at the same moment therefore take turns: the second counts the
first's approval and is refused when the place is full. Without the lock both would count the
same free slot (`tests/places/test_concurrency.py` shows it with 20 threads).
"""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Membership, User
from notifications.services import event_record
from pilots.models import Pilot
from places.models import Place, SiteRequest
from portal.audit import audit_record
from portal.language import untranslated

# How far ahead and how long a request may be.
LONGEST_DAYS = 730
FURTHEST_AHEAD_DAYS = 3 * 365
Status = SiteRequest.Status


def _require(actor: User, perm: str, obj=None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


def _today() -> date:
    return timezone.localdate()


def _check_dates(starts_on, ends_on, *, today=None, start_field="starts_on", end_field="ends_on") -> None:
    if not isinstance(starts_on, date) or not isinstance(ends_on, date):
        raise ValidationError({start_field: _("Give the first and the last day as dates.")})
    today = today or _today()
    if starts_on < today:
        raise ValidationError(
            {start_field: _("The first day, %(day)s, has passed. Pick today or a later day.")
             % {"day": date_format(starts_on)}}
        )  # fmt: skip
    if ends_on < starts_on:
        raise ValidationError({end_field: _("The last day comes before the first day.")})
    if (ends_on - starts_on).days + 1 > LONGEST_DAYS:
        raise ValidationError({end_field: _("A request may cover at most two years.")})
    if starts_on > today + timedelta(days=FURTHEST_AHEAD_DAYS):
        raise ValidationError({start_field: _("Ask for dates at most three years ahead.")})


def _lock_place(place_id: int) -> Place:
    """The place's row, locked until the transaction ends: the one place where approvals queue."""
    return Place.objects.select_for_update().get(pk=place_id)


def concurrent_pilots(*, place: Place, starts_on: date, ends_on: date, exclude_pk: int | None = None) -> int:
    """The most approved requests at `place` on any one day between the two dates."""
    approved = place.site_requests.filter(
        status=Status.APPROVED, starts_on__lte=ends_on, ends_on__gte=starts_on
    )
    if exclude_pk is not None:
        approved = approved.exclude(pk=exclude_pk)
    changes: dict[date, int] = {}
    for first, last in approved.values_list("starts_on", "ends_on"):
        first, last = max(first, starts_on), min(last, ends_on)
        changes[first] = changes.get(first, 0) + 1
        changes[last + timedelta(days=1)] = changes.get(last + timedelta(days=1), 0) - 1
    most = running = 0
    for day in sorted(changes):
        running += changes[day]
        most = max(most, running)
    return most


def _check_room(place: Place, starts_on: date, ends_on: date, exclude_pk: int | None) -> None:
    if not place.takes_pilots:
        raise ValidationError(_("%(place)s does not take pilots.") % {"place": place.name}, code="no_pilots")
    if (
        concurrent_pilots(place=place, starts_on=starts_on, ends_on=ends_on, exclude_pk=exclude_pk)
        >= place.capacity
    ):
        raise ValidationError(
            _(
                "%(place)s already holds %(capacity)s pilots at once on some of these days, as many as it "
                "takes. Decline the request or propose other dates."
            )
            % {"place": place.name, "capacity": place.capacity},
            code="place_full",
        )


def _host_ids(place: Place) -> list[int]:
    return list(Membership.objects.filter(organization_id=place.host_id).values_list("user_id", flat=True))


def _team_ids(pilot: Pilot) -> list[int]:
    return list(pilot.team_members.values_list("user_id", flat=True))


def _url(site_request: SiteRequest) -> str:
    return reverse("site_request_detail", kwargs={"pk": site_request.pk})


def _tell_team(site_request: SiteRequest, actor: User) -> None:
    event_record(
        kind="site_request.decision", actor=actor, target=site_request, url=_url(site_request),
        title=site_request.place.name, group=site_request.pilot, recipients=_team_ids(site_request.pilot),
        status=untranslated(Status(site_request.status).label), pilot=site_request.pilot.title,
    )  # fmt: skip


def _tell_hosts(site_request: SiteRequest, actor: User) -> None:
    event_record(
        kind="site_request.reply", actor=actor, target=site_request, url=_url(site_request),
        title=site_request.place.name, group=site_request.place, recipients=_host_ids(site_request.place),
        status=untranslated(Status(site_request.status).label), pilot=site_request.pilot.title,
    )  # fmt: skip


def _tell_followers_of_new_pilot(site_request: SiteRequest, actor: User) -> None:
    """People following the place hear of a pilot there once the pilot is public; a shortlisted
    proposal stays confidential, so its approval is told to nobody but its team."""
    if site_request.pilot.status in Pilot.PUBLIC_STATUSES:
        place = site_request.place
        event_record(
            kind="place.new_pilot", actor=actor, target=place, url=place.get_absolute_url(), title=place.name,
            audiences=["followers"], exclude=_team_ids(site_request.pilot), pilot=site_request.pilot.title,
        )  # fmt: skip


def _lock_request(site_request: SiteRequest) -> SiteRequest:
    return SiteRequest.objects.select_for_update().select_related("place", "pilot").get(pk=site_request.pk)


@transaction.atomic
def site_request_create(
    *, actor: User, pilot: Pilot, place: Place, starts_on: date, ends_on: date, needs: str = "", today=None
) -> SiteRequest:
    """The pilot's team asks `place` for the days from `starts_on` to `ends_on`; its hosts are told.
    `today` is for loading history (the demo); a request's first day is never before it."""
    _require(actor, "places.request_site", pilot)
    if not place.takes_pilots:
        raise ValidationError(
            {"place": _("%(place)s does not take pilots. Pick another place.") % {"place": place.name}}
        )
    _check_dates(starts_on, ends_on, today=today)
    site_request = SiteRequest(
        place=place,
        pilot=pilot,
        requested_by=actor,
        starts_on=starts_on,
        ends_on=ends_on,
        needs=needs.strip(),
    )
    site_request.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            site_request.save()
    except IntegrityError as error:
        raise ValidationError(
            {"place": _("This pilot already has an open request for %(place)s.") % {"place": place.name}}
        ) from error
    audit_record(
        actor=actor, action="site_request.create", target=site_request, place=place.pk, pilot=pilot.pk
    )
    event_record(
        kind="site_request.new", actor=actor, target=site_request, url=_url(site_request), title=place.name,
        group=place, recipients=_host_ids(place), pilot=pilot.title,
    )  # fmt: skip
    return site_request


@transaction.atomic
def site_request_approve(*, actor: User, site_request: SiteRequest, message: str = "") -> SiteRequest:
    """The host approves; refused when the place is full on any of the days (checked under a lock)."""
    place = _lock_place(site_request.place_id)
    site_request = _lock_request(site_request)
    _require(actor, "places.decide_site_request", site_request)
    _check_room(place, site_request.starts_on, site_request.ends_on, site_request.pk)
    site_request.status = Status.APPROVED
    site_request.host_message = message.strip()
    site_request.decided_at, site_request.decided_by = timezone.now(), actor
    site_request.save()
    audit_record(actor=actor, action="site_request.approve", target=site_request)
    _tell_team(site_request, actor)
    _tell_followers_of_new_pilot(site_request, actor)
    return site_request


@transaction.atomic
def site_request_decline(*, actor: User, site_request: SiteRequest, reason: str) -> SiteRequest:
    site_request = _lock_request(site_request)
    _require(actor, "places.decide_site_request", site_request)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you decline, so the team can look for another way.")})
    site_request.status = Status.DECLINED
    site_request.host_message = reason.strip()
    site_request.decided_at, site_request.decided_by = timezone.now(), actor
    site_request.save()
    audit_record(actor=actor, action="site_request.decline", target=site_request)
    _tell_team(site_request, actor)
    return site_request


@transaction.atomic
def site_request_propose_dates(
    *, actor: User, site_request: SiteRequest, starts_on: date, ends_on: date, message: str = ""
) -> SiteRequest:
    """The host proposes other dates; the team accepts them (or withdraws)."""
    site_request = _lock_request(site_request)
    _require(actor, "places.decide_site_request", site_request)
    _check_dates(starts_on, ends_on)
    if (starts_on, ends_on) == (site_request.starts_on, site_request.ends_on):
        raise ValidationError(
            {"starts_on": _("These are the dates the team asked for. Approve them instead.")}
        )
    site_request.status = Status.DATES_PROPOSED
    site_request.proposed_starts_on, site_request.proposed_ends_on = starts_on, ends_on
    site_request.host_message = message.strip()
    site_request.decided_at, site_request.decided_by = timezone.now(), actor
    site_request.save()
    audit_record(actor=actor, action="site_request.propose_dates", target=site_request)
    _tell_team(site_request, actor)
    return site_request


@transaction.atomic
def site_request_accept_dates(*, actor: User, site_request: SiteRequest) -> SiteRequest:
    """The team takes the host's dates, which approves the request if the place still has room."""
    place = _lock_place(site_request.place_id)
    site_request = _lock_request(site_request)
    _require(actor, "places.accept_proposed_dates", site_request)
    starts_on, ends_on = site_request.proposed_starts_on, site_request.proposed_ends_on
    if starts_on < _today():
        raise ValidationError(
            _("The proposed first day has passed. Ask the host for new dates."), code="past"
        )
    _check_room(place, starts_on, ends_on, site_request.pk)
    site_request.starts_on, site_request.ends_on = starts_on, ends_on
    site_request.status = Status.APPROVED
    site_request.decided_at = timezone.now()
    site_request.save()
    audit_record(actor=actor, action="site_request.accept_dates", target=site_request)
    _tell_hosts(site_request, actor)
    _tell_followers_of_new_pilot(site_request, actor)
    return site_request


@transaction.atomic
def site_request_withdraw(*, actor: User, site_request: SiteRequest) -> SiteRequest:
    site_request = _lock_request(site_request)
    _require(actor, "places.withdraw_site_request", site_request)
    site_request.status = Status.WITHDRAWN
    site_request.save()
    audit_record(actor=actor, action="site_request.withdraw", target=site_request)
    _tell_hosts(site_request, actor)
    return site_request


@transaction.atomic
def site_request_cancel(*, actor: User, site_request: SiteRequest, reason: str = "") -> SiteRequest:
    """An approved booking is called off, by the team or the host; the other side is told."""
    site_request = _lock_request(site_request)
    _require(actor, "places.cancel_site_request", site_request)
    site_request.status = Status.CANCELLED
    if reason.strip():
        site_request.host_message = reason.strip()
    site_request.save()
    audit_record(actor=actor, action="site_request.cancel", target=site_request)
    if actor.pk in _team_ids(site_request.pilot):
        _tell_hosts(site_request, actor)
    else:
        _tell_team(site_request, actor)
    return site_request
