"""Challenges and public pilots take votes, follows and comments like ideas; proposals do not."""

from challenges.models import Challenge, Phase
from pilots.models import Pilot
from tests.challenges.factories import ChallengeFactory
from tests.pilots.factories import PilotFactory


def test_a_challenge_is_voted_followed_and_discussed(client, resident):
    challenge = ChallengeFactory(phase=Phase.IDEAS)
    client.force_login(resident)
    base = f"/en/engage/challenges.challenge/{challenge.pk}"
    assert client.post(f"{base}/vote/").status_code == 302
    assert client.post(f"{base}/follow/").status_code == 302
    assert (
        client.post(f"{base}/comments/", {"body": "Bike parking at **Keilaniemi** please"}).status_code == 302
    )
    challenge.refresh_from_db()
    assert (challenge.vote_count, challenge.follower_count, challenge.comment_count) == (1, 1, 1)
    page = client.get(challenge.get_absolute_url()).content.decode()
    assert "<strong>Keilaniemi</strong>" in page and "Withdraw my vote" in page


def test_a_closed_challenge_takes_no_votes(client, resident):
    challenge = ChallengeFactory(phase=Phase.CLOSED)
    client.force_login(resident)
    response = client.post(f"/en/engage/challenges.challenge/{challenge.pk}/vote/", follow=True)
    assert "This challenge is closed." in response.content.decode()
    assert Challenge.objects.get(pk=challenge.pk).vote_count == 0


def test_public_pilots_are_discussed_but_proposals_stay_confidential(client, resident):
    running = PilotFactory(challenge=ChallengeFactory(phase=Phase.PILOTING), status="running")
    proposal = PilotFactory(challenge=ChallengeFactory(phase=Phase.EVALUATION), status="in_review")
    client.force_login(resident)
    assert client.post(f"/en/engage/pilots.pilot/{running.pk}/vote/").status_code == 302
    assert Pilot.objects.get(pk=running.pk).vote_count == 1
    # Someone who may not see a proposal gets the same answer as for one that does not exist.
    assert client.post(f"/en/engage/pilots.pilot/{proposal.pk}/vote/").status_code == 404
    assert client.post(f"/en/engage/pilots.pilot/{proposal.pk}/comments/", {"body": "x"}).status_code == 404
    assert Pilot.objects.get(pk=proposal.pk).vote_count == 0


def test_unknown_item_kinds_are_404(client, resident):
    client.force_login(resident)
    assert client.post("/en/engage/accounts.user/1/vote/").status_code == 404


def test_the_api_items_carry_counts_and_what_the_person_did(resident):
    from rest_framework.test import APIClient

    from engagement import services

    challenge = ChallengeFactory(phase=Phase.IDEAS)
    pilot = PilotFactory(challenge=ChallengeFactory(phase=Phase.PILOTING), status="running")
    services.vote_cast(actor=resident, target=challenge)
    services.follow_start(actor=resident, target=pilot)
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(resident)
    item = api.get(f"/api/v1/challenges/{challenge.pk}/").json()
    assert (item["vote_count"], item["has_voted"], item["is_following"]) == (1, True, False)
    item = next(p for p in api.get("/api/v1/pilots/").json()["results"] if p["id"] == pilot.pk)
    assert (item["follower_count"], item["is_following"], item["has_voted"]) == (1, True, False)
    anonymous = APIClient().get(f"/api/v1/challenges/{challenge.pk}/").json()
    assert (anonymous["vote_count"], anonymous["has_voted"]) == (1, False)
