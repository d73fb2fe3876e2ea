"""Every change to challenges goes through here: creating and editing them, their criteria,
publishing and closing them, and the people who curate and evaluate them.

Each function checks that the actor may do it (`challenges/rules.py`), validates, and writes in
one transaction. Errors that a person can fix are `ValidationError`s with a message for them; a
missing right is `PermissionDenied`.
"""

import contextlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.models import User
from accounts.rules import is_official
from challenges import selectors
from challenges.models import (
    TIMELINE_RULES,
    Challenge,
    Criterion,
    EvaluatorAppointment,
    Phase,
)
from challenges.translation import CHALLENGE_OPTIONAL_TEXTS, CHALLENGE_TEXTS, CRITERION_TEXTS
from notifications.services import event_record
from portal import translated
from portal.audit import audit_record
from portal.formats import format_moment
from portal.markdown import render_markdown
from portal.models import District, Goal

# What `challenge_update` may change. The address (slug) stays as it was created, so links last.
CHALLENGE_FIELDS = frozenset(
    {
        "title", "summary", "description", "goals", "district", "site", "department",
        "budget_total", "budget_max_per_pilot", "offers_data", "offers_sites", "offers_staff",
        "eligibility", "ideas_open", "ideas_close", "proposals_open", "proposals_close",
        "evaluation_end", "piloting_end",
    }
)  # fmt: skip
# Translated texts may also be given per language: `title_fi`, `title_sv`… or `title={"fi": …}`.
CHALLENGE_TRANSLATED = frozenset({*CHALLENGE_TEXTS, *CHALLENGE_OPTIONAL_TEXTS})
CHALLENGE_FIELDS = CHALLENGE_FIELDS | translated.localized_names(CHALLENGE_TRANSLATED)
CRITERION_FIELDS = ("name", "description", "weight", "min_score")
CRITERION_LOCALIZED = tuple(sorted(translated.localized_names(CRITERION_TEXTS)))
# Labels of the texts for the messages that name a missing language.
CHALLENGE_TEXT_LABELS = {
    "title": _lazy("title"), "summary": _lazy("summary"), "description": _lazy("description"),
    "site": _lazy("test site"), "offers_data": _lazy("data sets the city offers"),
    "offers_sites": _lazy("test sites the city offers"),
    "offers_staff": _lazy("staff time the city offers"), "eligibility": _lazy("who can take part"),
}  # fmt: skip
CRITERION_TEXT_LABELS = {"name": _lazy("name"), "description": _lazy("description")}
# Fields whose validation messages already say what they are about (see `Challenge.clean`).
SELF_EXPLAINING_FIELDS = frozenset(
    {*(later for later, _earlier, _message in TIMELINE_RULES), "budget_max_per_pilot", NON_FIELD_ERRORS}
)
# Addresses under /challenges/ that are pages, not challenges.
RESERVED_SLUGS = frozenset({"new"})


