"""Many people at the same moment, on real PostgreSQL: counts stay exact and no save is lost.

Each person is a thread with its own database connection and its own HTTP client, and a barrier
lets them all go at once, so their requests really overlap in the database. The requests go
through the API and the pages, as people's do, so a race anywhere on the way (a lost update, a
deadlock, an unhandled IntegrityError that would be a 500) shows up here.
"""

import html
import re
import threading
from collections import Counter

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import translation
from rest_framework.test import APIClient

from engagement import services as engagement
from engagement.models import Comment, Follow, Vote
from pilots.models import Pilot
from tests.accounts.factories import UserFactory
from tests.ideas.factories import IdeaFactory
from tests.pilots.factories import PilotFactory, TeamMemberFactory
from tests.pilots.test_views import proposal_form_data

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent connections"),
]

PEOPLE = 50
STALE = (
    "Someone else saved this proposal in the meantime. Your changes were not saved: "
    "copy them, reload the page to see the other changes, and add yours again."
)


def all_at_once(work, arguments: list) -> list:
    """Run `work(argument)` in one thread per argument, all released together; their results in order.

    Each thread uses its own database connection and closes it when done. Any exception in a thread
    fails the test, with the exceptions listed.
    """
    barrier = threading.Barrier(len(arguments))
    results: list = [None] * len(arguments)
    errors: list = []

    def run(index, argument):
        try:
            results[index] = work(argument, barrier)
        except Exception as error:
            errors.append(error)
            barrier.abort()  # the others stop waiting for a thread that will not come
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n, a)) for n, a in enumerate(arguments)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread hung (a deadlock?)"
    assert not errors, errors
    return results


def api_as(user, language: str = "en") -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_authenticate(user)
    return client


def test_fifty_people_vote_and_withdraw_at_once_and_the_count_stays_exact():
    idea = IdeaFactory()
    voters = [UserFactory() for _ in range(PEOPLE)]
    url = f"/api/v1/ideas/{idea.pk}/vote/"

    def vote(user, barrier):
        client = api_as(user)
        barrier.wait(timeout=60)
        first = client.post(url)
        again = client.post(url)  # a double click: still one vote
        return first.status_code, first.json(), again.status_code, again.json()

    answers = all_at_once(vote, voters)
    assert {(first, again) for first, _body, again, _again in answers} == {(200, 200)}, answers
    # Each vote was counted under the item's lock, so each saw a different count: 1, 2, … 50.
    assert sorted(body["vote_count"] for _status, body, _s, _b in answers) == list(range(1, PEOPLE + 1))
    idea.refresh_from_db()
    assert idea.vote_count == Vote.objects.for_target(idea).count() == PEOPLE
    assert Vote.objects.for_target(idea).values("user").distinct().count() == PEOPLE

    def withdraw(user, barrier):
        client = api_as(user)
        barrier.wait(timeout=60)
        response = client.delete(url)
        return response.status_code, response.json()

    answers = all_at_once(withdraw, voters)
    assert {status for status, _body in answers} == {200}, answers
    assert sorted(body["vote_count"] for _status, body in answers) == list(range(PEOPLE))
    idea.refresh_from_db()
    assert idea.vote_count == 0
    assert not Vote.objects.for_target(idea).exists()


def test_fifty_people_comment_at_once_and_the_count_equals_the_comments():
    """Half start threads of their own, half reply to the same comment at the same moment."""
    idea = IdeaFactory()
    first = engagement.comment_create(actor=UserFactory(), target=idea, body="Where would the benches go?")
    commenters = [UserFactory() for _ in range(PEOPLE)]

    def comment(numbered, barrier):
        n, user = numbered
        payload = {"item": f"idea:{idea.pk}", "body": f"Comment number {n}"}
        if n % 2:
            payload["parent"] = first.pk
        client = api_as(user)
        barrier.wait(timeout=60)
        response = client.post("/api/v1/comments/", payload, format="json")
        return response.status_code, response.json()

    answers = all_at_once(comment, list(enumerate(commenters)))
    assert Counter(status for status, _body in answers) == {201: PEOPLE}, answers
    idea.refresh_from_db()
    comments = Comment.objects.filter(object_id=idea.pk, content_type__model="idea")
    assert idea.comment_count == comments.count() == PEOPLE + 1
    assert comments.filter(parent=first).count() == PEOPLE // 2
    assert sorted(comments.exclude(pk=first.pk).values_list("body", flat=True)) == sorted(
        f"Comment number {n}" for n in range(PEOPLE)
    )
    # Commenters follow what they comment on: the first one and the fifty, each counted once.
    assert idea.follower_count == Follow.objects.for_target(idea).count() == PEOPLE + 1


