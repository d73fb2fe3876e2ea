"""Who may do what with pilots, and when.

Two kinds of predicates: *who* (team member, curator, evaluator of the pilot's challenge) and
*when* (the pilot's status, the challenge's dates). The permissions combine them and serve the
pages and templates (which buttons to show); the services check the *who* predicates to refuse
with `PermissionDenied`, and the *when* conditions themselves, to say in words why not now.

Confidentiality: a proposal is seen by its team; once submitted, also by the challenge's curators
and evaluators; by administrators always. From acceptance on the pilot is public.

Ask these permissions as every other app does: `user.has_perm(perm, obj)`, in templates
`{% has_perm perm user obj as … %}` from `{% load rules %}`. For a permission the rules define,
`accounts.models.User.has_perm` asks the rules for everyone, administrators too (Django alone says
yes to an administrator for every permission): an administrator is not on a pilot's team nor an
appointed evaluator, and the services refuse them those steps. So the rules name where
administrators may act (`is_administrator`).
"""

import rules
from django.utils import timezone

from accounts.rules import is_administrator, is_signed_in
from challenges.rules import can_curate, is_curator, is_evaluator
from pilots.models import Pilot

# --- Who --------------------------------------------------------------------------------------


@rules.predicate
def is_team_member(user, pilot) -> bool:
    if not (user.is_authenticated and pilot is not None and pilot.pk):
        return False
    cache = user.__dict__.setdefault("_pilot_team_cache", {})
    if pilot.pk not in cache:
        cache[pilot.pk] = pilot.team_members.filter(user=user).exists()
    return cache[pilot.pk]


@rules.predicate
def is_pilot_curator(user, pilot) -> bool:
    """A curator (official) of the pilot's challenge, or an administrator."""
    return pilot is not None and can_curate(user, pilot.challenge)


@rules.predicate
def is_pilot_evaluator(user, pilot) -> bool:
    return pilot is not None and is_evaluator(user, pilot.challenge)


@rules.predicate
def asks_about_no_pilot(user, pilot) -> bool:
    """The Django admin asks about pilots in general ("may this person change pilots?")."""
    return pilot is None


# --- When -------------------------------------------------------------------------------------


@rules.predicate
def is_public(user, pilot) -> bool:
    return pilot is not None and pilot.status in Pilot.PUBLIC_STATUSES


@rules.predicate
def is_draft(user, pilot) -> bool:
    return pilot is not None and pilot.status == Pilot.Status.DRAFT


@rules.predicate
def is_submitted(user, pilot) -> bool:
    """Past the draft: the team has handed it in."""
    return pilot is not None and pilot.status != Pilot.Status.DRAFT


@rules.predicate
def is_under_review(user, pilot) -> bool:
    return pilot is not None and pilot.status in (Pilot.Status.IN_REVIEW, Pilot.Status.SHORTLISTED)


@rules.predicate
def is_undecided(user, pilot) -> bool:
    return pilot is not None and pilot.status in (
        Pilot.Status.SUBMITTED,
        Pilot.Status.IN_REVIEW,
        Pilot.Status.SHORTLISTED,
    )


@rules.predicate
def is_accepted(user, pilot) -> bool:
    return pilot is not None and pilot.status == Pilot.Status.ACCEPTED


@rules.predicate
def is_running(user, pilot) -> bool:
    return pilot is not None and pilot.status == Pilot.Status.RUNNING


@rules.predicate
def is_live(user, pilot) -> bool:
    """Accepted or running: the pilot is on and takes participants."""
    return pilot is not None and pilot.status in (Pilot.Status.ACCEPTED, Pilot.Status.RUNNING)


@rules.predicate
def is_decided(user, pilot) -> bool:
    return pilot is not None and pilot.status in Pilot.DECIDED_STATUSES


@rules.predicate
def proposals_open(user, pilot) -> bool:
    return pilot is not None and pilot.challenge.accepts_proposals()


@rules.predicate
def scoring_open(user, pilot) -> bool:
    return pilot is not None and pilot.challenge.scoring_open()


@rules.predicate
def has_capacity_left(user, pilot) -> bool:
    if pilot is None or pilot.capacity == 0:
        return False
    count = getattr(pilot, "active_participant_count", None)
    if count is None:
        count = pilot.participants.filter(withdrawn_at__isnull=True).count()
    return count < pilot.capacity


# --- Challenge-level --------------------------------------------------------------------------


@rules.predicate
def challenge_takes_drafts(user, challenge) -> bool:
    """Drafts may be started once a challenge is published, until its proposals close."""
    return (
        challenge is not None
        and challenge.is_published
        and challenge.closed_early_at is None
        and timezone.now() < challenge.proposals_close
    )


@rules.predicate
def is_challenge_insider(user, challenge) -> bool:
    """Curators and evaluators judge a challenge's proposals, so they do not write one."""
    return bool(is_curator(user, challenge) or is_evaluator(user, challenge))


can_see_proposal = (
    is_team_member | is_administrator | (is_submitted & (is_pilot_curator | is_pilot_evaluator))
)

rules.add_perm("pilots.view_pilot", is_public | can_see_proposal)
rules.add_perm("pilots.create_pilot", is_signed_in & challenge_takes_drafts & ~is_challenge_insider)
# Also the Django admin's model permission: there administrators mend any pilot's data.
rules.add_perm("pilots.change_pilot", (is_team_member & is_draft) | (is_administrator & asks_about_no_pilot))
# Attachments stay with the people who judge the proposal, also after it is accepted and public:
# they hold what a team shows only to the city (prices, CVs, letters of intent).
rules.add_perm("pilots.view_attachments", can_see_proposal)
rules.add_perm("pilots.change_attachments", is_team_member & is_draft)
rules.add_perm(
    "pilots.manage_team",
    is_team_member & (is_draft | is_undecided | is_live),
)
rules.add_perm("pilots.submit_pilot", is_team_member & is_draft & proposals_open)
rules.add_perm(
    "pilots.review_pilot",
    is_pilot_evaluator & ~is_team_member & is_under_review & scoring_open,
)
rules.add_perm("pilots.decide_pilot", is_pilot_curator & is_undecided)
rules.add_perm("pilots.view_reviews", is_pilot_curator & is_submitted)
rules.add_perm("pilots.view_decision", (is_team_member | is_pilot_curator) & is_decided)
rules.add_perm("pilots.start_pilot", (is_team_member | is_pilot_curator) & is_accepted)
rules.add_perm("pilots.change_data_statement", is_team_member & is_live)
rules.add_perm("pilots.post_update", is_team_member & is_running)
rules.add_perm("pilots.publish_results", is_team_member & is_running)
rules.add_perm("pilots.discontinue_pilot", (is_team_member | is_pilot_curator) & is_live)
rules.add_perm("pilots.sign_up", is_signed_in & is_live & has_capacity_left)
rules.add_perm("pilots.view_ranking", can_curate)
