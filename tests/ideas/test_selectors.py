from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from challenges.models import Phase
from engagement import services as engagement
from engagement.models import Vote
from ideas import selectors, services
from ideas.models import Idea
from portal.models import District
from tests.accounts.factories import UserFactory
from tests.challenges.factories import ChallengeFactory
from tests.ideas.factories import IdeaFactory

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL search")


def titles(ideas):
    return [idea.title for idea in ideas]


class TestList:
    def test_filters(self, db):
        challenge = ChallengeFactory(phase=Phase.IDEAS, slug="greener-commuting")
        district = District.objects.first()
        in_challenge = IdeaFactory(title="In the challenge", challenge=challenge)
        in_district = IdeaFactory(title="In the district", district=district, goals=["health"])
        accepted = IdeaFactory(title="Accepted", status=Idea.Status.ACCEPTED, goals=["health", "vitality"])
        IdeaFactory(title="Hidden", hidden_at=timezone.now(), goals=["health"])
        merged = IdeaFactory(title="Merged", status=Idea.Status.MERGED, merged_into=accepted)

        assert set(titles(selectors.idea_list())) == {"In the challenge", "In the district", "Accepted"}
        assert titles(selectors.idea_list(challenge="greener-commuting")) == [in_challenge.title]
        assert titles(selectors.idea_list(district=district.slug)) == [in_district.title]
        assert set(titles(selectors.idea_list(goal="health"))) == {"In the district", "Accepted"}
        assert titles(selectors.idea_list(status="accepted")) == [accepted.title]
        # Merged ideas only when asked for; hidden ones never.
        assert titles(selectors.idea_list(status="merged")) == [merged.title]

    def test_sorting(self, db):
        old_popular = IdeaFactory(title="Old and popular")
        discussed = IdeaFactory(title="Much discussed")
        trending = IdeaFactory(title="Trending")
        newest = IdeaFactory(title="Newest")
        Idea.objects.filter(pk=old_popular.pk).update(created_at=timezone.now() - timedelta(days=60))
        voters = [UserFactory() for _ in range(4)]
        for voter in voters:
            engagement.vote_cast(actor=voter, target=old_popular)
        # Old votes do not make an idea trend.
        Vote.objects.for_target(old_popular).update(created_at=timezone.now() - timedelta(days=30))
        for voter in voters[:2]:
            engagement.vote_cast(actor=voter, target=trending)
        for n in range(3):
            engagement.comment_create(actor=voters[n], target=discussed, body="Hmm")

        assert titles(selectors.idea_list(sort="votes"))[:2] == ["Old and popular", "Trending"]
        assert titles(selectors.idea_list(sort="newest"))[0] == newest.title
        assert titles(selectors.idea_list(sort="discussed"))[0] == discussed.title
        trending_list = selectors.idea_list(sort="trending")
        assert titles(trending_list)[0] == "Trending"
        assert {idea.title: idea.recent_votes for idea in trending_list}["Old and popular"] == 0

    def test_list_costs_the_same_queries_however_many_ideas_votes_and_comments(
        self, django_assert_max_num_queries
    ):
        people = [UserFactory() for _ in range(5)]
        challenge = ChallengeFactory(phase=Phase.IDEAS)
        district = District.objects.first()
        for n in range(25):
            idea = IdeaFactory(
                title=f"Idea {n}", challenge=challenge if n % 2 else None, district=district, goals=["health"]
            )
            for person in people:
                engagement.vote_cast(actor=person, target=idea)
                engagement.comment_create(actor=person, target=idea, body="Yes")

        for sort in ("", "votes", "trending", "discussed"):
            with django_assert_max_num_queries(3):  # count, the page, the goals
                page = list(selectors.idea_list(sort=sort)[:20])
                shown = [
                    (idea.author.display_name, idea.district.name, idea.challenge, list(idea.goals.all()))
                    for idea in page
                ]
            assert len(page) == 20 and all(goals for *_rest, goals in shown)
            assert all(idea.vote_count == 5 and idea.comment_count == 5 for idea in page)


@postgresql_only
class TestSearch:
    def test_full_text_search_in_each_ideas_language(self, db):
        finnish = services.idea_create(
            actor=UserFactory(language="fi"),
            title="Lisää pyöräteitä Tapiolaan",
            body="Pyöräilijät tarvitsevat turvallisia reittejä kouluille.",
            language="fi",
        )
        swedish = services.idea_create(
            actor=UserFactory(),
            title="Fler cykelvägar",
            body="Cyklisterna behöver säkra vägar.",
            language="sv",
        )
        english = services.idea_create(
            actor=UserFactory(),
            title="Benches by the shore",
            body="Walkers need resting places.",
            language="en",
        )
        # Each idea is stemmed in its own language, so other forms of its words find it.
        assert titles(selectors.idea_list(query="pyöräteiden")) == [finnish.title]
        assert titles(selectors.idea_list(query="Tapiolassa koulut")) == [finnish.title]
        assert titles(selectors.idea_list(query="walker")) == [english.title]
        assert titles(selectors.idea_list(query="cyklister")) == [swedish.title]
        assert titles(selectors.idea_list(query="cykelväg")) == [swedish.title]
        assert titles(selectors.idea_list(query="nothing like this")) == []

    def test_search_follows_edits_and_hides_hidden_ideas(self, resident):
        idea = services.idea_create(
            actor=resident, title="Sauna by the sea", body="A public sauna.", language="en"
        )
        services.idea_edit(
            actor=resident, idea=idea, title="Swimming hall", body="Longer opening hours.", language="en"
        )
        assert titles(selectors.idea_list(query="sauna")) == []
        assert titles(selectors.idea_list(query="opening hours")) == ["Swimming hall"]
        Idea.objects.filter(pk=idea.pk).update(hidden_at=timezone.now())
        assert titles(selectors.idea_list(query="opening hours")) == []

    def test_similar_ideas_by_title(self, db):
        services.idea_create(actor=UserFactory(), title="More bike lanes in Tapiola", body="x", language="en")
        services.idea_create(
            actor=UserFactory(), title="Bike parking at Leppävaara station", body="x", language="en"
        )
        services.idea_create(actor=UserFactory(), title="Sauna by the sea", body="x", language="en")
        similar = titles(selectors.similar_ideas(title="bike lane"))
        assert similar[0] == "More bike lanes in Tapiola"
        assert "Sauna by the sea" not in similar
        assert selectors.similar_ideas(title="ab") == []

    def test_similar_ideas_at_most_five_and_not_hidden_or_merged(self, db):
        for n in range(7):
            IdeaFactory(title=f"Library opening hours {n}")
        IdeaFactory(title="Library opening hours hidden", hidden_at=timezone.now())
        similar = selectors.similar_ideas(title="library opening hours")
        assert len(similar) == 5
        assert all("hidden" not in idea.title for idea in similar)
