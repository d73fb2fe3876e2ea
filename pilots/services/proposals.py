"""A proposal while its team writes it: the draft, the team, KPIs, attached files, and handing it
in; and taking a person off a team when their account is deleted.
"""

from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from accounts.rules import is_organization_member, is_signed_in
from challenges.models import Challenge
from challenges.rules import is_curator, is_evaluator
from engagement import services as engagement
from notifications.services import event_record
from pilots.models import KPI, Attachment, Pilot, TeamMember, Transition
from pilots.rules import is_team_member
from pilots.services.shared import Status, _expect_status, _lock, _move, _set_fields, _when
from pilots.translation import PILOT_PUBLIC_TEXTS
from portal import translated
from portal.formats import format_euros
from portal.rate_limits import rate_limit_hit
from portal.uploads import clean_attachment, store

# What the team writes while the proposal is a draft.
DRAFT_FIELDS = (
    "title", "summary", "problem", "solution", "partners", "test_site", "schedule", "budget_requested",
    "city_needs", "resident_involvement", "capacity", "collects_personal_data", "personal_data",
    "data_subjects", "data_purpose", "legal_basis", "data_retention", "data_contact",
)  # fmt: skip
# The public page's title and summary may also be given per language (`title_sv`…): the city
# publishes a running pilot's page in Finnish and Swedish (pilots/translation.py).
PUBLIC_TEXT_COLUMNS = tuple(sorted(translated.localized_names(PILOT_PUBLIC_TEXTS)))
DATA_STATEMENT_FIELDS = (
    "collects_personal_data", "personal_data", "data_subjects", "data_purpose", "legal_basis",
    "data_retention", "data_contact",
)  # fmt: skip
# Must be filled in before a proposal can be submitted.
REQUIRED_TO_SUBMIT = (
    "title", "summary", "problem", "solution", "test_site", "schedule", "resident_involvement",
    "data_contact",
)  # fmt: skip
REQUIRED_WITH_PERSONAL_DATA = (
    "personal_data",
    "data_subjects",
    "data_purpose",
    "legal_basis",
    "data_retention",
)


def _forget_team(user: User) -> None:
    user.__dict__.pop("_pilot_team_cache", None)


def _check_budget(pilot: Pilot, challenge: Challenge) -> None:
    if pilot.budget_requested is not None and pilot.budget_requested > challenge.budget_max_per_pilot:
        raise ValidationError(
            {
                "budget_requested": _(
                    "The most this challenge gives a pilot is %(max)s. Ask for that much or less."
                )
                % {"max": format_euros(challenge.budget_max_per_pilot)}
            },
            code="budget_over_maximum",
        )


# --- Drafts -----------------------------------------------------------------------------------


def pilot_check_proposable(*, actor: User, challenge: Challenge, now: datetime | None = None) -> None:
    """Raise the reason why the actor cannot start a proposal to the challenge now, if there is one."""
    now = now or timezone.now()
    if not is_signed_in(actor):
        raise PermissionDenied
    if not challenge.is_published or challenge.closed_early_at is not None:
        raise ValidationError(_("This challenge does not take proposals."), code="challenge_closed")
    if now >= challenge.proposals_close:
        raise ValidationError(
            _("Proposals for this challenge closed on %(date)s.")
            % {"date": _when(challenge.proposals_close)},
            code="deadline_passed",
        )
    if is_curator(actor, challenge) or is_evaluator(actor, challenge):
        raise ValidationError(
            _("You curate or evaluate this challenge, so you cannot propose a pilot to it."),
            code="insider",
        )


@transaction.atomic
def pilot_create_draft(
    *,
    actor: User,
    challenge: Challenge,
    title: str,
    organization: Organization | None = None,
    now: datetime | None = None,
    **fields,
) -> Pilot:
    """Start a proposal: for an organization the actor belongs to, or as a group of residents."""
    now = now or timezone.now()
    pilot_check_proposable(actor=actor, challenge=challenge, now=now)
    if organization is not None and not is_organization_member(actor, organization):
        raise PermissionDenied
    pilot = Pilot(challenge=challenge, organization=organization, created_by=actor, created_at=now)
    _set_fields(pilot, {"title": title, **fields}, (*DRAFT_FIELDS, *PUBLIC_TEXT_COLUMNS))
    _check_budget(pilot, challenge)
    pilot.full_clean()
    rate_limit_hit(actor=actor, action="proposal")
    pilot.save()
    TeamMember.objects.create(pilot=pilot, user=actor, role=TeamMember.Role.LEAD, added_at=now)
    Transition.objects.create(
        pilot=pilot, from_status="", to_status=Status.DRAFT, actor=actor, at=pilot.created_at
    )
    _forget_team(actor)
    return pilot


