import pytest

from engagement.models import Comment, Vote
from home.demo import load_demo
from ideas.models import Idea
from insights.demo import IDEAS as INSIGHTS_IDEAS

pytestmark = pytest.mark.django_db


def test_demo_ideas_have_votes_threads_answers_and_a_merged_duplicate():
    load_demo()
    ideas = Idea.objects.all()
    # The twelve of this demo, and a year of history that the impact dashboard's demo adds.
    assert ideas.count() == 12 + len(INSIGHTS_IDEAS)
    assert {idea.language for idea in ideas} == {"fi", "sv", "en"}
    merged = Idea.objects.get(status=Idea.Status.MERGED)
    assert merged.merged_into.title == "Lisää pyöräpysäköintiä Tapiolan metroasemalle"
    for idea in ideas:
        assert idea.vote_count == Vote.objects.for_target(idea).count()
        assert idea.comment_count == Comment.objects.for_target(idea).count()
    assert Comment.objects.filter(depth=2).exists()  # replies to replies
    answered = set(ideas.exclude(official_answer="").values_list("status", flat=True))
    assert {"under_consideration", "accepted", "implemented", "not_pursued", "merged"} <= answered
    assert ideas.filter(coauthorships__accepted_at__isnull=False).exists()


def test_the_demo_loads_even_when_its_people_are_at_their_limits(settings):
    settings.RATE_LIMITS = {"idea": (0, 60), "comment": (0, 10), "flag": (0, 60), "proposal": (0, 60)}
    load_demo()
    assert Idea.objects.count() == 12 + len(INSIGHTS_IDEAS)
