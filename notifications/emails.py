"""The emails: one per event for those who want them at once, and the daily and weekly digests.

Every email is written in the recipient's language, with a text and an HTML part, a link to the
item, and a one-click unsubscribe link (RFC 8058 headers) that turns off that kind of email.
"""

from collections import OrderedDict

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from accounts.models import User
from notifications.kinds import KINDS
from notifications.models import Event, Notification
from notifications.services import unsubscribe_token
from portal.language import path_in_language
from portal.translated import translation_pick

# Payload keys whose values are interface words (stored untranslated) rather than people's text;
# only these are translated for the reader. A title such as "Never" stays as its author wrote it.
INTERFACE_WORDS = {"status"}


def event_title(event: Event) -> str:
    """The title the event is about, in the active language when the city wrote it in several."""
    return translation_pick(event.payload.get("title_translations") or event.payload.get("title", ""))


def notification_text(event: Event) -> str:
    """The notification's line in the active language."""
    params = {
        key: gettext(value) if key in INTERFACE_WORDS and isinstance(value, str) and value else value
        for key, value in event.payload.items()
    }
    params["title"] = event_title(event)
    params["actor"] = event.payload.get("actor") or gettext("Someone")
    try:
        return str(KINDS[event.kind].text) % params
    except (KeyError, ValueError):
        return str(KINDS[event.kind].label)


def localized_url(path: str, language: str) -> str:
    return settings.SITE_URL + path_in_language(path, language)


def _unsubscribe_url(user: User, kind: str) -> str:
    return settings.SITE_URL + reverse(
        "notification_unsubscribe", kwargs={"token": unsubscribe_token(user=user, kind=kind)}
    )


def _message(*, user: User, subject: str, template: str, context: dict, unsubscribe_kind: str | None):
    context = {
        **context,
        "user": user,
        "settings_url": settings.SITE_URL + reverse("notification_settings"),
    }
    headers = {}
    if unsubscribe_kind:
        context["unsubscribe_url"] = _unsubscribe_url(user, unsubscribe_kind)
        headers = {
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    message = EmailMultiAlternatives(
        # A header is one line: titles and names quoted in it may hold line breaks of their own.
        subject=" ".join(f"[{gettext('Innovation Garden')}] {subject}".split()),
        body=render_to_string(f"notifications/email/{template}.txt", context),
        to=[user.email],
        headers=headers,
    )
    message.attach_alternative(render_to_string(f"notifications/email/{template}.html", context), "text/html")
    return message


def event_email(*, event: Event, user: User) -> EmailMultiAlternatives:
    with translation.override(user.language):
        text = notification_text(event)
        return _message(
            user=user,
            subject=text,
            template="event",
            context={
                "text": text,
                "url": localized_url(event.url, user.language),
                "event": event,
                "kind_label": KINDS[event.kind].label,
            },
            unsubscribe_kind=event.kind,
        )


def digest_email(*, user: User, notifications: list[Notification], frequency: str) -> EmailMultiAlternatives:
    """A digest of notifications grouped by the challenge or idea they are about."""
    with translation.override(user.language):
        groups: OrderedDict[str, dict] = OrderedDict()
        for notification in notifications:
            event = notification.event
            group = groups.setdefault(event.group_key or event.url, {"title": event.group_title, "items": []})
            group["items"].append(
                {"text": notification_text(event), "url": localized_url(event.url, user.language)}
            )
        subject = gettext("Your daily digest") if frequency == "daily" else gettext("Your weekly digest")
        return _message(
            user=user,
            subject=subject,
            template="digest",
            context={"groups": list(groups.values()), "count": len(notifications), "heading": subject},
            unsubscribe_kind=None,
        )
