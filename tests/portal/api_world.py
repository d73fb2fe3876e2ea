"""The people and items that the API-wide tests in this folder act on, each made on first use."""

from functools import cached_property

from django.test import TestCase

from accounts.models import Membership, Organization
from challenges.models import Phase
from engagement import services as engagement
from notifications import services as notifications
from pilots.models import Pilot
from tests.accounts.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.challenges.factories import ChallengeFactory, CriterionFactory, EvaluatorAppointmentFactory
from tests.ideas.factories import IdeaFactory
from tests.pilots.factories import PilotFactory


class World:
    """The people and items the cases act on, each made on first use."""

    @cached_property
    def resident(self):
        return UserFactory(name="Aino Resident")

    @cached_property
    def official(self):
        return UserFactory(name="Leena Official", is_official=True)

    @cached_property
    def evaluator(self):
        return UserFactory(name="Eero Evaluator", is_official=True)

    @cached_property
    def moderator(self):
        return UserFactory(name="Sara Moderator", is_moderator=True)

    @cached_property
    def organization(self) -> Organization:
        return OrganizationFactory(name="Polku Mobility")

    @cached_property
    def org_admin(self):
        return MembershipFactory(organization=self.organization, role=Membership.Role.ADMIN).user

    @cached_property
    def org_member(self):
        return MembershipFactory(organization=self.organization, role=Membership.Role.MEMBER).user

    @cached_property
    def lead(self):
        return MembershipFactory(organization=self.organization).user

    @cached_property
    def team_member(self):
        return UserFactory(name="Mikko Member")

    def challenge(self, phase=Phase.PROPOSALS):
        challenge = ChallengeFactory(phase=phase, curators=[self.official])
        EvaluatorAppointmentFactory(challenge=challenge, evaluator=self.evaluator)
        CriterionFactory(challenge=challenge, name="Impact", weight=3)
        return challenge

    @cached_property
    def open_challenge(self):
        return self.challenge()

    def pilot(self, status: str) -> Pilot:
        return PilotFactory(
            status=status,
            challenge=self.open_challenge,
            organization=self.organization,
            created_by=self.lead,
            team=[self.team_member],
        )

    def idea(self, **kwargs):
        return IdeaFactory(**kwargs)

    def comment(self, author=None):
        return self.comment_on(self.idea(), author=author or UserFactory())

    def comment_on(self, target, *, author, parent=None):
        return engagement.comment_create(actor=author, target=target, body="A comment", parent=parent)

    @cached_property
    def discussed(self):
        return self.idea()

    @cached_property
    def reviewed(self) -> Pilot:
        return self.pilot("in_review")

    @cached_property
    def running(self) -> Pilot:
        return self.pilot("running")

    def notify_resident(self):
        with TestCase.captureOnCommitCallbacks(execute=True):
            event = notifications.event_record(
                kind="pilot.update", actor=None, target=self.organization, url="/en/", title="Polku",
                recipients=[self.resident],
            )  # fmt: skip
        return event.notifications.get()
