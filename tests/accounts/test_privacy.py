import json

import pytest
from django.core import mail

from accounts import services
from accounts.models import DataExport, Membership, User
from notifications.models import Notification
from portal.models import AuditEntry
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
    services.account_delete(actor=resident, password="a-good-password-42")
    assert AuditEntry.objects.filter(target_id=resident.pk).exists()
    assert User.objects.filter(pk=resident.pk).exists()


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_privacy_page_in_three_languages(client, db, language):
    response = client.get(f"/{language}/privacy/")
    assert response.status_code == 200
