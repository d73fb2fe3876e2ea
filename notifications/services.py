"""Recording events, turning them into notifications and emails, and people's preferences.

A service elsewhere that does something worth telling calls `event_record` inside its
transaction. The row is the outbox: after the commit a task dispatches it, and a periodic relay
re-enqueues any event still undispatched a minute later, so nothing is lost if the broker was down
at that moment. Dispatch is idempotent: notifications and email deliveries are unique per
(recipient, event), so running it twice adds nothing.
"""

from collections.abc import Callable, Iterable, Iterator

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from notifications.kinds import KINDS, Frequency
from notifications.models import EmailDelivery, Event, Mailbox, Notification, Preference
from portal import translated
from portal.queue import enqueue_after_commit

CHUNK_SIZE = 1000
UNSUBSCRIBE_SALT = "notifications.unsubscribe"

# Named groups of recipients, resolved at dispatch time: name -> function(event) -> user ids.
AUDIENCES: dict[str, Callable[[Event], QuerySet]] = {}


def register_audience(name: str, resolver: Callable[[Event], QuerySet]) -> None:
    """Let events name `name` as an audience: `resolver(event)` gives the user ids, a flat
    `values_list`. Apps register theirs from their own `ready()` (engagement: "followers")."""
    AUDIENCES[name] = resolver


def _title_translations(title: str, *items) -> dict[str, str]:
    """The title in each language when it is the city's translated title of the target or the
    group (a challenge, a pilot's public page), so each recipient reads it in their language."""
    for item in items:
        if item is not None and hasattr(item, translated.localized("title", "fi")):
            texts = translated.translations_of(item, "title")
            if title in texts.values() or title == item.title:
                return texts
    return {}


