"""pilots.privacy: a person's teams, participation, reviews, updates and steps in their data
download, and what deleting their account does to them (see the module's docstring)."""

import pytest
from django.core.files.storage import storages

from pilots import services
from pilots.models import Attachment, Participant, Pilot, ProgressUpdate, Review, TeamMember
from privacy import services as privacy
from tests.accounts.factories import UserFactory
from tests.pilots.factories import (
    ParticipantFactory,
    PilotFactory,
    ProgressUpdateFactory,
    ReviewFactory,
    TransitionFactory,
)
from tests.portal.files import pdf_bytes, upload

pytestmark = pytest.mark.django_db

PASSWORD = "a-good-password-42"


def _delete(user, *, remove_contributions=False):
    privacy.account_delete(actor=user, password=PASSWORD, remove_contributions=remove_contributions)


@pytest.fixture
def aino(db):
    return UserFactory(name="Aino Virtanen")


class TestExport:
    def test_holds_her_teams_participation_updates_and_steps(self, aino, challenge, organization):
        proposal = PilotFactory(
            title="Shared rides",
            challenge=challenge,
            organization=organization,
            created_by=aino,
            status="submitted",
        )
        TransitionFactory(
            pilot=proposal, actor=aino, from_status="draft", to_status="submitted", note="Ready."
        )
        running = PilotFactory(title="Night shuttle", status=Pilot.Status.RUNNING)
        services.participant_sign_up(actor=aino, pilot=running, consent=True)
        services.participant_withdraw(actor=aino, pilot=running)
        ParticipantFactory(pilot=running)  # someone else
        Pilot.objects.filter(pk=running.pk).update(data_statement_version=2)
        services.participant_sign_up(actor=aino, pilot=running, consent=True)
        ProgressUpdateFactory(pilot=proposal, author=aino, title="Week 1", body="Forty commuters.")
        ProgressUpdateFactory(pilot=proposal, title="Week 2", body="Someone else's update.")

        data = privacy.collect(aino)["pilots"]
        [team] = data["pilot_teams"]
        assert team["pilot"] == {
            "id": proposal.pk,
            "title": "Shared rides",
            "url": f"http://testserver/en/pilots/{proposal.pk}/",
        }
        assert (team["organization"], team["status"], team["role"]) == ("Polku Mobility", "submitted", "lead")
        participation = [
            (p["pilot"]["id"], p["data_statement_version"], p["withdrawn_at"] is None)
            for p in data["pilot_participation"]
        ]
        assert participation == [
            (running.pk, 1, False),  # withdrawn, then signed up again
            (running.pk, 2, True),
        ]
        assert [(u["title"], u["text"]) for u in data["progress_updates"]] == [("Week 1", "Forty commuters.")]
        assert [(s["pilot"]["id"], s["from"], s["to"], s["note"]) for s in data["pilot_steps"]] == [
            (proposal.pk, "draft", "submitted", "Ready.")
        ]
        assert data["reviews"] == []
        assert "Someone else's update." not in privacy.to_json(privacy.collect(aino))

    def test_an_evaluator_gets_their_reviews_with_the_scores(self, evaluation_challenge, evaluator):
        pilot = PilotFactory(challenge=evaluation_challenge, status=Pilot.Status.IN_REVIEW)
        impact, feasibility = evaluation_challenge.criteria.order_by("position", "pk")
        review = ReviewFactory(pilot=pilot, evaluator=evaluator, scores={impact: 4, feasibility: 2})
        review.comment = "Strong team."
        review.save()
        ReviewFactory(pilot=pilot, scores={impact: 1})  # another evaluator's

        [exported] = privacy.collect(evaluator)["pilots"]["reviews"]
        assert exported["pilot"]["id"] == pilot.pk and exported["comment"] == "Strong team."
        assert exported["conflict_of_interest"] is False and exported["submitted_at"]
        assert sorted((s["criterion"], s["score"]) for s in exported["scores"]) == [
            ("Feasibility", 2),
            ("Impact", 4),
        ]


