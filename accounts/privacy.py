"""What the accounts app holds about a person: profile, addresses, memberships, invitations sent,
data downloads; and how it is erased (the account row stays, anonymized, last of all).

The per-app contract and the rules across apps are described in `privacy.services`.
"""

from django.utils import timezone


def export(user) -> dict:
    from allauth.account.models import EmailAddress

    from accounts.models import Invitation, Membership

    return {
        "profile": {
            "email": user.email,
            "name": user.name,
            "language": user.language,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "roles": {
                "official": user.is_official,
                "moderator": user.is_moderator,
                "administrator": user.is_superuser,
            },
        },
        "email_addresses": list(
            EmailAddress.objects.filter(user=user).values("email", "verified", "primary")
        ),
        "organizations": [
            {"organization": m.organization.name, "role": m.role, "joined_at": m.joined_at}
            for m in Membership.objects.filter(user=user).select_related("organization")
        ],
        "invitations_sent": list(
            Invitation.objects.filter(invited_by=user).values("email", "organization__name", "created_at")
        ),
    }


def erase(user, *, remove_contributions: bool) -> None:
    from allauth.account.models import EmailAddress

    from accounts.models import DataExport, Invitation, Membership

    for membership in Membership.objects.filter(user=user, role=Membership.Role.ADMIN).select_related(
        "organization"
    ):
        # An organization is not left without an administrator: its longest-standing member takes over.
        others = Membership.objects.filter(organization=membership.organization).exclude(user=user)
        if not others.filter(role=Membership.Role.ADMIN).exists():
            successor = others.order_by("joined_at").first()
            if successor:
                successor.role = Membership.Role.ADMIN
                successor.save(update_fields=["role"])
    Membership.objects.filter(user=user).delete()
    Invitation.objects.filter(email__iexact=user.email, accepted_at__isnull=True).delete()
    EmailAddress.objects.filter(user=user).delete()
    for export_row in DataExport.objects.filter(user=user):
        _delete_export_file(export_row)
    DataExport.objects.filter(user=user).delete()
    # Sessions elsewhere end by themselves: Django signs nobody in as an inactive user.
    user.email = f"deleted-{user.pk}@deleted.invalid"
    user.name = ""
    user.is_active = False
    user.is_staff = user.is_superuser = user.is_official = user.is_moderator = False
    user.deleted_at = timezone.now()
    user.set_unusable_password()
    user.save()


def _delete_export_file(export_row) -> None:
    if export_row.file_name:
        export_row.file_path.unlink(missing_ok=True)
