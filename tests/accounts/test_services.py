import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from accounts import services
from accounts.models import Invitation, Membership, Organization, User
from tests.accounts.factories import MembershipFactory, OrganizationFactory, UserFactory


def create(actor, **fields):
    defaults = {"name": "Polku Mobility", "kind": Organization.Kind.COMPANY}
    return services.organization_create(actor=actor, **{**defaults, **fields})


class TestOrganizationCreate:
    def test_creator_becomes_administrator_and_business_id_is_normalized(self, resident):
        organization = create(resident, business_id=" 101263-6")
        assert organization.business_id == "0101263-6"
        assert organization.slug == "polku-mobility"
        membership = Membership.objects.get(organization=organization)
        assert (membership.user, membership.role) == (resident, Membership.Role.ADMIN)

    def test_same_name_gets_a_distinct_address(self, resident):
        assert create(resident).slug == "polku-mobility"
        assert create(resident).slug == "polku-mobility-2"

    def test_bad_business_id_saves_nothing(self, resident):
        with pytest.raises(ValidationError) as caught:
            create(resident, business_id="0101263-5")
        assert "check digit" in str(caught.value)
        assert not Organization.objects.exists()
        assert not Membership.objects.exists()

    def test_duplicate_business_id_is_refused(self, resident):
        create(resident, business_id="0101263-6")
        with pytest.raises(ValidationError) as caught:
            create(resident, name="Another", business_id="0101263-6")
        assert "already registered" in str(caught.value)
        assert Organization.objects.count() == 1

    def test_anonymous_cannot_create(self, db):
        from django.contrib.auth.models import AnonymousUser

        with pytest.raises(PermissionDenied):
            create(AnonymousUser())


class TestOrganizationUpdateAndVerify:
    def test_admin_updates_member_cannot(self, organization, org_admin, org_member):
        services.organization_update(actor=org_admin, organization=organization, name="Polku Oy")
        organization.refresh_from_db()
        assert organization.name == "Polku Oy"
        with pytest.raises(PermissionDenied):
            services.organization_update(actor=org_member, organization=organization, name="X")

    def test_official_verifies_and_a_new_business_id_needs_a_new_verification(
        self, organization, org_admin, official
    ):
        services.organization_verify(actor=official, organization=organization)
        assert organization.is_verified and organization.verified_by == official
        services.organization_update(actor=org_admin, organization=organization, business_id="1572860-0")
        organization.refresh_from_db()
        assert not organization.is_verified

    def test_resident_cannot_verify(self, organization, resident, org_admin):
        for actor in (resident, org_admin):
            with pytest.raises(PermissionDenied):
                services.organization_verify(actor=actor, organization=organization)


