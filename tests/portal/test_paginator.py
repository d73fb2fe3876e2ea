import pytest

from ideas.models import Idea
from portal import paginator
from portal.paginator import RememberingPaginator
from tests.ideas.factories import IdeaFactory

pytestmark = pytest.mark.django_db


def test_a_long_list_is_counted_once_a_minute(monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(paginator, "REMEMBER_FROM", 3)
    IdeaFactory.create_batch(3)
    assert RememberingPaginator(Idea.objects.all(), 2).count == 3
    IdeaFactory()
    with django_assert_num_queries(0):
        assert RememberingPaginator(Idea.objects.order_by("-pk"), 2).count == 3
    assert RememberingPaginator(Idea.objects.filter(language="en"), 2).count == 4  # another list


def test_a_short_list_is_counted_every_time(monkeypatch):
    monkeypatch.setattr(paginator, "REMEMBER_FROM", 10)
    IdeaFactory.create_batch(2)
    assert RememberingPaginator(Idea.objects.all(), 2).count == 2
    IdeaFactory()
    assert RememberingPaginator(Idea.objects.all(), 2).count == 3


def test_an_empty_queryset_counts_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert RememberingPaginator(Idea.objects.none(), 2).count == 0
