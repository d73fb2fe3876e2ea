from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from challenges.models import Challenge, Criterion, EvaluatorAppointment, Phase
from portal.markdown import render_markdown


def timeline(phase: str, now=None) -> dict:
    """Dates that put a challenge in `phase` now: each window is a few weeks around `now`."""
    now = now or timezone.now()
    day = timedelta(days=1)
    starts = {
        # phase: how many days ago the ideas opened
        Phase.UPCOMING: -10,
        Phase.IDEAS: 5,
        Phase.PROPOSALS: 30,
        Phase.EVALUATION: 60,
        Phase.PILOTING: 90,
        Phase.CLOSED: 400,
        Phase.DRAFT: 5,
    }
    ideas_open = now - starts[phase] * day
    return {
        "ideas_open": ideas_open,
        "ideas_close": ideas_open + 20 * day,
        "proposals_open": ideas_open + 20 * day,
        "proposals_close": ideas_open + 50 * day,
        "evaluation_end": ideas_open + 70 * day,
        "piloting_end": ideas_open + 250 * day,
    }


class ChallengeFactory(factory.django.DjangoModelFactory):
    """A published challenge; pass phase=... to place it in a phase (Phase.DRAFT: unpublished)."""

    class Meta:
        model = Challenge
        skip_postgeneration_save = True

    class Params:
        phase = Phase.IDEAS

    title = factory.Sequence(lambda n: f"Challenge {n}")
    slug = factory.Sequence(lambda n: f"challenge-{n}")
    summary = "Greener commuting to Keilaniemi."
    description = "We want **fewer cars** at rush hour."
    description_html = factory.LazyAttribute(lambda o: render_markdown(o.description))
    # The city publishes in Finnish and Swedish: the factory's texts exist in both (and English,
    # the active language of the tests, through the plain names above).
    title_fi = factory.LazyAttribute(lambda o: o.title)
    title_sv = factory.LazyAttribute(lambda o: o.title)
    summary_fi = factory.LazyAttribute(lambda o: o.summary)
    summary_sv = factory.LazyAttribute(lambda o: o.summary)
    description_fi = factory.LazyAttribute(lambda o: o.description)
    description_sv = factory.LazyAttribute(lambda o: o.description)
    description_html_fi = factory.LazyAttribute(lambda o: o.description_html)
    description_html_sv = factory.LazyAttribute(lambda o: o.description_html)
    department = "Urban Environment"
    budget_total = Decimal("100000")
    budget_max_per_pilot = Decimal("20000")
    published_at = factory.LazyAttribute(
        lambda o: None if o.phase == Phase.DRAFT else timezone.now() - timedelta(days=500)
    )
    ideas_open = factory.LazyAttribute(lambda o: timeline(o.phase)["ideas_open"])
    ideas_close = factory.LazyAttribute(lambda o: timeline(o.phase)["ideas_close"])
    proposals_open = factory.LazyAttribute(lambda o: timeline(o.phase)["proposals_open"])
    proposals_close = factory.LazyAttribute(lambda o: timeline(o.phase)["proposals_close"])
    evaluation_end = factory.LazyAttribute(lambda o: timeline(o.phase)["evaluation_end"])
    piloting_end = factory.LazyAttribute(lambda o: timeline(o.phase)["piloting_end"])

    @factory.post_generation
    def curators(self, create, extracted, **kwargs):
        if create and extracted:
            self.curators.add(*extracted)

    @factory.post_generation
    def goals(self, create, extracted, **kwargs):
        if create:
            self.goals.add(*(extracted or ["sustainability"]))


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    challenge = factory.SubFactory(ChallengeFactory)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    name_fi = factory.LazyAttribute(lambda o: o.name)
    name_sv = factory.LazyAttribute(lambda o: o.name)
    weight = 1
    min_score = 0
    position = factory.Sequence(lambda n: n)


class EvaluatorAppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvaluatorAppointment

    challenge = factory.SubFactory(ChallengeFactory)
    evaluator = factory.SubFactory("tests.accounts.factories.UserFactory", is_official=True)
