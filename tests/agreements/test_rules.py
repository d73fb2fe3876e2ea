"""Every role × action of agreements, allowed and denied, and the visibility filter held to the rules."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import Membership
from agreements import selectors
from agreements.models import FinanceContact
from agreements.rules import can
from pilots import services as pilot_services
from pilots.models import Pilot
from tests.accounts.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.challenges.factories import ChallengeFactory, EvaluatorAppointmentFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "visitor",
    "resident",
    "member",
    "lead",
    "org_admin",
    "curator",
    "official",
    "evaluator",
    "finance",
    "other_finance",
    "administrator",
]


@pytest.fixture
def people(challenge, pilot, lead, member, curator, finance):
    organization = OrganizationFactory(name="Polku")
    pilot.organization = organization
    pilot.save(update_fields=["organization"])
    org_admin = MembershipFactory(organization=organization, role=Membership.Role.ADMIN).user
    pilot.team_members.create(user=org_admin)
    evaluator = UserFactory(is_official=True)
    EvaluatorAppointmentFactory(challenge=challenge, evaluator=evaluator)
    other_finance = UserFactory()
    FinanceContact.objects.create(challenge=ChallengeFactory(), user=other_finance)
    return {
        "visitor": AnonymousUser(),
        "resident": UserFactory(),
        "member": member,
        "lead": lead,
        "org_admin": org_admin,
        "curator": curator,
        "official": UserFactory(is_official=True),
        "evaluator": evaluator,
        "finance": finance,
        "other_finance": other_finance,
        "administrator": UserFactory(is_superuser=True, is_staff=True),
    }


TEAM = {"member", "lead", "org_admin"}
ADMINS = {"lead", "org_admin"}
CURATING = {"curator", "administrator"}
INSIDERS = TEAM | CURATING | {"finance"}

# (permission, state of the agreement, who may)
MATRIX = [
    ("agreements.view_agreement", "draft", INSIDERS),
    ("agreements.view_agreement", "accepted", INSIDERS),
    ("agreements.change_agreement", "draft", CURATING),
    ("agreements.change_agreement", "accepted", set()),
    ("agreements.accept_agreement", "draft", ADMINS),
    ("agreements.accept_agreement", "accepted", set()),
    ("agreements.submit_report", "draft", set()),
    ("agreements.submit_report", "accepted", TEAM),
    ("agreements.review_report", "draft", set()),
    ("agreements.review_report", "accepted", CURATING),
    ("agreements.mark_paid", "draft", set()),
    ("agreements.mark_paid", "accepted", {"finance"}),
    ("agreements.request_change", "accepted", TEAM),
    ("agreements.decide_change", "accepted", CURATING),
    ("agreements.submit_final_report", "accepted", TEAM),
    ("agreements.decide_outcome", "accepted", set()),  # the pilot has not ended
    ("agreements.decide_outcome", "ended", CURATING),
]


@pytest.mark.parametrize(("perm", "state", "allowed"), MATRIX)
def test_agreement_permissions(perm, state, allowed, people, draft, lead):
    agreement = draft
    if state in ("accepted", "ended"):
        from agreements import services

        agreement = services.agreement_accept(actor=lead, agreement=draft, expected_version=draft.version)
    if state == "ended":
        pilot_services.pilot_discontinue(actor=lead, pilot=agreement.pilot, reason="Over.")
        agreement.pilot.refresh_from_db()
    for role in ROLES:
        assert can(people[role], perm, agreement) is (role in allowed), (perm, state, role)


PILOT_MATRIX = [
    ("agreements.draw_up_agreement", "accepted", CURATING),
    ("agreements.draw_up_agreement", "declined", set()),
    ("agreements.offer_reserve", "accepted", set()),
    ("agreements.offer_reserve", "withdrawn", CURATING),
    ("agreements.answer_reserve_offer", "declined", ADMINS),
]


@pytest.mark.parametrize(("perm", "state", "allowed"), PILOT_MATRIX)
def test_pilot_permissions(perm, state, allowed, people, pilot, lead):
    if state == "withdrawn":
        pilot_services.pilot_discontinue(actor=lead, pilot=pilot, reason="We withdraw.")
        pilot.refresh_from_db()
    elif state == "declined":
        Pilot.objects.filter(pk=pilot.pk).update(status="declined", decision_reason="No.")
        pilot.refresh_from_db()
    for role in ROLES:
        assert can(people[role], perm, pilot) is (role in allowed), (perm, state, role)


def test_challenge_and_overview_permissions(people, challenge):
    for role in ROLES:
        user = people[role]
        assert can(user, "agreements.appoint_finance_contact", challenge) is (role in CURATING), role
        overview = {"curator", "official", "evaluator", "finance", "other_finance", "administrator"}
        assert can(user, "agreements.view_overview") is (role in overview), role
        export = {"curator", "official", "evaluator", "finance", "administrator"}
        assert can(user, "agreements.export_instalments") is (role in export), role


def test_visibility_filter_equals_the_rule(people, draft, challenge, draw_up):
    other = draw_up(
        Pilot.objects.create(
            challenge=challenge,
            title="Other",
            status="accepted",
            submitted_at=draft.created_at,
            decided_at=draft.created_at,
        )
    )
    for role in ROLES:
        user = people[role]
        visible = set(selectors.agreements_visible_to(user=user).values_list("pk", flat=True))
        by_rule = {a.pk for a in (draft, other) if can(user, "agreements.view_agreement", a)}
        assert visible == by_rule, role
