import factory

from ideas.models import Idea, IdeaCoauthor
from ideas.services import refresh_search_vector
from portal.markdown import render_markdown
from tests.accounts.factories import UserFactory


class IdeaFactory(factory.django.DjangoModelFactory):
    """A published free-standing idea. Counters start at zero: add votes through the services."""

    class Meta:
        model = Idea
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Idea number {n}")
    body = "More **benches** along the shore path."
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body))
    language = "en"
    author = factory.SubFactory(UserFactory)

    @factory.post_generation
    def goals(self, create, extracted, **kwargs):
        if create and extracted:
            self.goals.add(*extracted)

    @factory.post_generation
    def indexed(self, create, extracted, **kwargs):
        if create:
            refresh_search_vector(self)


class IdeaCoauthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IdeaCoauthor

    idea = factory.SubFactory(IdeaFactory)
    user = factory.SubFactory(UserFactory)
    invited_by = factory.LazyAttribute(lambda o: o.idea.author)
    accepted_at = factory.Faker("date_time_this_year", tzinfo=__import__("datetime").UTC)
