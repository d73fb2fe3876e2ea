import json

import pytest
from django.core import mail

from accounts import services
from accounts.models import DataExport, Membership, User
from notifications.models import Notification
from portal.models import AuditEntry
from privacy import services as privacy_services
from tests.accounts.factories import MembershipFactory, UserFactory


def test_export_is_prepared_by_a_task_and_linked_in_a_notification(
    client, org_member, organization, django_capture_on_commit_callbacks
):
    client.force_login(org_member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/data/", {"export": "1"})
    assert response.status_code == 302
    export = DataExport.objects.get(user=org_member)
    assert export.ready_at is not None
    notification = Notification.objects.get(recipient=org_member)
    assert notification.event.kind == "account.data_export" and notification.event.url == "/en/accounts/data/"
    assert "Your data is ready" in mail.outbox[-1].subject

    response = client.get(f"/en/accounts/data/{export.pk}/download/")
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(b"".join(response.streaming_content))
    assert data["accounts"]["profile"]["email"] == org_member.email
    assert data["accounts"]["organizations"][0]["organization"] == organization.name
    assert "notifications" in data["notifications"]

    # Nobody else can fetch it.
    client.force_login(UserFactory())
    assert client.get(f"/en/accounts/data/{export.pk}/download/").status_code == 404


def test_delete_account_erases_personal_data_and_keeps_an_organization_administered(client, organization):
    admin = MembershipFactory(organization=organization, role=Membership.Role.ADMIN).user
    member = MembershipFactory(organization=organization).user
    client.force_login(admin)
    response = client.post(
        "/en/accounts/data/", {"delete": "1", "password": "a-good-password-42", "confirm": "on"}
    )
    assert response.status_code == 302
    admin.refresh_from_db()
    assert admin.deleted_at and not admin.is_active and admin.name == ""
    assert admin.email.endswith("@deleted.invalid") and not admin.has_usable_password()
    assert admin.display_name == "Deleted user"
    assert list(organization.memberships.values_list("user", "role")) == [(member.pk, "admin")]
    assert "_auth_user_id" not in client.session
    assert not client.login(email=admin.email, password="a-good-password-42")


def test_delete_needs_the_right_password_and_the_confirmation(client, resident):
    client.force_login(resident)
    response = client.post("/en/accounts/data/", {"delete": "1", "password": "wrong", "confirm": "on"})
    assert response.status_code == 400 and "password is not correct" in response.content.decode()
    response = client.post("/en/accounts/data/", {"delete": "1", "password": "a-good-password-42"})
    assert response.status_code == 400
    resident.refresh_from_db()
    assert resident.is_active and resident.deleted_at is None


def test_deleted_accounts_stay_out_of_audit_names_but_entries_remain(administrator, resident):
    services.user_set_roles(
        actor=administrator, user=resident, official=True, moderator=False, administrator=False
    )
    privacy_services.account_delete(actor=resident, password="a-good-password-42")
    assert AuditEntry.objects.filter(target_id=resident.pk).exists()
    assert User.objects.filter(pk=resident.pk).exists()


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_privacy_page_in_three_languages(client, db, language):
    response = client.get(f"/{language}/privacy/")
    assert response.status_code == 200


# --- Every app's part, through the pages and the real task --------------------------------------


@pytest.fixture
def busy_resident(db):
    """A resident who has done a bit of everything, among neighbours who did the same."""
    from challenges.models import Phase
    from engagement import services as engagement
    from pilots import services as pilots
    from pilots.models import Pilot
    from tests.challenges.factories import ChallengeFactory
    from tests.ideas.factories import IdeaFactory
    from tests.pilots.factories import PilotFactory

    aino = UserFactory(name="Aino Virtanen", email="aino@example.org")
    mikael = UserFactory(name="Mikael Lindqvist")
    challenge = ChallengeFactory(title="Quieter evenings", phase=Phase.IDEAS)
    mine = IdeaFactory(author=aino, title="A late shuttle", body="Every half hour until midnight.")
    solo = IdeaFactory(author=aino, title="Benches by the shore")
    theirs = IdeaFactory(author=mikael, title="Evening buses")
    pilot = PilotFactory(title="Shared rides", status=Pilot.Status.RUNNING, team=[aino])
    proposal = PilotFactory(title="Night shuttle", created_by=aino, challenge=challenge, status="submitted")
    for person in (aino, mikael):
        for item in (mine, theirs, pilot, challenge):
            engagement.vote_cast(actor=person, target=item)
            engagement.follow_start(actor=person, target=item)
    question = engagement.comment_create(actor=mikael, target=mine, body="Which stops?")
    engagement.comment_create(actor=aino, target=mine, body="Tapiola and Otaniemi.", parent=question)
    engagement.comment_create(actor=aino, target=theirs, body="Yes, the 110 please.")
    engagement.flag_create(actor=aino, target=theirs, reason="off_topic", details="Not about evenings.")
    pilots.participant_sign_up(actor=aino, pilot=pilot, consent=True)
    return {
        "aino": aino, "mikael": mikael, "challenge": challenge, "mine": mine, "solo": solo,
        "theirs": theirs, "pilot": pilot, "proposal": proposal,
    }  # fmt: skip


def test_the_downloaded_file_holds_every_kind_of_her_data(
    client, busy_resident, django_capture_on_commit_callbacks
):
    from notifications.models import Event
    from notifications.services import dispatch

    world = busy_resident
    for event in Event.objects.all():  # Mikael's question tells her
        dispatch(event)
    client.force_login(world["aino"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/data/", {"export": "1"})
    export = DataExport.objects.get(user=world["aino"])
    data = json.loads(b"".join(client.get(f"/en/accounts/data/{export.pk}/download/").streaming_content))

    assert data["accounts"]["profile"]["name"] == "Aino Virtanen"
    assert [i["title"] for i in data["ideas"]["ideas"]] == ["A late shuttle", "Benches by the shore"]
    assert {c["text"] for c in data["engagement"]["comments"]} == {
        "Tapiola and Otaniemi.",
        "Yes, the 110 please.",
    }
    voted = {(v["item"], v["id"]) for v in data["engagement"]["votes"]}
    assert voted == {
        ("idea", world["mine"].pk), ("idea", world["theirs"].pk), ("pilot", world["pilot"].pk),
        ("challenge", world["challenge"].pk),
    }  # fmt: skip
    assert {(f["item"], f["id"]) for f in data["engagement"]["follows"]} == voted
    assert data["engagement"]["flags"][0]["details"] == "Not about evenings."
    assert {t["pilot"]["title"] for t in data["pilots"]["pilot_teams"]} == {"Shared rides", "Night shuttle"}
    [participation] = data["pilots"]["pilot_participation"]
    assert participation["pilot"]["title"] == "Shared rides" and participation["data_statement_version"] == 1
    assert participation["withdrawn_at"] is None
    assert [n["kind"] for n in data["notifications"]["notifications"]] == ["comment.on_your_item"]
    for theirs in ("Which stops?", "Mikael Lindqvist"):
        assert theirs not in json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize("remove_contributions", [False, True])
def test_after_deletion_every_count_equals_its_rows(client, busy_resident, remove_contributions):
    from challenges.models import Challenge
    from engagement.models import Comment, Follow, Vote
    from ideas.models import Idea
    from pilots.models import Pilot

    world = busy_resident
    client.force_login(world["aino"])
    form = {"delete": "1", "password": "a-good-password-42", "confirm": "on"}
    if remove_contributions:
        form["remove_contributions"] = "on"
    assert client.post("/en/accounts/data/", form).status_code == 302

    for model in (Idea, Pilot, Challenge):
        for item in model.objects.all():
            shown = Comment.objects.for_target(item).filter(deleted_at__isnull=True, hidden_at__isnull=True)
            assert item.vote_count == Vote.objects.for_target(item).count(), item
            assert item.follower_count == Follow.objects.for_target(item).count(), item
            assert item.comment_count == shown.count(), item
    theirs = Idea.objects.get(pk=world["theirs"].pk)
    assert (theirs.vote_count, theirs.follower_count) == ((1, 1) if remove_contributions else (2, 1))
    assert theirs.title == "Evening buses" and theirs.hidden_at is None

    mine = Idea.objects.get(pk=world["mine"].pk)
    assert mine.is_removed == remove_contributions  # Mikael voted for it and asked a question
    assert Idea.objects.filter(pk=world["solo"].pk).exists() != remove_contributions
    page = client.get(theirs.get_absolute_url()).content.decode()
    assert "Aino Virtanen" not in page
    if remove_contributions:
        assert "Yes, the 110 please." not in page and "This comment was deleted." not in page
    else:
        assert "Yes, the 110 please." in page and "Deleted user" in page
