"""A person's notifications and email choices, for their data download and account deletion.

Deleting the account deletes the person's own notifications, preferences and email records, and
takes their name out of the notifications they caused for others (which then say "Someone").
"""

from notifications.models import EmailDelivery, Mailbox, Notification, Preference
from notifications.services import events_forget_actor


def export(user) -> dict:
    return {
        "notifications": [
            {
                "kind": n.event.kind,
                "about": n.event.group_title,
                "created_at": n.created_at,
                "read_at": n.read_at,
            }
            for n in Notification.objects.filter(recipient=user)
            .select_related("event")
            .order_by("-created_at")
        ],
        "email_preferences": dict(Preference.objects.filter(user=user).values_list("kind", "frequency")),
        "emails_sent": EmailDelivery.objects.filter(recipient=user, status=EmailDelivery.Status.SENT).count(),
    }


def erase(user, *, remove_contributions: bool) -> None:
    Notification.objects.filter(recipient=user).delete()
    Preference.objects.filter(user=user).delete()
    EmailDelivery.objects.filter(recipient=user).delete()
    Mailbox.objects.filter(user=user).delete()
    events_forget_actor(user=user)
