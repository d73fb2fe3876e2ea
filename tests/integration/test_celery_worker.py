"""A task travels through the real Redis broker to a real worker and changes the database."""

import pytest
from django.db import transaction

from accounts import services
from accounts.models import Invitation, Membership
from tests.accounts.factories import OrganizationFactory, UserFactory
from tests.integration.conftest import wait_for

pytestmark = pytest.mark.integration


def test_invitation_email_is_sent_by_the_worker_through_smtp(celery_worker, smtp_server):
    organization = OrganizationFactory(name="Polku Mobility")
    admin = UserFactory()
    Membership.objects.create(organization=organization, user=admin, role=Membership.Role.ADMIN)
    UserFactory(email="colleague@example.org", language="fi")

    with transaction.atomic():
        invitation = services.invitation_create(
            actor=admin, organization=organization, email="colleague@example.org"
        )
        # Nothing is queued before the transaction commits.
        assert Invitation.objects.get(pk=invitation.pk).sent_at is None

    wait_for(
        lambda: Invitation.objects.get(pk=invitation.pk).sent_at is not None,
        timeout=60,
        what="the worker to send the invitation",
    )
    assert len(smtp_server.messages) == 1
    envelope = smtp_server.messages[0]
    assert envelope.rcpt_tos == ["colleague@example.org"]
    body = envelope.content.decode()
    assert "Polku Mobility" in body
    assert "/fi/organizations/invitations/" in body