class TestInvitations:
    def test_invite_sends_email_in_the_invitees_language_with_a_working_link(
        self, organization, org_admin, client, django_capture_on_commit_callbacks
    ):
        invitee = UserFactory(email="colleague@example.org", language="sv")
        with django_capture_on_commit_callbacks(execute=True):
            invitation = services.invitation_create(
                actor=org_admin, organization=organization, email="Colleague@Example.org"
            )
        invitation.refresh_from_db()
        assert invitation.email == "colleague@example.org"
        assert invitation.sent_at is not None
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["colleague@example.org"]
        assert "Polku Mobility" in message.subject
        assert "Du är inbjuden" in message.subject  # Swedish, the invitee's language
        html = message.alternatives[0][0]
        link = next(word for word in message.body.split() if "/invitations/" in word)
        assert link.startswith("http://testserver/sv/organizations/invitations/")
        assert link in html

        client.force_login(invitee)
        response = client.post(link.removeprefix("http://testserver"))
        assert response.status_code == 302
        assert Membership.objects.filter(organization=organization, user=invitee).exists()

    def test_sending_again_sends_nothing_twice(
        self, organization, org_admin, django_capture_on_commit_callbacks
    ):
        from accounts.tasks import send_organization_invitation

        with django_capture_on_commit_callbacks(execute=True):
            invitation = services.invitation_create(
                actor=org_admin, organization=organization, email="a@example.org"
            )
        send_organization_invitation(invitation.pk)
        assert len(mail.outbox) == 1

    def test_reinviting_replaces_the_open_invitation(self, organization, org_admin):
        first = services.invitation_create(actor=org_admin, organization=organization, email="a@example.org")
        second = services.invitation_create(actor=org_admin, organization=organization, email="a@example.org")
        first.refresh_from_db()
        assert first.revoked_at is not None and second.is_open
        with pytest.raises(ValidationError, match="withdrawn"):
            services.invitation_accept(actor=UserFactory(email="a@example.org"), invitation=first)

    def test_members_are_not_invited_again(self, organization, org_admin, org_member):
        with pytest.raises(ValidationError, match="already a member"):
            services.invitation_create(actor=org_admin, organization=organization, email=org_member.email)

    def test_only_organization_admins_invite(self, organization, org_member, official):
        for actor in (org_member, official):
            with pytest.raises(PermissionDenied):
                services.invitation_create(actor=actor, organization=organization, email="x@example.org")

    def test_accept_checks_address_expiry_and_reuse(self, organization, org_admin):
        invitation = services.invitation_create(
            actor=org_admin, organization=organization, email="new@example.org"
        )
        stranger = UserFactory(email="other@example.org")
        with pytest.raises(ValidationError, match=r"sent to new@example\.org"):
            services.invitation_accept(actor=stranger, invitation=invitation)

        invitee = UserFactory(email="new@example.org")
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
        invitation.refresh_from_db()
        with pytest.raises(ValidationError, match="expired"):
            services.invitation_accept(actor=invitee, invitation=invitation)
        assert not Membership.objects.filter(user=invitee).exists()

        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() + timedelta(days=1))
        invitation.refresh_from_db()
        services.invitation_accept(actor=invitee, invitation=invitation)
        with pytest.raises(ValidationError, match="already been used"):
            services.invitation_accept(actor=invitee, invitation=invitation)

    def test_tampered_token_is_refused(self, organization, org_admin):
        invitation = services.invitation_create(
            actor=org_admin, organization=organization, email="n@example.org"
        )
        token = services.invitation_token(invitation)
        assert services.invitation_from_token(token) == invitation
        with pytest.raises(ValidationError, match="not valid"):
            services.invitation_from_token(token[:-2] + "xx")
        with pytest.raises(ValidationError, match="not valid"):
            services.invitation_from_token("garbage")

    def test_revoke(self, organization, org_admin, org_member):
        invitation = services.invitation_create(
            actor=org_admin, organization=organization, email="n@example.org"
        )
        with pytest.raises(PermissionDenied):
            services.invitation_revoke(actor=org_member, invitation=invitation)
        services.invitation_revoke(actor=org_admin, invitation=invitation)
        invitation.refresh_from_db()
        assert not invitation.is_open


class TestMemberships:
    def test_member_leaves(self, organization, org_admin, org_member):
        services.membership_leave(actor=org_member, organization=organization)
        assert not Membership.objects.filter(user=org_member).exists()

    def test_last_administrator_cannot_leave(self, organization, org_admin, org_member):
        with pytest.raises(ValidationError, match="only administrator"):
            services.membership_leave(actor=org_admin, organization=organization)
        assert Membership.objects.filter(user=org_admin).exists()

    def test_administrator_leaves_after_appointing_another(self, organization, org_admin, org_member):
        membership = Membership.objects.get(user=org_member)
        services.membership_set_role(actor=org_admin, membership=membership, role=Membership.Role.ADMIN)
        services.membership_leave(actor=org_admin, organization=organization)
        assert list(organization.memberships.values_list("user", flat=True)) == [org_member.pk]

    def test_outsider_cannot_leave(self, organization, resident, administrator):
        with pytest.raises(PermissionDenied):
            services.membership_leave(actor=resident, organization=organization)
        with pytest.raises(ValidationError, match="not a member"):
            services.membership_leave(actor=administrator, organization=organization)

    def test_admin_removes_member_but_member_cannot_remove(self, organization, org_admin, org_member):
        admin_membership = Membership.objects.get(user=org_admin)
        with pytest.raises(PermissionDenied):
            services.membership_remove(actor=org_member, membership=admin_membership)
        services.membership_remove(actor=org_admin, membership=Membership.objects.get(user=org_member))
        assert organization.memberships.count() == 1

    def test_the_last_administrator_cannot_be_removed_even_by_a_portal_administrator(
        self, organization, org_admin, org_member, administrator
    ):
        admin_membership = Membership.objects.get(user=org_admin)
        with pytest.raises(ValidationError, match="at least one administrator") as raised:
            services.membership_remove(actor=administrator, membership=admin_membership)
        assert raised.value.code == "last_admin"
        assert Membership.objects.filter(pk=admin_membership.pk).exists()
        services.membership_remove(actor=administrator, membership=Membership.objects.get(user=org_member))
        assert list(organization.memberships.values_list("user", flat=True)) == [org_admin.pk]

    def test_last_admin_cannot_demote_themselves(self, organization, org_admin):
        membership = Membership.objects.get(user=org_admin)
        with pytest.raises(ValidationError, match="at least one administrator"):
            services.membership_set_role(actor=org_admin, membership=membership, role=Membership.Role.MEMBER)


