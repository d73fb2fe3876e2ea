"""Drawing up an agreement, editing its draft, the team's acceptance, and the finance contacts."""

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from agreements.models import HUNDRED, Agreement, FinanceContact, Instalment, Milestone
from agreements.services.common import (
    CENT,
    bump,
    check_due_date,
    curator_ids,
    day,
    euros,
    expect_version,
    lock,
    percent,
    record_step,
    require,
    team_ids,
)
from challenges.models import Challenge
from pilots.models import Pilot
from portal.audit import audit_record
from portal.markdown import render_markdown

TEXT_FIELDS = ("terms", "city_contact", "team_contact")


def split_budget(budget: Decimal, shares: Sequence[Decimal]) -> list[Decimal]:
    """Each milestone's instalment: its share of the budget, down to the cent; the last takes the
    cents left over, so that the instalments add up to the budget exactly."""
    amounts = [(budget * share / HUNDRED).quantize(CENT, rounding=ROUND_DOWN) for share in shares]
    if amounts:
        amounts[-1] = budget - sum(amounts[:-1], Decimal("0"))
    return amounts


def _clean_milestones(challenge: Challenge, rows: Sequence[Mapping]) -> list[dict]:
    """The milestones as given, checked: all problems at once, each naming its milestone."""
    if not rows:
        raise ValidationError({"milestones": _("An agreement has at least one milestone.")})
    problems, cleaned = [], []
    for number, row in enumerate(rows, start=1):
        item = {}
        for name in ("title", "deliverable"):
            item[name] = str(row.get(name) or "").strip()
            if not item[name]:
                label = _("a title") if name == "title" else _("a deliverable")
                problems.append(_("Milestone %(number)s needs %(what)s.") % {"number": number, "what": label})
        for name, clean in (("due_date", day), ("share", percent)):
            try:
                item[name] = clean(row.get(name), field=name)
                if name == "due_date":
                    check_due_date(challenge, item[name], field=name)
            except ValidationError as error:
                for message in error.messages:
                    problems.append(
                        _("Milestone %(number)s: %(problem)s") % {"number": number, "problem": message}
                    )
        if len(item["title"]) > 200:
            problems.append(_("Milestone %(number)s: the title is too long.") % {"number": number})
        cleaned.append(item)
    if not problems:
        total = sum((item["share"] for item in cleaned), Decimal("0"))
        if total != HUNDRED:
            problems.append(
                _("The milestones' shares add up to %(total)s %%; together they must be exactly 100 %%.")
                % {"total": total}
            )
    if problems:
        raise ValidationError({"milestones": problems}, code="invalid_milestones")
    return cleaned


def _replace_milestones(agreement: Agreement, milestones: list[dict]) -> None:
    agreement.milestones.all().delete()  # a draft only: nothing was reported or paid yet
    amounts = split_budget(agreement.budget, [item["share"] for item in milestones])
    for position, (item, amount) in enumerate(zip(milestones, amounts, strict=True)):
        milestone = Milestone(agreement=agreement, position=position, **item)
        milestone.full_clean(exclude=["agreement"])
        milestone.save()
        Instalment.objects.create(agreement=agreement, milestone=milestone, amount=amount)


def _apply(agreement: Agreement, *, budget, budget_public, fields: Mapping) -> None:
    agreement.budget = euros(budget, field="budget")
    agreement.budget_public = bool(budget_public)
    for name in TEXT_FIELDS:
        if name in fields:
            setattr(agreement, name, str(fields[name] or "").strip())
    agreement.terms_html = render_markdown(agreement.terms)
    problems = {}
    if not agreement.terms:
        problems["terms"] = _("Write the terms both sides agree to.")
    for name in ("city_contact", "team_contact"):
        if not getattr(agreement, name):
            problems[name] = _("Name the contact: who, with an email address or a phone number.")
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def agreement_draw_up(
    *,
    actor: User,
    pilot: Pilot,
    budget,
    terms: str,
    city_contact: str,
    team_contact: str,
    milestones: Sequence[Mapping],
    budget_public: bool = False,
    now: datetime | None = None,
) -> Agreement:
    """A curator draws up the agreement of an accepted pilot; the team is told to read and accept it."""
    now = now or timezone.now()
    pilot = Pilot.objects.select_for_update(of=("self",)).select_related("challenge").get(pk=pilot.pk)
    require(actor, "agreements.draw_up_agreement", pilot)
    if Agreement.objects.filter(pilot=pilot).exists():
        raise ValidationError(_("This pilot already has an agreement; edit it instead."), code="exists")
    agreement = Agreement(pilot=pilot, created_by=actor, created_at=now)
    _apply(
        agreement,
        budget=budget,
        budget_public=budget_public,
        fields={"terms": terms, "city_contact": city_contact, "team_contact": team_contact},
    )
    cleaned = _clean_milestones(pilot.challenge, milestones)
    agreement.full_clean(exclude=["pilot"])
    agreement.save()
    _replace_milestones(agreement, cleaned)
    record_step(
        actor=actor,
        agreement=agreement,
        action="draw_up",
        step=gettext_lazy("agreement drawn up"),
        recipients=team_ids(pilot),
        budget=str(agreement.budget),
    )
    return agreement


