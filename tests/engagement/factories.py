import factory
from django.contrib.contenttypes.models import ContentType

from engagement.models import Comment
from portal.markdown import render_markdown
from tests.accounts.factories import UserFactory
from tests.ideas.factories import IdeaFactory


class CommentFactory(factory.django.DjangoModelFactory):
    """A comment row as stored. It does not touch the item's counters: use the services for that."""

    class Meta:
        model = Comment
        exclude = ["target"]

    target = factory.SubFactory(IdeaFactory)
    content_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.target))
    object_id = factory.LazyAttribute(lambda o: o.target.pk)
    author = factory.SubFactory(UserFactory)
    body = "I agree, and the benches should face the sea."
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body))