@pytest.mark.parametrize("remove_contributions", [False, True])
class TestDeletion:
    def test_participation_is_withdrawn_and_the_consent_record_kept(self, aino, client, remove_contributions):
        pilot = PilotFactory(status=Pilot.Status.RUNNING, capacity=5)
        services.participant_sign_up(actor=aino, pilot=pilot, consent=True)
        services.participant_sign_up(actor=UserFactory(), pilot=pilot, consent=True)
        assert "2 of 5 places taken" in client.get(pilot.get_absolute_url()).content.decode()
        _delete(aino, remove_contributions=remove_contributions)

        record = Participant.objects.get(pilot=pilot, user=aino)
        assert record.withdrawn_at is not None and record.data_statement_version == 1
        assert not pilot.participants.filter(user=aino, withdrawn_at__isnull=True).exists()
        assert "1 of 5 places taken" in client.get(pilot.get_absolute_url()).content.decode()

    def test_she_leaves_teams_and_the_next_member_leads(self, aino, client, remove_contributions):
        mikael, sara = UserFactory(name="Mikael Lindqvist"), UserFactory(name="Sara Niemi")
        led = PilotFactory(created_by=aino, status=Pilot.Status.RUNNING, team=[mikael, sara])
        TeamMember.objects.filter(pilot=led, user=sara).update(added_at=led.created_at.replace(year=2020))
        joined = PilotFactory(created_by=mikael, status=Pilot.Status.COMPLETED, team=[aino])
        update = ProgressUpdateFactory(pilot=led, author=aino, title="Week 1")
        _delete(aino, remove_contributions=remove_contributions)

        # Sara joined before Mikael, so she leads now.
        assert list(led.team_members.values_list("user", "role")) == [
            (sara.pk, "lead"),
            (mikael.pk, "member"),
        ]
        assert list(joined.team_members.values_list("user", flat=True)) == [mikael.pk]
        assert Pilot.objects.filter(pk__in=[led.pk, joined.pk]).count() == 2
        # Her progress updates stay with the pilot, shown as by "Deleted user".
        assert ProgressUpdate.objects.get(pk=update.pk).author_id == aino.pk
        page = client.get(led.get_absolute_url()).content.decode()
        assert "Week 1" in page and "Deleted user" in page and "Aino Virtanen" not in page

    def test_a_last_member_stays_on_a_proposal_and_an_unseen_draft_is_deleted(
        self, aino, challenge, media_root, remove_contributions, django_capture_on_commit_callbacks
    ):
        submitted = PilotFactory(created_by=aino, challenge=challenge, status=Pilot.Status.SUBMITTED)
        draft = PilotFactory(created_by=aino, challenge=challenge)
        attachment = services.attachment_add(
            actor=aino, pilot=draft, file=upload("plan.pdf", pdf_bytes(), "application/pdf")
        )
        shared_draft = PilotFactory(created_by=aino, challenge=challenge, team=[UserFactory()])
        with django_capture_on_commit_callbacks(execute=True):
            _delete(aino, remove_contributions=remove_contributions)

        assert list(submitted.team_members.values_list("user", "role")) == [(aino.pk, "lead")]
        assert not Pilot.objects.filter(pk=draft.pk).exists()
        assert not Attachment.objects.filter(pk=attachment.pk).exists()
        assert not storages["private"].exists(attachment.file.name)
        assert shared_draft.team_members.get().role == "lead"

    def test_reviews_stay_as_the_selection_record(
        self, evaluation_challenge, evaluator, curator, client, remove_contributions
    ):
        pilot = PilotFactory(challenge=evaluation_challenge, status=Pilot.Status.IN_REVIEW)
        impact = evaluation_challenge.criteria.get(name="Impact")
        review = ReviewFactory(pilot=pilot, evaluator=evaluator, scores={impact: 4})
        _delete(evaluator, remove_contributions=remove_contributions)

        assert Review.objects.get(pk=review.pk).scores.get().score == 4
        assert not evaluation_challenge.appointments.filter(evaluator=evaluator).exists()
        client.force_login(curator)
        page = client.get(pilot.get_absolute_url()).content.decode()
        assert "Deleted user" in page and "Eero Evaluator" not in page
        assert "Impact: 4 / 5" in page


def test_a_team_member_on_an_ended_pilot_leaves_it_too(aino):
    # team_remove refuses changes after a pilot ends; deleting an account is not refused.
    pilot = PilotFactory(status=Pilot.Status.DISCONTINUED, team=[aino])
    _delete(aino)
    assert not pilot.team_members.filter(user=aino).exists()