def _require(actor: User, perm: str, obj=None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


def _forget_roles(user: User) -> None:
    """Drop the per-request curator and evaluator caches that `challenges.rules` keeps on a user.

    By attribute, not through `__dict__`: `request.user` is a lazy wrapper whose own `__dict__` is
    not the user's.
    """
    for cache in ("_curator_cache", "_evaluator_cache"):
        with contextlib.suppress(AttributeError):
            delattr(user, cache)


def _lock(challenge: Challenge) -> None:
    """Serialize changes to one challenge (criteria, curators) for the rest of the transaction."""
    Challenge.objects.select_for_update().filter(pk=challenge.pk).values_list("pk", flat=True).first()


def _unique_slug(title: str) -> str:
    base = slugify(title)[:70].strip("-") or "challenge"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Challenge.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def _goals(values: Iterable[Goal | str]) -> list[Goal]:
    slugs = {value.slug if isinstance(value, Goal) else str(value) for value in values}
    goals = list(Goal.objects.filter(slug__in=slugs))
    if len(goals) != len(slugs):
        raise ValidationError({"goals": _("Choose goals of the Espoo Story.")})
    return goals


def _apply(challenge: Challenge, fields: Mapping) -> list[Goal] | None:
    """Set the given fields on the challenge (not saved); return the goals to set, if given."""
    unknown = set(fields) - CHALLENGE_FIELDS
    if unknown:
        raise TypeError(f"{', '.join(sorted(unknown))} cannot be set here")
    goals = None
    for name, value in fields.items():
        if name == "goals":
            goals = _goals(value or [])
        elif name in CHALLENGE_TRANSLATED:
            translated.translations_set(challenge, name, value)
        else:
            setattr(challenge, name, value.strip() if isinstance(value, str) else value)
    for code in translated.content_languages():
        text = translated.text_in(challenge, "description", code)
        setattr(
            challenge, translated.localized("description_html", code), render_markdown(text) if text else ""
        )
    return goals


def challenge_language_problems(challenge: Challenge) -> list[str]:
    """The required languages missing from the challenge's texts or its criteria, in words."""
    problems = translated.missing_language_messages(challenge, CHALLENGE_TEXT_LABELS)
    for criterion in challenge.criteria.all():
        problems += translated.missing_language_messages(
            criterion, CRITERION_TEXT_LABELS, what=_("Criterion “%(name)s”") % {"name": criterion.name}
        )
    return problems


# --- Challenges -----------------------------------------------------------------------------


@transaction.atomic
def challenge_create(
    *,
    actor: User,
    department: str,
    ideas_open: datetime,
    ideas_close: datetime,
    proposals_open: datetime,
    proposals_close: datetime,
    evaluation_end: datetime,
    piloting_end: datetime,
    goals: Iterable[Goal | str] = (),
    district: District | None = None,
    site: str = "",
    budget_total: Decimal = Decimal("0"),
    budget_max_per_pilot: Decimal = Decimal("0"),
    offers_data: str = "",
    offers_sites: str = "",
    offers_staff: str = "",
    eligibility: str = "",
    criteria: Sequence[Mapping] = (),
    title: str | Mapping[str, str] = "",
    summary: str | Mapping[str, str] = "",
    description: str | Mapping[str, str] = "",
    **translations: str,
) -> Challenge:
    """An official drafts a challenge; they become its first curator. Nothing is public yet.

    Texts (title, summary…) are in the active language, or a mapping language → text; the other
    languages' columns can be given too (`title_sv="…"`). Publishing needs the required languages.
    """
    _require(actor, "challenges.create_challenge")
    fields = {
        "title": title, "summary": summary, "description": description, "department": department,
        "ideas_open": ideas_open, "ideas_close": ideas_close, "proposals_open": proposals_open,
        "proposals_close": proposals_close, "evaluation_end": evaluation_end,
        "piloting_end": piloting_end, "goals": goals, "district": district, "site": site,
        "budget_total": budget_total, "budget_max_per_pilot": budget_max_per_pilot,
        "offers_data": offers_data, "offers_sites": offers_sites, "offers_staff": offers_staff,
        "eligibility": eligibility,
    }  # fmt: skip
    unknown = set(translations) - CHALLENGE_FIELDS
    if unknown:
        raise TypeError(f"{', '.join(sorted(unknown))} cannot be set here")
    fields.update(translations)
    slug_source = title if isinstance(title, str) else translated.translation_pick(title)
    challenge = Challenge(
        slug=_unique_slug(slug_source or translations.get("title_fi", "")), created_by=actor
    )
    chosen_goals = _apply(challenge, fields)
    challenge.full_clean()
    challenge.save()
    challenge.goals.set(chosen_goals)
    challenge.curators.add(actor)
    _forget_roles(actor)
    if criteria:
        _replace_criteria(challenge, criteria)
    return challenge


@transaction.atomic
def challenge_update(
    *, actor: User, challenge: Challenge, criteria: Sequence[Mapping] | None = None, **fields
) -> Challenge:
    """A curator edits a challenge, and its criteria too when `criteria` is given, all or nothing.

    A published challenge must stay complete (see `challenge_publish_problems`).
    """
    _require(actor, "challenges.change_challenge", challenge)
    _lock(challenge)
    chosen_goals = _apply(challenge, fields)
    challenge.full_clean()
    challenge.save()
    if chosen_goals is not None:
        challenge.goals.set(chosen_goals)
    if criteria is not None:
        _replace_criteria(challenge, criteria)
    if challenge.is_published:
        problems = []
        if not challenge.goals.exists():
            problems.append(_("A published challenge needs at least one Espoo Story goal."))
        if not challenge.criteria.exists():
            problems.append(_("A published challenge needs at least one evaluation criterion."))
        problems += challenge_language_problems(challenge)
        if problems:
            raise ValidationError(problems)
        audit_record(actor=actor, action="challenge.change", target=challenge, fields=sorted(fields))
    return challenge


def challenge_publish_problems(*, challenge: Challenge, now=None) -> list[str]:
    """What keeps a draft from being published, in words for its curators; empty when ready."""
    now = now or timezone.now()
    problems = []
    if not challenge.goals.exists():
        problems.append(_("Choose at least one Espoo Story goal."))
    if not challenge.criteria.exists():
        problems.append(_("Add at least one evaluation criterion."))
    problems += challenge_language_problems(challenge)
    try:
        challenge.full_clean()
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            if field in SELF_EXPLAINING_FIELDS:
                problems += messages
            else:
                label = str(Challenge._meta.get_field(field).verbose_name).capitalize()
                problems += [
                    _("%(field)s: %(message)s") % {"field": label, "message": message} for message in messages
                ]
    if challenge.proposals_close <= now:
        problems.append(
            _("The proposal deadline (%(date)s) has already passed. Move it later.")
            % {"date": format_moment(challenge.proposals_close)}
        )
    return problems


@transaction.atomic
def challenge_publish(*, actor: User, challenge: Challenge, now=None) -> Challenge:
    """A curator makes a complete draft public. `now` backdates it (the demo uses that)."""
    _require(actor, "challenges.publish_challenge", challenge)
    _lock(challenge)
    now = now or timezone.now()
    challenge.refresh_from_db(fields=["published_at"])
    if challenge.is_published:
        raise ValidationError(
            _("This challenge was already published on %(date)s.")
            % {"date": format_moment(challenge.published_at)}
        )
    problems = challenge_publish_problems(challenge=challenge, now=now)
    if problems:
        raise ValidationError(problems)
    challenge.published_at = now
    challenge.save(update_fields=["published_at", "updated_at"])
    audit_record(actor=actor, action="challenge.publish", target=challenge)
    return challenge


@transaction.atomic
def challenge_close_early(*, actor: User, challenge: Challenge, now=None) -> Challenge:
    """A curator closes a published challenge before its timeline ends: nothing more is taken."""
    _require(actor, "challenges.close_challenge", challenge)
    _lock(challenge)
    now = now or timezone.now()
    challenge.refresh_from_db(fields=["published_at", "closed_early_at"])
    if not challenge.is_published:
        raise ValidationError(_("A draft cannot be closed; it is not public yet."))
    if challenge.phase_at(now) == Phase.CLOSED:
        raise ValidationError(_("This challenge is already closed."))
    challenge.closed_early_at = now
    challenge.save(update_fields=["closed_early_at", "updated_at"])
    audit_record(actor=actor, action="challenge.close_early", target=challenge)
    return challenge


# --- Criteria -------------------------------------------------------------------------------


@transaction.atomic
def criteria_set(*, actor: User, challenge: Challenge, criteria: Sequence[Mapping]) -> list[Criterion]:
    """A curator replaces the criteria: items with an `id` update that criterion, items without
    one are added, and criteria left out are deleted. Their order is the order given.

    Refused once an evaluator has reviewed a proposal: the scores would no longer add up.
    """
    _require(actor, "challenges.change_challenge", challenge)
    result = _replace_criteria(challenge, criteria)
    if challenge.is_published and not result:
        raise ValidationError(_("A published challenge needs at least one evaluation criterion."))
    return result


def _criterion_values(criterion: Criterion) -> tuple:
    names = [name for name in CRITERION_FIELDS if name not in CRITERION_TEXTS] + list(CRITERION_LOCALIZED)
    return tuple(
        getattr(criterion, name) or "" if name in CRITERION_LOCALIZED else getattr(criterion, name)
        for name in names
    )


def _replace_criteria(challenge: Challenge, criteria: Sequence[Mapping]) -> list[Criterion]:
    _lock(challenge)
    existing = {criterion.pk: criterion for criterion in Criterion.objects.filter(challenge=challenge)}
    before = {pk: _criterion_values(criterion) for pk, criterion in existing.items()}
    wanted: list[Criterion] = []
    for position, item in enumerate(criteria):
        pk = item.get("id")
        if pk is not None and pk not in existing:
            raise ValidationError(
                _("The criteria were changed by someone else meanwhile. Reload the page and try again.")
            )
        criterion = existing[pk] if pk is not None else Criterion(challenge=challenge)
        for name in CRITERION_FIELDS:
            if name not in item:
                continue
            value = item[name]
            if name in CRITERION_TEXTS:
                translated.translations_set(criterion, name, value)
            else:
                setattr(criterion, name, value)
        for name in CRITERION_LOCALIZED:
            if name in item:
                setattr(criterion, name, (item[name] or "").strip())
        criterion.position = position
        wanted.append(criterion)
    changed = [criterion.pk for criterion in wanted] != list(existing) or any(
        _criterion_values(criterion) != before[criterion.pk] for criterion in wanted
    )
    if not changed:
        return wanted
    if selectors.challenge_has_reviews(challenge=challenge):
        raise ValidationError(
            _("The criteria cannot change any more: evaluators have already scored proposals against them."),
            code="criteria_fixed",
        )
    _validate_criteria(wanted)
    removed = set(existing) - {criterion.pk for criterion in wanted}
    Criterion.objects.filter(pk__in=removed).delete()
    for criterion in wanted:
        criterion.save()
    # Criteria the caller prefetched (pages and API do) are stale now; later checks must ask anew.
    getattr(challenge, "_prefetched_objects_cache", {}).pop("criteria", None)
    return wanted


def _validate_criteria(criteria: list[Criterion]) -> None:
    problems = []
    names: set[str] = set()
    for number, criterion in enumerate(criteria, start=1):
        label = criterion.name or _("Criterion %(number)s") % {"number": number}
        try:
            criterion.full_clean(exclude=["challenge"])
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                verbose = Criterion._meta.get_field(field).verbose_name
                problems += [
                    _("%(criterion)s, %(field)s: %(message)s")
                    % {"criterion": label, "field": verbose, "message": message}
                    for message in messages
                ]
        if criterion.name and criterion.name.casefold() in names:
            problems.append(
                _("Two criteria are called “%(name)s”. Give each its own name.") % {"name": label}
            )
        names.add(criterion.name.casefold())
    if problems:
        raise ValidationError(problems)


# --- Curators and evaluators ----------------------------------------------------------------


def _user_by_email(email: str) -> User:
    email = email.strip()
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        raise ValidationError(
            {
                "email": _("No one has an account with the address %(email)s. Ask them to sign up first.")
                % {"email": email}
            }
        )
    return user


@transaction.atomic
def curator_add(*, actor: User, challenge: Challenge, email: str) -> User:
    """A curator shares the challenge with another official, found by their email address."""
    _require(actor, "challenges.manage_curators", challenge)
    user = _user_by_email(email)
    if not is_official(user):
        raise ValidationError(
            {
                "email": _("Only city officials can curate challenges, and %(name)s is not one.")
                % {"name": user.display_name}
            }
        )
    if challenge.curators.filter(pk=user.pk).exists():
        raise ValidationError(
            {"email": _("%(name)s already curates this challenge.") % {"name": user.display_name}}
        )
    challenge.curators.add(user)
    _forget_roles(user)
    return user


@transaction.atomic
def curator_remove(*, actor: User, challenge: Challenge, user: User) -> None:
    """Take a curator off the challenge; an official must remain to look after it."""
    _require(actor, "challenges.manage_curators", challenge)
    _lock(challenge)
    if not challenge.curators.filter(pk=user.pk).exists():
        raise ValidationError(_("%(name)s does not curate this challenge.") % {"name": user.display_name})
    others = challenge.curators.filter(Q(is_official=True) | Q(is_superuser=True), is_active=True).exclude(
        pk=user.pk
    )
    if not others.exists():
        raise ValidationError(
            _("A challenge needs at least one curator. Add another official before removing %(name)s.")
            % {"name": user.display_name},
            code="last_curator",
        )
    challenge.curators.remove(user)
    _forget_roles(user)
    _forget_roles(actor)


@transaction.atomic
def evaluator_appoint(*, actor: User, challenge: Challenge, email: str) -> EvaluatorAppointment:
    """A curator appoints someone with an account, found by email, to evaluate the proposals."""
    _require(actor, "challenges.appoint_evaluator", challenge)
    user = _user_by_email(email)
    already = _("%(name)s is already an evaluator of this challenge.") % {"name": user.display_name}
    if challenge.appointments.filter(evaluator=user).exists():
        raise ValidationError({"email": already})
    appointment = EvaluatorAppointment(challenge=challenge, evaluator=user, appointed_by=actor)
    try:
        with transaction.atomic():
            appointment.save()
    except IntegrityError as error:
        # Two curators appointing the same person at once: the constraint decides.
        raise ValidationError({"email": already}) from error
    _forget_roles(user)
    audit_record(actor=actor, action="challenge.appoint_evaluator", target=challenge, evaluator=user.pk)
    return appointment


@transaction.atomic
def evaluator_remove(*, actor: User, challenge: Challenge, evaluator: User) -> None:
    _require(actor, "challenges.appoint_evaluator", challenge)
    deleted, _counts = challenge.appointments.filter(evaluator=evaluator).delete()
    if not deleted:
        raise ValidationError(
            _("%(name)s is not an evaluator of this challenge.") % {"name": evaluator.display_name}
        )
    _forget_roles(evaluator)
    audit_record(actor=actor, action="challenge.remove_evaluator", target=challenge, evaluator=evaluator.pk)


# --- When a curator or evaluator deletes their account (challenges.privacy) ---------------------
# No permission checks: privacy.services.account_delete has checked the person's password, and
# these run inside its transaction.


@transaction.atomic
def roles_forget(*, user: User) -> None:
    """Take a person whose account is being deleted off the challenges they curate and evaluate.

    A challenge keeps a last curator (then shown as "Deleted user") until an administrator adds
    another; the reviews an evaluator wrote stay with the proposals as the selection's record.
    """
    for challenge in Challenge.objects.filter(curators=user).order_by("pk"):
        _lock(challenge)
        others = challenge.curators.filter(Q(is_official=True) | Q(is_superuser=True), is_active=True)
        if others.exclude(pk=user.pk).exists():
            challenge.curators.remove(user)
    EvaluatorAppointment.objects.filter(evaluator=user).delete()
    _forget_roles(user)


# --- Announcements (run by Celery beat) ---------------------------------------------------------

DEADLINE_NOTICE = timedelta(hours=48)


def challenges_to_announce(*, now=None) -> dict[str, list[int]]:
    """Published, live challenges whose proposals just opened, or whose deadline is within 48 h."""
    now = now or timezone.now()
    live = Challenge.objects.published().filter(closed_early_at__isnull=True, proposals_close__gt=now)
    return {
        "proposals_open": list(
            live.filter(proposals_open__lte=now, proposals_announced_at__isnull=True).values_list(
                "pk", flat=True
            )
        ),
        "deadline": list(
            live.filter(
                proposals_close__lte=now + DEADLINE_NOTICE, deadline_reminded_at__isnull=True
            ).values_list("pk", flat=True)
        ),
    }


@transaction.atomic
def challenge_announce(*, challenge_id: int, what: str, now=None) -> bool:
    """Tell followers (once) that proposals opened or that they close within 48 hours.

    The marker is set under a row lock in the same transaction as the event, so two beat runs
    never announce twice. Returns whether this call announced it.
    """
    now = now or timezone.now()
    challenge = Challenge.objects.select_for_update().get(pk=challenge_id)
    marker = {"proposals_open": "proposals_announced_at", "deadline": "deadline_reminded_at"}[what]
    if getattr(challenge, marker) is not None or not challenge.accepts_proposals(now):
        return False
    setattr(challenge, marker, now)
    challenge.save(update_fields=[marker])
    audiences = ["followers"]
    if what == "deadline":
        # Teams with an unsubmitted draft need the reminder most, followers or not (the pilots
        # app names them: "draft_teams").
        audiences.append("draft_teams")
    event_record(
        kind=f"challenge.{what}",
        actor=None,
        target=challenge,
        url=challenge.get_absolute_url(),
        title=challenge.title,
        audiences=audiences,
    )
    return True