@transaction.atomic
def agreement_update(
    *,
    actor: User,
    agreement: Agreement,
    expected_version: int,
    budget,
    terms: str,
    city_contact: str,
    team_contact: str,
    milestones: Sequence[Mapping],
    budget_public: bool = False,
) -> Agreement:
    """Edit a draft agreement (before the team accepts it), refusing an edit of an older version."""
    agreement = lock(agreement)
    require(actor, "agreements.change_agreement", agreement)
    expect_version(agreement, expected_version)
    _apply(
        agreement,
        budget=budget,
        budget_public=budget_public,
        fields={"terms": terms, "city_contact": city_contact, "team_contact": team_contact},
    )
    cleaned = _clean_milestones(agreement.pilot.challenge, milestones)
    bump(agreement, "budget", "budget_public", "terms", "terms_html", "city_contact", "team_contact")
    _replace_milestones(agreement, cleaned)
    record_step(
        actor=actor,
        agreement=agreement,
        action="update",
        step=gettext_lazy("agreement changed"),
        recipients=team_ids(agreement.pilot),
        version=agreement.version,
    )
    return agreement


@transaction.atomic
def agreement_accept(
    *, actor: User, agreement: Agreement, expected_version: int, now: datetime | None = None
) -> Agreement:
    """The team's administrator accepts the agreement as it stands in `expected_version`."""
    now = now or timezone.now()
    agreement = lock(agreement)
    require(actor, "agreements.accept_agreement", agreement)
    expect_version(agreement, expected_version)
    agreement.status = Agreement.Status.ACCEPTED
    agreement.accepted_by = actor
    agreement.accepted_at = now
    bump(agreement, "status", "accepted_by", "accepted_at")
    record_step(
        actor=actor,
        agreement=agreement,
        action="accept",
        step=gettext_lazy("agreement accepted"),
        recipients=curator_ids(agreement.pilot),
        version=agreement.version,
    )
    return agreement


def agreement_check_startable(pilot: Pilot) -> None:
    """Registered with pilots.start_checks: a pilot whose agreement was drawn up starts once its
    team has accepted it. (A pilot accepted without an agreement on the portal starts as before.)"""
    agreement = Agreement.objects.filter(pilot_id=pilot.pk).only("status").first()
    if agreement is not None and not agreement.is_accepted:
        raise ValidationError(
            _("The pilot starts once its team has accepted the agreement the curators drew up."),
            code="agreement_not_accepted",
        )


# --- Finance contacts ----------------------------------------------------------------------------


@transaction.atomic
def finance_contact_appoint(*, actor: User, challenge: Challenge, email: str) -> FinanceContact:
    """A curator appoints someone with an account (found by email) to pay the challenge's instalments."""
    require(actor, "agreements.appoint_finance_contact", challenge)
    email = (email or "").strip()
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        raise ValidationError(
            {
                "email": _("No one has an account with the address %(email)s. Ask them to sign up first.")
                % {"email": email}
            }
        )
    already = _("%(name)s is already a finance contact of this challenge.") % {"name": user.display_name}
    if FinanceContact.objects.filter(challenge=challenge, user=user).exists():
        raise ValidationError({"email": already})
    try:
        with transaction.atomic():
            contact = FinanceContact.objects.create(challenge=challenge, user=user, appointed_by=actor)
    except IntegrityError as error:
        raise ValidationError({"email": already}) from error
    user.__dict__.pop("_finance_challenges", None)
    audit_record(actor=actor, action="agreement.appoint_finance_contact", target=challenge, user=user.pk)
    return contact


@transaction.atomic
def finance_contact_remove(*, actor: User, challenge: Challenge, user: User) -> None:
    require(actor, "agreements.appoint_finance_contact", challenge)
    deleted, _counts = FinanceContact.objects.filter(challenge=challenge, user=user).delete()
    if not deleted:
        raise ValidationError(
            _("%(name)s is not a finance contact of this challenge.") % {"name": user.display_name}
        )
    user.__dict__.pop("_finance_challenges", None)
    audit_record(actor=actor, action="agreement.remove_finance_contact", target=challenge, user=user.pk)