def _version_on(page: str) -> str:
    found = re.search(r'name="version" value="(\d+)"', page)
    assert found, "the edit form carries no version"
    return found.group(1)


def test_two_team_members_save_the_same_draft_at_once_and_the_second_is_refused():
    """Both load the edit form, both save at the same moment: one save wins, the other is refused
    in its writer's language with what they typed still on the form, and the winner's text stays.
    Five rounds, each from freshly loaded forms, so that the race is run more than once."""
    lead = UserFactory(language="en")
    colleague = UserFactory(language="fi")
    pilot = PilotFactory(created_by=lead, team=[colleague], title="Original title")
    with translation.override("fi"):
        stale_in_finnish = translation.gettext(STALE)
    assert stale_in_finnish != STALE  # the refusal is translated

    def save(person, barrier):
        user, language, title = person
        client = Client()
        client.force_login(user)
        edit = f"/{language}/pilots/{pilot.pk}/edit/"
        form = client.get(edit)
        assert form.status_code == 200
        data = {**proposal_form_data(title=title), "version": _version_on(form.content.decode())}
        barrier.wait(timeout=60)
        response = client.post(edit, data)
        return response.status_code, response.content.decode()

    for round_ in range(5):
        pilot.refresh_from_db()
        version_before = pilot.version
        people = [(lead, "en", f"Lead's title {round_}"), (colleague, "fi", f"Kollegan otsikko {round_}")]
        answers = all_at_once(save, people)
        assert sorted(status for status, _page in answers) == [302, 409], [s for s, _p in answers]
        (winner, _), (loser, (_status, page)) = sorted(
            zip(people, answers, strict=True), key=lambda pair: pair[1][0]
        )
        page = html.unescape(page)
        assert (STALE if loser[1] == "en" else stale_in_finnish) in page  # in the loser's language
        assert f'value="{loser[2]}"' in page  # what they typed is on the form again
        pilot.refresh_from_db()
        assert pilot.title == winner[2]
        assert pilot.version == version_before + 1


def test_ten_team_members_patch_the_same_draft_version_at_once_through_the_api():
    pilot = PilotFactory(title="Original title")
    team = [pilot.created_by, *(TeamMemberFactory(pilot=pilot).user for _ in range(9))]
    languages = ["en", "fi", "sv"]
    version = pilot.version

    def patch(numbered, barrier):
        n, user = numbered
        client = api_as(user, languages[n % 3])
        barrier.wait(timeout=60)
        response = client.patch(
            f"/api/v1/pilots/{pilot.pk}/", {"version": version, "title": f"Title {n}"}, format="json"
        )
        return n, response.status_code, response.json()

    answers = all_at_once(patch, list(enumerate(team)))
    assert Counter(status for _n, status, _body in answers) == {200: 1, 409: 9}, answers
    [(winner, _status, body)] = [answer for answer in answers if answer[1] == 200]
    assert body["title"] == f"Title {winner}" and body["version"] == version + 1
    refusals = {languages[n % 3]: body for n, status, body in answers if status == 409}
    assert {body["code"] for body in refusals.values()} == {"stale"}
    assert refusals.get("en", {"detail": STALE})["detail"] == STALE
    for language, body in refusals.items():
        with translation.override(language):
            assert body["detail"] == translation.gettext(STALE)
    pilot.refresh_from_db()
    assert (pilot.title, pilot.version, pilot.status) == (f"Title {winner}", version + 1, Pilot.Status.DRAFT)
