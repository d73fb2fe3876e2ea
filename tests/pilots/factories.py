from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from challenges.models import Phase
from pilots.models import KPI, Participant, Pilot, ProgressUpdate, Review, Score, TeamMember, Transition
from portal.markdown import render_markdown
from tests.accounts.factories import UserFactory
from tests.challenges.factories import ChallengeFactory

DECIDED = {"accepted", "declined", "running", "completed", "discontinued"}


class PilotFactory(factory.django.DjangoModelFactory):
    """A complete proposal, ready to submit; pass status=... for any stage of its life.

    `created_by` leads the team; pass team=[users] to add members. The challenge is in the
    proposals phase unless you pass one.
    """

    class Meta:
        model = Pilot
        skip_postgeneration_save = True

    challenge = factory.SubFactory(ChallengeFactory, phase=Phase.PROPOSALS)
    organization = None
    created_by = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Pilot {n}")
    summary = "Shared commuting routes from Espoonlahti to Keilaniemi."
    problem = "Rush-hour buses are **full**."
    problem_html = factory.LazyAttribute(lambda o: render_markdown(o.problem))
    solution = "Match neighbours who drive the same way."
    solution_html = factory.LazyAttribute(lambda o: render_markdown(o.solution))
    test_site = "Keilaniemi"
    schedule = "Three months from September."
    budget_requested = Decimal("15000")
    city_needs = "Traffic counts."
    resident_involvement = "Commuters test the app."
    capacity = 10
    collects_personal_data = True
    personal_data = "Name, email, home district."
    data_subjects = "Participants."
    data_purpose = "Matching rides."
    legal_basis = Pilot.LegalBasis.CONSENT
    data_retention = "Six months after the pilot."
    data_contact = "privacy@example.org"
    status = Pilot.Status.DRAFT
    submitted_at = factory.LazyAttribute(
        lambda o: None if o.status == "draft" else timezone.now() - timedelta(days=5)
    )
    decided_at = factory.LazyAttribute(
        lambda o: timezone.now() - timedelta(days=2) if o.status in DECIDED else None
    )
    decision_reason = factory.LazyAttribute(lambda o: "Not this time." if o.status == "declined" else "")
    started_at = factory.LazyAttribute(
        lambda o: timezone.now() - timedelta(days=1) if o.status in {"running", "completed"} else None
    )
    learnings = factory.LazyAttribute(lambda o: "It worked." if o.status == "completed" else "")
    learnings_html = factory.LazyAttribute(lambda o: render_markdown(o.learnings))
    # Published results exist in Finnish and Swedish too (English is the tests' language).
    learnings_fi = factory.LazyAttribute(lambda o: o.learnings)
    learnings_sv = factory.LazyAttribute(lambda o: o.learnings)
    learnings_html_fi = factory.LazyAttribute(lambda o: o.learnings_html)
    learnings_html_sv = factory.LazyAttribute(lambda o: o.learnings_html)
    next_step = factory.LazyAttribute(lambda o: Pilot.NextStep.SCALE_UP if o.status == "completed" else "")
    results_published_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == "completed" else None
    )

    @factory.post_generation
    def team(self, create, extracted, **kwargs):
        if not create:
            return
        if self.created_by is not None:
            TeamMember.objects.create(pilot=self, user=self.created_by, role=TeamMember.Role.LEAD)
        for user in extracted or []:
            TeamMember.objects.create(pilot=self, user=user, role=TeamMember.Role.MEMBER)

    @factory.post_generation
    def kpis(self, create, extracted, **kwargs):
        # One KPI unless told otherwise (kpis=0 for none).
        if create:
            for n in range(1 if extracted is None else extracted):
                KPI.objects.create(
                    pilot=self, name=f"Car trips replaced {n}", unit="trips", target=100, position=n
                )


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    pilot = factory.SubFactory(PilotFactory)
    user = factory.SubFactory(UserFactory)
    role = TeamMember.Role.MEMBER


class KPIFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KPI

    pilot = factory.SubFactory(PilotFactory)
    name = factory.Sequence(lambda n: f"Indicator {n}")
    unit = "%"
    target = Decimal("50")


class ReviewFactory(factory.django.DjangoModelFactory):
    """A submitted review; scores={criterion: score} scores it, conflict_of_interest=True is a conflict."""

    class Meta:
        model = Review
        skip_postgeneration_save = True

    pilot = factory.SubFactory(PilotFactory, status=Pilot.Status.IN_REVIEW)
    evaluator = factory.SubFactory(UserFactory, is_official=True)
    conflict_of_interest = False
    submitted_at = factory.LazyAttribute(lambda o: None if o.conflict_of_interest else timezone.now())

    @factory.post_generation
    def scores(self, create, extracted, **kwargs):
        if create and extracted:
            Score.objects.bulk_create(
                Score(review=self, criterion=criterion, score=score) for criterion, score in extracted.items()
            )


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    pilot = factory.SubFactory(PilotFactory, status=Pilot.Status.RUNNING)
    title = factory.Sequence(lambda n: f"Week {n}")
    body = "Forty commuters joined."
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body))


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    pilot = factory.SubFactory(PilotFactory, status=Pilot.Status.RUNNING)
    user = factory.SubFactory(UserFactory)
    data_statement_version = factory.LazyAttribute(lambda o: o.pilot.data_statement_version)


class TransitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Transition

    pilot = factory.SubFactory(PilotFactory)
    from_status = "draft"
    to_status = "submitted"