@transaction.atomic
def pilot_update_draft(*, actor: User, pilot: Pilot, expected_version: int, **fields) -> Pilot:
    """Save the team's edits, unless someone else saved the draft since `expected_version`."""
    pilot = _lock(pilot)
    if not is_team_member(actor, pilot):
        raise PermissionDenied
    if pilot.status != Status.DRAFT:
        raise ValidationError(
            _("This proposal was submitted on %(date)s and can no longer be edited.")
            % {"date": _when(pilot.submitted_at)},
            code="not_draft",
        )
    if pilot.version != expected_version:
        raise ValidationError(
            _(
                "Someone else saved this proposal in the meantime. Your changes were not saved: "
                "copy them, reload the page to see the other changes, and add yours again."
            ),
            code="stale",
        )
    changed = _set_fields(pilot, fields, (*DRAFT_FIELDS, *PUBLIC_TEXT_COLUMNS))
    _check_budget(pilot, pilot.challenge)
    pilot.version += 1
    pilot.full_clean()
    pilot.save(update_fields=[*changed, "version", "updated_at"])
    return pilot


# --- Team -------------------------------------------------------------------------------------

TEAM_CHANGE_STATUSES = (
    Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW, Status.SHORTLISTED, Status.ACCEPTED, Status.RUNNING,
)  # fmt: skip


@transaction.atomic
def team_add(*, actor: User, pilot: Pilot, email: str) -> TeamMember:
    """Add a person with an account to the team. They see the proposal from then on."""
    pilot = _lock(pilot)
    if not is_team_member(actor, pilot):
        raise PermissionDenied
    _expect_status(pilot, TEAM_CHANGE_STATUSES, _("The team of a pilot that has ended cannot change."))
    email = email.strip()
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        raise ValidationError(
            {
                "email": _("Nobody has an account with %(email)s. Ask them to sign up first.")
                % {"email": email}
            }
        )
    if pilot.team_members.filter(user=user).exists():
        raise ValidationError({"email": _("%(name)s is already on the team.") % {"name": user.display_name}})
    if is_curator(user, pilot.challenge) or is_evaluator(user, pilot.challenge):
        raise ValidationError(
            {
                "email": _(
                    "%(name)s curates or evaluates this challenge and cannot join a team proposing to it."
                )
                % {"name": user.display_name}
            }
        )
    member = TeamMember.objects.create(pilot=pilot, user=user, role=TeamMember.Role.MEMBER)
    _forget_team(user)
    event_record(
        kind="team.invitation", actor=actor, target=pilot, url=pilot.get_absolute_url(), title=pilot.title,
        group=pilot.challenge, recipients=[user],
    )  # fmt: skip
    return member


@transaction.atomic
def team_remove(*, actor: User, member: TeamMember) -> None:
    pilot = _lock(member.pilot)
    if not is_team_member(actor, pilot):
        raise PermissionDenied
    _expect_status(pilot, TEAM_CHANGE_STATUSES, _("The team of a pilot that has ended cannot change."))
    if member.role == TeamMember.Role.LEAD:
        raise ValidationError(_("The lead of the team cannot be removed."), code="lead")
    member.delete()
    _forget_team(member.user)


# --- KPIs -------------------------------------------------------------------------------------


def _kpi_editable(actor: User, pilot: Pilot) -> None:
    if not is_team_member(actor, pilot):
        raise PermissionDenied
    _expect_status(
        pilot, (Status.DRAFT,), _("KPIs are set while the proposal is a draft; this one is “%(status)s”.")
    )


@transaction.atomic
def kpi_add(*, actor: User, pilot: Pilot, name: str, target: Decimal, unit: str = "", note: str = "") -> KPI:
    pilot = _lock(pilot)
    _kpi_editable(actor, pilot)
    kpi = KPI(
        pilot=pilot,
        name=name.strip(),
        unit=unit.strip(),
        target=target,
        note=note.strip(),
        position=pilot.kpis.count(),
    )
    kpi.full_clean()
    kpi.save()
    return kpi


@transaction.atomic
def kpi_update(*, actor: User, kpi: KPI, name: str, target: Decimal, unit: str = "", note: str = "") -> KPI:
    _kpi_editable(actor, _lock(kpi.pilot))
    kpi.name, kpi.unit, kpi.target, kpi.note = name.strip(), unit.strip(), target, note.strip()
    kpi.full_clean()
    kpi.save()
    return kpi


@transaction.atomic
def kpi_remove(*, actor: User, kpi: KPI) -> None:
    _kpi_editable(actor, _lock(kpi.pilot))
    kpi.delete()


# --- Attachments ------------------------------------------------------------------------------