def event_record(
    *,
    kind: str,
    actor: User | None,
    target=None,
    url: str,
    title: str,
    recipients: Iterable[User | int] = (),
    audiences: Iterable[str] = (),
    exclude: Iterable[User | int] = (),
    group=None,
    **payload,
) -> Event:
    """Write an event in the caller's transaction and dispatch it once that commits.

    `title` names the item it is about; `group` is the challenge or idea the notification is
    grouped under in the inbox and in digests (the target itself by default). Extra keyword
    arguments go into the payload and can be used by the kind's text. Payload values that are
    interface words (a status label) are passed as their untranslated text and translated for
    each recipient. `exclude` leaves out people an audience would include, typically those told
    the same thing by a more specific event (an author is told of a comment on their idea once,
    not again as one of its followers).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    unknown = set(audiences) - set(AUDIENCES)
    if unknown:
        raise ValueError(f"unknown audiences {unknown}")
    group = group or target
    translations = _title_translations(title, target, group)
    event = Event.objects.create(
        kind=kind,
        actor=actor if actor and actor.is_authenticated else None,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=target.pk if target is not None else None,
        url=url,
        group_key=f"{group._meta.label_lower}:{group.pk}" if group is not None else "",
        group_title=str(group) if group is not None else title,
        payload={
            "title": title,
            **({"title_translations": translations} if translations else {}),
            "actor": actor.display_name if actor else "",
            **payload,
            **({"exclude": sorted({e if isinstance(e, int) else e.pk for e in exclude})} if exclude else {}),
        },
        recipient_ids=sorted({r if isinstance(r, int) else r.pk for r in recipients}),
        audiences=list(audiences),
    )

    enqueue_after_commit("notifications.dispatch_event", event.pk)
    return event


def _recipient_chunks(event: Event, size: int) -> Iterator[list[int]]:
    """Recipient ids in chunks of `size`, without the actor, memory fixed whatever the count."""
    skip = {event.actor_id, *event.payload.get("exclude", [])}
    explicit = [pk for pk in event.recipient_ids if pk not in skip]
    for start in range(0, len(explicit), size):
        yield explicit[start : start + size]
    for name in event.audiences:
        # A flat values_list of user ids; walked in id order, one chunk at a time (keyset).
        ids = AUDIENCES[name](event)
        field = ids._fields[0] if ids._fields else "pk"
        last = 0
        while True:
            chunk = list(ids.filter(**{f"{field}__gt": last}).order_by(field)[:size])
            if not chunk:
                break
            last = chunk[-1]
            yield [pk for pk in chunk if pk not in skip]


def frequencies_for(*, kind: str, user_ids: list[int]) -> dict[int, str]:
    """Each person's email frequency for a kind (their choice, or the kind's default)."""
    chosen = dict(
        Preference.objects.filter(kind=kind, user_id__in=user_ids).values_list("user_id", "frequency")
    )
    default = KINDS[kind].default
    return {pk: chosen.get(pk, default) for pk in user_ids}


def dispatch(event: Event, *, chunk_size: int = CHUNK_SIZE) -> list[list[int]]:
    """Write the event's notifications and immediate email deliveries, chunk by chunk.

    Returns the delivery ids to send, one list per chunk. Safe to run again after a crash.
    """
    write = _write_chunk_in_sql if connection.vendor == "postgresql" else _write_chunk
    batches = []
    for chunk in _recipient_chunks(event, chunk_size):
        with transaction.atomic():
            immediate = write(event, chunk, timezone.now())
        if not immediate:
            continue
        pending = list(
            EmailDelivery.objects.filter(
                key=f"event:{event.pk}", recipient_id__in=immediate, status=EmailDelivery.Status.PENDING
            ).values_list("pk", flat=True)
        )
        if pending:
            batches.append(pending)
    Event.objects.filter(pk=event.pk, dispatched_at__isnull=True).update(dispatched_at=timezone.now())
    return batches


def _write_chunk(event: Event, chunk: list[int], now) -> list[int]:
    """Notifications and email deliveries for one chunk of people, through the ORM (any database).

    Returns the people who get an immediate email.
    """
    active = list(User.objects.filter(pk__in=chunk, is_active=True).values_list("pk", flat=True))
    if not active:
        return []
    frequencies = frequencies_for(kind=event.kind, user_ids=active)
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=pk,
                event=event,
                created_at=event.created_at,
                # Only daily and weekly choices wait for a digest.
                digested_at=None if frequencies[pk] in (Frequency.DAILY, Frequency.WEEKLY) else now,
            )
            for pk in active
        ],
        ignore_conflicts=True,
    )
    immediate = [pk for pk in active if frequencies[pk] == Frequency.IMMEDIATE]
    bounced = set(
        Mailbox.objects.filter(user_id__in=immediate, bounced_at__isnull=False).values_list(
            "user_id", flat=True
        )
    )
    EmailDelivery.objects.bulk_create(
        [
            EmailDelivery(recipient_id=pk, key=f"event:{event.pk}", event=event)
            for pk in immediate
            if pk not in bounced
        ],
        ignore_conflicts=True,
    )
    return immediate


# The same as `_write_chunk`, done by PostgreSQL: two INSERT … SELECT statements per chunk instead
# of building a thousand objects in Python. The fan-out to a challenge's 100,000 followers spends
# its time here (see bench/README.md).
_NOTIFICATIONS_SQL = """
    INSERT INTO notifications_notification (recipient_id, event_id, created_at, digested_at)
    SELECT u.id, %(event)s, %(created)s,
           CASE WHEN coalesce(p.frequency, %(default)s) IN ('daily', 'weekly') THEN NULL ELSE %(now)s END
      FROM accounts_user u
      LEFT JOIN notifications_preference p ON p.user_id = u.id AND p.kind = %(kind)s
     WHERE u.id = ANY(%(ids)s) AND u.is_active
    ON CONFLICT DO NOTHING
