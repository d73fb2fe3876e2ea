import pytest
from django.utils import timezone

from challenges.models import Phase
from engagement import services as engagement
from engagement.models import ModerationAction
from ideas.models import Idea
from tests.accounts.factories import UserFactory
from tests.challenges.factories import ChallengeFactory
from tests.engagement.factories import CommentFactory
from tests.ideas.factories import IdeaFactory
from tests.languages import in_each_language

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def page_text(response) -> str:
    return response.content.decode()


class TestList:
    def test_list_page_with_search_and_filters(self, client):
        IdeaFactory(title="Benches by the shore", goals=["health"])
        IdeaFactory(title="Night buses", goals=["vitality"])
        response = client.get("/en/ideas/", {"goal": "health"})
        assert response.status_code == 200
        assert "Benches by the shore" in page_text(response)
        assert "Night buses" not in page_text(response)
        response = client.get("/en/ideas/", {"q": "buses", "sort": "votes"})
        assert "Night buses" in page_text(response) and "Benches" not in page_text(response)

    def test_a_bad_filter_value_shows_the_form_error_not_a_crash(self, client):
        IdeaFactory(title="Benches")
        response = client.get("/en/ideas/", {"status": "nonsense", "sort": "whatever"})
        assert response.status_code == 200
        assert "Select a valid choice" in page_text(response)

    def test_the_list_page_costs_a_fixed_number_of_queries(self, client, django_assert_max_num_queries):
        people = [UserFactory() for _ in range(3)]
        for n in range(30):
            idea = IdeaFactory(goals=["health", "vitality"], challenge=ChallengeFactory(phase=Phase.IDEAS))
            for person in people:
                engagement.vote_cast(actor=person, target=idea)
                engagement.comment_create(actor=person, target=idea, body=f"Comment {n}")
        client.force_login(people[0])
        # Session and user, the filter form's choices (goals, districts, challenges), the count,
        # the page, its goals, and the moderator check in the header.
        with django_assert_max_num_queries(10):
            response = client.get("/en/ideas/", {"sort": "trending"})
        assert response.status_code == 200
        assert page_text(response).count('class="card idea-card"') == 20


class TestProposing:
    def test_propose_with_the_form(self, client, resident):
        challenge = ChallengeFactory(phase=Phase.IDEAS, title="Greener commuting")
        client.force_login(resident)
        assert "Greener commuting" in page_text(client.get("/en/ideas/new/"))
        response = client.post(
            "/en/ideas/new/",
            {
                "title": "Bike racks",
                "body": "At *every* station",
                "language": "fi",
                "goals": ["sustainability", "health"],
                "challenge": challenge.pk,
                "coauthors": "",
            },
        )
        idea = Idea.objects.get()
        assert response.status_code == 302 and response["Location"] == f"/en/ideas/{idea.pk}/"
        assert (idea.language, idea.challenge) == ("fi", challenge)
        page = page_text(client.get(response["Location"]))
        assert "<em>every</em>" in page and 'lang="fi"' in page and "Finnish" in page

    def test_errors_keep_what_was_typed(self, client, resident):
        client.force_login(resident)
        response = client.post("/en/ideas/new/", {"title": "", "body": "My long text", "language": "en"})
        assert response.status_code == 400
        assert "Give your idea a title." in page_text(response)
        assert "My long text" in page_text(response)
        assert not Idea.objects.exists()

    def test_a_challenge_that_stopped_taking_ideas_is_refused(self, client, resident):
        client.force_login(resident)
        closed = ChallengeFactory(phase=Phase.EVALUATION)
        response = client.post(
            "/en/ideas/new/", {"title": "Late idea", "body": "Text", "language": "en", "challenge": closed.pk}
        )
        assert response.status_code == 400
        assert not Idea.objects.exists()

    def test_rate_limit_on_the_form_says_when_to_try_again(self, client, resident, settings):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, "idea": (1, 60)}
        client.force_login(resident)
        data = {"title": "Idea", "body": "Text", "language": "en"}
        client.post("/en/ideas/new/", data)
        response = client.post("/en/ideas/new/", {**data, "title": "Another"})
        assert response.status_code == 429
        assert "You can propose another one at" in page_text(response)
        assert 'value="Another"' in page_text(response)
        assert Idea.objects.count() == 1

    def test_similar_ideas_without_javascript_keep_the_form(self, client, resident):
        IdeaFactory(title="Library opening hours")
        client.force_login(resident)
        response = client.post(
            "/en/ideas/new/",
            {
                "title": "Library hours",
                "body": "Keep my text",
                "language": "en",
                "goals": ["health"],
                "check_similar": "1",
            },
        )
        assert response.status_code == 200
        page = page_text(response)
        assert "Library opening hours" in page
        assert "Keep my text" in page and 'value="Library hours"' in page
        assert 'value="health" id="id_goals_0" checked>' in page
        assert 'value="vitality" id="id_goals_3">' in page
        assert "Please correct" not in page
        assert not Idea.objects.filter(title="Library hours").exists()

    def test_similar_ideas_fragment_for_htmx_and_page_without(self, client):
        IdeaFactory(title="Library opening hours")
        fragment = client.get("/en/ideas/similar/", {"title": "library hours"}, **HTMX)
        assert page_text(fragment).startswith('<div id="similar-ideas"')
        assert "Library opening hours" in page_text(fragment)
        page = client.get("/en/ideas/similar/", {"title": "library hours"})
        assert "<html" in page_text(page) and "Library opening hours" in page_text(page)
        nothing = client.get("/en/ideas/similar/", {"title": "zebra crossing"}, **HTMX)
        assert "No similar idea found" in page_text(nothing)


