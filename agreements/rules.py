"""Who may do what with agreements, milestones, reports, instalments and change requests.

Who: the pilot's team (and among them its administrator: the team lead, or a team member who is an
administrator of the pilot's organization), the challenge's curators (officials; administrators
too, as in `challenges.rules.can_curate`), and the challenge's finance contacts. Everybody else
sees only what the pilot's public page shows: the milestone timeline, the city's decision, and
the budget where the agreement marks it public.

The permissions take the agreement (or, for drawing one up and the reserve list, the pilot). The
services check the same permissions and say in words why a step is not possible now.
"""

import rules

from accounts.rules import is_official, is_organization_admin
from challenges.models import Challenge
from challenges.rules import can_curate
from pilots.models import Pilot, TeamMember
from pilots.rules import is_team_member


def can(user, perm: str, obj=None) -> bool:
    return rules.has_perm(perm, user, obj)


def _pilot(obj):
    return obj if isinstance(obj, Pilot) or obj is None else obj.pilot


@rules.predicate
def is_agreement_team(user, obj) -> bool:
    pilot = _pilot(obj)
    return pilot is not None and is_team_member(user, pilot)


@rules.predicate
def is_team_administrator(user, obj) -> bool:
    """Who accepts the agreement and answers a reserve offer for the team."""
    pilot = _pilot(obj)
    if not (pilot is not None and user.is_authenticated and is_team_member(user, pilot)):
        return False
    cache = user.__dict__.setdefault("_team_admin_cache", {})
    if pilot.pk not in cache:
        lead = pilot.team_members.filter(user=user, role=TeamMember.Role.LEAD).exists()
        cache[pilot.pk] = lead or bool(pilot.organization and is_organization_admin(user, pilot.organization))
    return cache[pilot.pk]


@rules.predicate
def is_agreement_curator(user, obj) -> bool:
    pilot = _pilot(obj)
    return pilot is not None and can_curate(user, pilot.challenge)


@rules.predicate
def is_finance_contact(user, obj) -> bool:
    """A finance contact of the challenge (the object is an agreement, a pilot or a challenge)."""
    if not user.is_authenticated or obj is None:
        return False
    challenge_id = obj.pk if isinstance(obj, Challenge) else _pilot(obj).challenge_id
    cache = user.__dict__.get("_finance_challenges")
    if cache is None:
        cache = set(user.finance_contacts.values_list("challenge_id", flat=True))
        user.__dict__["_finance_challenges"] = cache
    return challenge_id in cache


@rules.predicate
def is_draft(user, agreement) -> bool:
    return agreement is not None and agreement.status == "draft"


@rules.predicate
def is_accepted(user, agreement) -> bool:
    return agreement is not None and agreement.status == "accepted"


@rules.predicate
def pilot_is_accepted(user, pilot) -> bool:
    return pilot is not None and pilot.status == Pilot.Status.ACCEPTED


@rules.predicate
def pilot_is_under_way(user, agreement) -> bool:
    """Reports and change requests belong to a pilot that is accepted or running."""
    return agreement is not None and agreement.pilot.status in (Pilot.Status.ACCEPTED, Pilot.Status.RUNNING)


@rules.predicate
def pilot_has_ended(user, agreement) -> bool:
    return agreement is not None and agreement.pilot.status in (
        Pilot.Status.COMPLETED,
        Pilot.Status.DISCONTINUED,
    )


@rules.predicate
def pilot_is_withdrawn(user, pilot) -> bool:
    """Discontinued while accepted: the team withdrew before the pilot started."""
    return pilot is not None and pilot.status == Pilot.Status.DISCONTINUED and pilot.started_at is None


@rules.predicate
def is_finance_of_challenge(user, challenge) -> bool:
    return is_finance_contact(user, challenge)


@rules.predicate
def is_any_finance_contact(user) -> bool:
    if not user.is_authenticated:
        return False
    cache = user.__dict__.get("_finance_challenges")
    if cache is None:
        cache = set(user.finance_contacts.values_list("challenge_id", flat=True))
        user.__dict__["_finance_challenges"] = cache
    return bool(cache)


insider = is_agreement_team | is_agreement_curator | is_finance_contact

# Terms, reports and money.
rules.add_perm("agreements.view_agreement", insider)
rules.add_perm("agreements.draw_up_agreement", is_agreement_curator & pilot_is_accepted)
rules.add_perm("agreements.change_agreement", is_agreement_curator & is_draft)
rules.add_perm("agreements.accept_agreement", is_team_administrator & is_draft)
rules.add_perm("agreements.submit_report", is_agreement_team & is_accepted & pilot_is_under_way)
rules.add_perm("agreements.review_report", is_agreement_curator & is_accepted)
rules.add_perm("agreements.mark_paid", is_finance_contact & is_accepted)
rules.add_perm("agreements.request_change", is_agreement_team & is_accepted & pilot_is_under_way)
rules.add_perm("agreements.decide_change", is_agreement_curator & is_accepted)
rules.add_perm("agreements.submit_final_report", is_agreement_team & is_accepted)
rules.add_perm("agreements.decide_outcome", is_agreement_curator & is_accepted & pilot_has_ended)
# Challenge-level: the finance contacts, the overview and the export.
rules.add_perm("agreements.appoint_finance_contact", can_curate)
# The officials' overview and the export: without an object (what they list is filtered by
# `selectors.agreements_visible_to`), officials and finance contacts; the export, officials.
rules.add_perm("agreements.view_overview", is_official | is_any_finance_contact)
rules.add_perm("agreements.export_instalments", is_official)
# The reserve list, on the withdrawn pilot.
rules.add_perm("agreements.offer_reserve", is_agreement_curator & pilot_is_withdrawn)
# Answering an offer, on the offered pilot.
rules.add_perm("agreements.answer_reserve_offer", is_team_administrator)