"""
_DELIVERIES_SQL = """
    INSERT INTO notifications_emaildelivery
           (recipient_id, key, event_id, status, attempts, created_at, last_error)
    SELECT u.id, %(key)s, %(event)s, 'pending', 0, %(now)s, ''
      FROM accounts_user u
      LEFT JOIN notifications_preference p ON p.user_id = u.id AND p.kind = %(kind)s
      LEFT JOIN notifications_mailbox m ON m.user_id = u.id
     WHERE u.id = ANY(%(ids)s) AND u.is_active AND m.bounced_at IS NULL
       AND coalesce(p.frequency, %(default)s) = 'immediate'
    ON CONFLICT DO NOTHING
"""
_IMMEDIATE_SQL = """
    SELECT u.id FROM accounts_user u
      LEFT JOIN notifications_preference p ON p.user_id = u.id AND p.kind = %(kind)s
     WHERE u.id = ANY(%(ids)s) AND u.is_active AND coalesce(p.frequency, %(default)s) = 'immediate'
"""


def _write_chunk_in_sql(event: Event, chunk: list[int], now) -> list[int]:
    params = {
        "event": event.pk,
        "created": event.created_at,
        "now": now,
        "kind": event.kind,
        "default": KINDS[event.kind].default,
        "ids": chunk,
        "key": f"event:{event.pk}",
    }
    with connection.cursor() as cursor:
        cursor.execute(_NOTIFICATIONS_SQL, params)
        cursor.execute(_DELIVERIES_SQL, params)
        cursor.execute(_IMMEDIATE_SQL, params)
        return [row[0] for row in cursor.fetchall()]


# --- The person's side -----------------------------------------------------------------------


def notification_mark_read(*, actor: User, notification_ids: Iterable[int] | None = None) -> int:
    """Mark some (or, with None, all) of the actor's own notifications read."""
    unread = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())


def preferences_set(*, actor: User, frequencies: dict[str, str]) -> None:
    valid = {value for value, _label in Frequency.CHOICES}
    with transaction.atomic():
        for kind, frequency in frequencies.items():
            if kind not in KINDS or frequency not in valid:
                raise ValueError(f"bad preference {kind}={frequency}")
            Preference.objects.update_or_create(user=actor, kind=kind, defaults={"frequency": frequency})


def unsubscribe_token(*, user: User, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_check(*, token: str) -> tuple[User, str]:
    """The person and kind an unsubscribe link names; BadSignature if forged, expired or unknown."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=settings.UNSUBSCRIBE_LINK_DAYS * 86400)
    if not isinstance(data, dict) or data.get("k") not in KINDS:
        raise signing.BadSignature("unknown kind")
    user = User.objects.filter(pk=data.get("u")).first()
    if user is None:
        raise signing.BadSignature("unknown person")
    return user, data["k"]


def unsubscribe(*, token: str) -> tuple[User, str]:
    """Turn off email for the kind a one-click unsubscribe link names. Raises BadSignature."""
    user, kind = unsubscribe_check(token=token)
    Preference.objects.update_or_create(user=user, kind=kind, defaults={"frequency": Frequency.NEVER})
    return user, kind


def mailbox_mark_bounced(*, user_id: int, reason: str) -> None:
    Mailbox.objects.update_or_create(
        user_id=user_id, defaults={"bounced_at": timezone.now(), "bounce_reason": reason[:500]}
    )


def mailbox_clear_bounce(*, actor: User) -> None:
    """The person fixed or confirmed their address: try sending again."""
    Mailbox.objects.filter(user=actor).update(bounced_at=None, bounce_reason="")


def events_forget_actor(*, user: User) -> int:
    """Take a person's name out of the events they caused, when their account is deleted: other
    people's notifications of them then say "Someone". Returns how many events changed."""
    changed = []
    for event in Event.objects.filter(actor=user).only("pk", "payload").iterator(chunk_size=CHUNK_SIZE):
        if event.payload.get("actor"):
            event.payload["actor"] = ""
            changed.append(event)
    Event.objects.bulk_update(changed, ["payload"], batch_size=CHUNK_SIZE)
    return len(changed)
