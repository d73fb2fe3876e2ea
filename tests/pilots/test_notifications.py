"""What the pilot lifecycle tells people, and what it writes to the audit log."""

from django.core import mail

from challenges.models import Phase
from notifications.models import Notification
from pilots import services
from portal.models import AuditEntry
from tests.accounts.factories import UserFactory
from tests.pilots.factories import ParticipantFactory, PilotFactory


def test_decision_is_told_to_the_team_at_once_not_to_the_curator_and_audited(
    make_challenge, curator, django_capture_on_commit_callbacks
):
    colleague = UserFactory(language="fi")
    pilot = PilotFactory(challenge=make_challenge(Phase.EVALUATION), status="in_review", team=[colleague])
    with django_capture_on_commit_callbacks(execute=True):
        services.pilot_decide(actor=curator, pilot=pilot, accept=False, reason="The budget does not fit.")
    told = set(
        Notification.objects.filter(event__kind="proposal.decision").values_list("recipient", flat=True)
    )
    assert told == {pilot.created_by_id, colleague.pk}
    finnish = next(m for m in mail.outbox if m.to == [colleague.email])
    assert pilot.title in finnish.subject and "Hylätty" in finnish.subject  # the status in Finnish
    entry = AuditEntry.objects.get(action="pilot.declined")
    assert (entry.actor, entry.target_id, entry.details["note"]) == (
        curator,
        pilot.pk,
        "The budget does not fit.",
    )


def test_progress_update_reaches_participants_but_not_its_author(
    make_challenge, django_capture_on_commit_callbacks
):
    pilot = PilotFactory(challenge=make_challenge(Phase.PILOTING), status="running")
    participant = ParticipantFactory(pilot=pilot).user
    withdrawn = ParticipantFactory(pilot=pilot, withdrawn_at="2026-01-01T00:00:00Z").user
    with django_capture_on_commit_callbacks(execute=True):
        services.progress_update_post(actor=pilot.created_by, pilot=pilot, title="Week 3", body="Going well.")
    told = set(Notification.objects.filter(event__kind="pilot.update").values_list("recipient", flat=True))
    assert told == {participant.pk}
    assert withdrawn.pk not in told


def test_a_new_team_member_is_told(challenge, django_capture_on_commit_callbacks):
    pilot = PilotFactory(challenge=challenge)
    colleague = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.team_add(actor=pilot.created_by, pilot=pilot, email=colleague.email)
    notification = Notification.objects.get(recipient=colleague)
    assert notification.event.kind == "team.invitation" and notification.event.url.endswith(
        f"/pilots/{pilot.pk}/"
    )