class TestIdeaPage:
    def test_page_shows_votes_comments_history_and_answer(self, client, resident, official):
        idea = IdeaFactory(title="Shore benches")
        engagement.vote_cast(actor=resident, target=idea)
        top = engagement.comment_create(actor=resident, target=idea, body="Top comment")
        engagement.comment_create(actor=official, target=idea, body="A reply", parent=top)
        from ideas import services

        services.idea_answer(
            actor=official, idea=idea, status="under_consideration", answer=in_each_language("We look at it.")
        )
        page = page_text(client.get(idea.get_absolute_url()))
        assert "Top comment" in page and "A reply" in page
        assert "We look at it." in page and "Under consideration" in page
        assert 'class="count-number">1<' in page
        assert "Log in to vote" in page

    def test_hidden_idea_is_gone_for_others_and_explained_to_its_author(self, client, resident, moderator):
        idea = IdeaFactory(author=resident, hidden_at=timezone.now(), hidden_reason="Names a neighbour.")
        assert client.get(idea.get_absolute_url()).status_code == 404
        client.force_login(UserFactory())
        assert client.get(idea.get_absolute_url()).status_code == 404
        client.force_login(resident)
        page = page_text(client.get(idea.get_absolute_url()))
        assert "Names a neighbour." in page
        mine = page_text(client.get("/en/ideas/mine/"))
        assert idea.title in mine and "Names a neighbour." in mine
        client.force_login(moderator)
        assert client.get(idea.get_absolute_url()).status_code == 200

    def test_merged_idea_points_to_the_original(self, client, official):
        original, duplicate = IdeaFactory(title="The original"), IdeaFactory()
        client.force_login(official)
        response = client.post(f"/en/ideas/{duplicate.pk}/merge/", {"original": original.pk})
        assert response["Location"] == original.get_absolute_url()
        page = page_text(client.get(duplicate.get_absolute_url()))
        assert f'href="{original.get_absolute_url()}"' in page and "merged into" in page

    def test_merge_into_a_missing_idea_says_so(self, client, official):
        idea = IdeaFactory()
        client.force_login(official)
        response = client.post(f"/en/ideas/{idea.pk}/merge/", {"original": 999999})
        assert response.status_code == 400
        assert "There is no idea with that number." in page_text(response)

    def test_edit_page_until_locked(self, client, resident):
        idea = IdeaFactory(author=resident)
        client.force_login(resident)
        assert client.get(f"/en/ideas/{idea.pk}/edit/").status_code == 200
        CommentFactory(target=idea)
        Idea.objects.filter(pk=idea.pk).update(engaged_at=timezone.now())
        response = client.get(f"/en/ideas/{idea.pk}/edit/", follow=True)
        assert "Add an update below the idea instead" in page_text(response)

    def test_coauthor_accepts_on_the_idea_page(self, client, resident):
        idea = IdeaFactory(author=resident)
        colleague = UserFactory(email="colleague@example.org")
        client.force_login(resident)
        client.post(f"/en/ideas/{idea.pk}/coauthors/", {"email": "colleague@example.org"})
        client.force_login(colleague)
        page = page_text(client.get(idea.get_absolute_url()))
        assert "invited you to co-author" in page
        assert "invited you to co-author" in page_text(client.get("/en/ideas/mine/"))
        client.post(f"/en/ideas/{idea.pk}/coauthors/accept/")
        assert idea.is_author(colleague)
        assert client.get(f"/en/ideas/{idea.pk}/edit/").status_code == 200

    def test_promote_from_the_page(self, client, official):
        idea = IdeaFactory(title="Night buses")
        client.force_login(official)
        response = client.post(f"/en/ideas/{idea.pk}/promote/", follow=True)
        assert "The draft challenge “Night buses” was created." in page_text(response)
        idea.refresh_from_db()
        assert idea.promoted_challenge.title == "Night buses"