class TestRoles:
    def test_administrator_grants_roles_and_staff_follows(self, administrator, resident):
        services.user_set_roles(
            actor=administrator, user=resident, official=True, moderator=True, administrator=False
        )
        resident.refresh_from_db()
        assert resident.is_official and resident.is_moderator and not resident.is_staff
        services.user_set_roles(
            actor=administrator, user=resident, official=False, moderator=False, administrator=True
        )
        resident.refresh_from_db()
        assert resident.is_superuser and resident.is_staff and not resident.is_official

    def test_others_cannot_grant_roles(self, official, moderator, resident):
        for actor in (official, moderator, resident):
            with pytest.raises(PermissionDenied):
                services.user_set_roles(
                    actor=actor, user=resident, official=True, moderator=False, administrator=False
                )

    def test_administrator_cannot_drop_own_role(self, administrator):
        with pytest.raises(ValidationError):
            services.user_set_roles(
                actor=administrator, user=administrator, official=False, moderator=False, administrator=False
            )


def test_invitation_left_unsent_by_a_broker_outage_is_sent_later(organization, org_admin):
    from accounts.tasks import send_unsent_invitations

    invitation = services.invitation_create(actor=org_admin, organization=organization, email="n@example.org")
    # No commit callbacks ran (as if the broker was down): nothing was sent.
    assert not mail.outbox
    Invitation.objects.filter(pk=invitation.pk).update(created_at=timezone.now() - timedelta(minutes=10))
    send_unsent_invitations()
    assert len(mail.outbox) == 1
    send_unsent_invitations()
    assert len(mail.outbox) == 1


def test_role_grants_and_verifications_are_audited(administrator, resident, organization, official):
    from portal.models import AuditEntry

    services.user_set_roles(
        actor=administrator, user=resident, official=True, moderator=False, administrator=False
    )
    services.organization_verify(actor=official, organization=organization)
    entries = list(AuditEntry.objects.order_by("at", "pk"))
    assert [(e.action, e.actor, e.target_id) for e in entries] == [
        ("roles.change", administrator, resident.pk),
        ("organization.verify", official, organization.pk),
    ]
    assert entries[0].details["after"]["official"] is True
    # Saving the same roles again changes nothing and logs nothing.
    services.user_set_roles(
        actor=administrator, user=resident, official=True, moderator=False, administrator=False
    )
    assert AuditEntry.objects.count() == 2


def test_a_name_is_kept_on_one_line(resident):
    # Names are quoted in email subjects, which cannot hold a line break.
    services.user_update_profile(actor=resident, name="  Aino\r\nBcc: someone@example.org ", language="fi")
    resident.refresh_from_db()
    assert resident.name == "Aino Bcc: someone@example.org"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent connections")
@pytest.mark.parametrize("step", ["step_down", "remove_the_other"])
def test_two_administrators_acting_at_once_leave_one_behind(step):
    """Each of the only two administrators steps down (or removes the other) at the same moment: one
    succeeds, the other is told why not, and nobody meets a deadlock."""
    organization = OrganizationFactory()
    first, second = (
        MembershipFactory(organization=organization, role=Membership.Role.ADMIN) for _ in range(2)
    )
    barrier = threading.Barrier(2)
    outcomes = []

    def act(mine, theirs):
        from django.db import connections

        try:
            actor = User.objects.get(pk=mine.user_id)
            barrier.wait(timeout=30)
            if step == "step_down":
                services.membership_set_role(actor=actor, membership=mine, role=Membership.Role.MEMBER)
            else:
                services.membership_remove(actor=actor, membership=theirs)
            outcomes.append("done")
        except ValidationError as error:
            outcomes.append(error.code)
        except PermissionDenied:
            outcomes.append("permission_denied")
        except Exception as error:  # a deadlock, say: the failure this test is about
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=act, args=(first, second)),
        threading.Thread(target=act, args=(second, first)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["done", "last_admin"] or (
        # Removing the other: the second to act may already have been removed, so may not manage.
        step == "remove_the_other" and sorted(outcomes) == ["done", "permission_denied"]
    ), outcomes
    assert organization.memberships.filter(role=Membership.Role.ADMIN).count() == 1