def _attachments_editable(actor: User, pilot: Pilot) -> None:
    if not is_team_member(actor, pilot):
        raise PermissionDenied
    _expect_status(
        pilot,
        (Status.DRAFT,),
        _("Files are attached while the proposal is a draft; this one is “%(status)s”."),
    )


@transaction.atomic
def attachment_add(*, actor: User, pilot: Pilot, file: File) -> Attachment:
    """Attach a PDF or an image to a draft (checked by content and stored under a random name,
    images re-encoded without metadata; see `portal.uploads`). As confidential as the proposal."""
    pilot = _lock(pilot)
    _attachments_editable(actor, pilot)
    limit = settings.PILOT_ATTACHMENTS_MAX
    if pilot.attachments.count() >= limit:
        raise ValidationError(
            {"file": _("A proposal can have at most %(count)s files. Remove one to attach another.")
             % {"count": limit}}
        )  # fmt: skip
    clean = clean_attachment(file, field="file")
    attachment = Attachment(
        pilot=pilot,
        name=clean.display_name,
        content_type=clean.content_type,
        size=clean.size,
        uploaded_by=actor,
    )
    store(attachment.file, clean)
    attachment.save()
    return attachment


@transaction.atomic
def attachment_remove(*, actor: User, attachment: Attachment) -> None:
    """Remove a file from a draft; the stored file is deleted after the commit."""
    _attachments_editable(actor, _lock(attachment.pilot))
    attachment.delete()


# --- Submission ------------------------------------------------------------------------------


def missing_for_submission(pilot: Pilot) -> list[str]:
    """The names of what must still be filled in before the proposal can be submitted."""
    required = list(REQUIRED_TO_SUBMIT)
    if pilot.collects_personal_data:
        required += REQUIRED_WITH_PERSONAL_DATA
    return [str(Pilot._meta.get_field(name).verbose_name) for name in required if not getattr(pilot, name)]


@transaction.atomic
def pilot_submit(*, actor: User, pilot: Pilot, now: datetime | None = None) -> Pilot:
    """Hand the proposal in: complete, within the budget, before the deadline."""
    now = now or timezone.now()
    pilot = _lock(pilot)
    challenge = pilot.challenge
    if not is_team_member(actor, pilot):
        raise PermissionDenied
    _expect_status(pilot, (Status.DRAFT,), _("This proposal has already been submitted; it is “%(status)s”."))
    if not challenge.accepts_proposals(now):
        if challenge.is_published and challenge.closed_early_at is None and now < challenge.proposals_open:
            message = _("Proposals can be submitted from %(date)s.") % {
                "date": _when(challenge.proposals_open)
            }
        elif challenge.is_published and challenge.closed_early_at is None:
            message = _("Proposals for this challenge closed on %(date)s.") % {
                "date": _when(challenge.proposals_close)
            }
        else:
            message = _("This challenge does not take proposals.")
        raise ValidationError(message, code="deadline_passed")
    missing = missing_for_submission(pilot)
    if missing:
        raise ValidationError(
            _("Fill in these before you submit: %(fields)s.") % {"fields": ", ".join(missing)},
            code="incomplete",
        )
    if not pilot.kpis.exists():
        raise ValidationError(
            _("Add at least one KPI with a target before you submit, so the pilot can be measured."),
            code="no_kpis",
        )
    _check_budget(pilot, challenge)
    pilot.submitted_at = now
    return _move(pilot, to=Status.SUBMITTED, actor=actor, at=now, fields=["submitted_at"])


# --- When a team member deletes their account (pilots.privacy) ---------------------------------
# No permission checks: privacy.services.account_delete has checked the person's password, and
# these run inside its transaction.


@transaction.atomic
def team_member_forget(*, member: TeamMember) -> str:
    """Take a person whose account is being deleted off a team, whatever the pilot's status.

    The proposal is the organization's and stays. The longest-standing other member takes over as
    lead. A last member stays, shown as "Deleted user", so the record of who proposed it holds,
    except on a draft nobody else has seen, which is deleted. Returns "removed", "kept" or
    "deleted".
    """
    pilot = _lock(member.pilot)
    successor = pilot.team_members.exclude(pk=member.pk).order_by("added_at", "pk").first()
    if successor is None:
        if pilot.status != Status.DRAFT:
            return "kept"
        engagement.engagement_forget_item(target=pilot)
        pilot.delete()  # its KPIs, history and attached files with it
        return "deleted"
    was_lead = member.role == TeamMember.Role.LEAD
    member.delete()
    if was_lead:
        successor.role = TeamMember.Role.LEAD
        successor.save(update_fields=["role"])
    _forget_team(member.user)
    return "removed"