def test_idea_page_queries_do_not_grow_with_the_discussion(client, django_assert_max_num_queries):
    def build(comments: int):
        idea = IdeaFactory(goals=["health"], challenge=ChallengeFactory(phase=Phase.IDEAS))
        people = [UserFactory() for _ in range(3)]
        for person in people:
            engagement.vote_cast(actor=person, target=idea)
        top = None
        for n in range(comments):
            written = engagement.comment_create(
                actor=people[n % 3], target=idea, body=f"Comment {n}", parent=top if n % 2 else None
            )
            engagement.comment_like(actor=people[(n + 1) % 3], comment=written)
            top = written if n % 2 == 0 else top
        return idea, people[0]

    small, viewer = build(2)
    large, _ = build(40)
    client.force_login(viewer)
    with django_assert_max_num_queries(30) as small_queries:
        assert client.get(small.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(30) as large_queries:
        response = client.get(large.get_absolute_url())
    assert "Comment 39" in page_text(response)
    assert len(large_queries.captured_queries) == len(small_queries.captured_queries)


def test_admin_pages_for_ideas_and_moderation(client, administrator, moderator):
    idea = IdeaFactory()
    comment = engagement.comment_create(actor=UserFactory(), target=idea, body="Hi")
    engagement.moderation_hide(actor=moderator, target=comment, reason="Test")
    client.force_login(administrator)
    for url in [
        "/en/admin/ideas/idea/",
        f"/en/admin/ideas/idea/{idea.pk}/change/",
        "/en/admin/engagement/comment/",
        "/en/admin/engagement/flag/",
        "/en/admin/engagement/moderationaction/",
    ]:
        assert client.get(url).status_code == 200, url
    # The moderation log is read-only.
    action = ModerationAction.objects.get()
    response = client.post(f"/en/admin/engagement/moderationaction/{action.pk}/change/", {"reason": "x"})
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.reason == "Test"


def test_the_form_can_start_in_a_challenge(client, resident):
    challenge = ChallengeFactory(phase=Phase.IDEAS, slug="greener-commuting")
    client.force_login(resident)
    page = page_text(client.get("/en/ideas/new/", {"challenge": "greener-commuting"}))
    assert f'<option value="{challenge.pk}" selected>' in page
