import pytest
from django.test import Client

from notifications import services
from notifications.kinds import Frequency
from notifications.models import Notification, Preference
from tests.accounts.factories import OrganizationFactory, UserFactory


def notify(person, target, kind="proposal.review", count=1):
    for _ in range(count):
        services.event_record(
            kind=kind, actor=None, target=target, url=target.get_absolute_url(), title=target.name,
            recipients=[person], status="Submitted",
        )  # fmt: skip


@pytest.fixture
def person(db, django_capture_on_commit_callbacks):
    return UserFactory(name="Aino")


def test_inbox_groups_by_item_newest_first_with_a_fixed_query_count(
    client, person, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    polku = OrganizationFactory(name="Polku Mobility", slug="polku")
    espoo = OrganizationFactory(name="City of Espoo", slug="espoo")
    with django_capture_on_commit_callbacks(execute=True):
        notify(person, polku, count=3)
        notify(person, espoo, count=20)
    client.force_login(person)
    with django_assert_max_num_queries(8):
        response = client.get("/en/notifications/")
    page = response.content.decode()
    assert page.index("City of Espoo") < page.index("Polku Mobility")  # the newest group first
    assert page.count("is now: Submitted") == 23
    assert '23<span class="visually-hidden"> unread' in page  # the bell


def test_mark_one_and_all_read_only_touches_own(client, person, django_capture_on_commit_callbacks):
    target = OrganizationFactory()
    other = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notify(person, target, count=2)
        notify(other, target)
    mine = Notification.objects.filter(recipient=person).first()
    theirs = Notification.objects.get(recipient=other)
    client.force_login(person)
    client.post("/en/notifications/read/", {"notification": [mine.pk, theirs.pk]})
    assert Notification.objects.filter(recipient=person, read_at__isnull=True).count() == 1
    theirs.refresh_from_db()
    assert theirs.read_at is None
    client.post("/en/notifications/read/")
    assert not Notification.objects.filter(recipient=person, read_at__isnull=True).exists()


def test_opening_a_notification_marks_it_read_and_goes_to_the_item_in_my_language(
    client, person, django_capture_on_commit_callbacks
):
    target = OrganizationFactory(slug="polku")
    with django_capture_on_commit_callbacks(execute=True):
        notify(person, target)
    notification = Notification.objects.get()
    client.force_login(person)
    response = client.get(f"/sv/notifications/{notification.pk}/open/")
    assert response["Location"] == "/sv/organizations/polku/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    other = UserFactory()
    client.force_login(other)
    assert client.get(f"/sv/notifications/{notification.pk}/open/").status_code == 404


def test_inbox_needs_an_account(client, db):
    assert "/accounts/login/" in client.get("/en/notifications/")["Location"]


def test_settings_page_saves_choices(client, person):
    client.force_login(person)
    data = dict.fromkeys(("comment.on_your_item", "idea.status"), Frequency.WEEKLY)
    from notifications.kinds import KINDS

    data = {key: data.get(key, kind.default) for key, kind in KINDS.items()}
    assert client.post("/en/notifications/settings/", data).status_code == 302
    assert Preference.objects.get(user=person, kind="idea.status").frequency == Frequency.WEEKLY
    data["idea.status"] = "hourly"
    response = client.post("/en/notifications/settings/", data)
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()


def test_one_click_unsubscribe_needs_no_login_or_csrf_token(person):
    token = services.unsubscribe_token(user=person, kind="pilot.update")
    browser = Client(enforce_csrf_checks=True)
    assert (
        "Stop getting this kind of email?"
        in browser.get(f"/en/notifications/unsubscribe/{token}/").content.decode()
    )
    response = browser.post(f"/en/notifications/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Preference.objects.get(user=person, kind="pilot.update").frequency == Frequency.NEVER
    bad = browser.post("/en/notifications/unsubscribe/forged-token/")
    assert bad.status_code == 400 and "not valid" in bad.content.decode()


def test_notification_about_a_deleted_item_is_neither_shown_nor_emailed(
    client, person, django_capture_on_commit_callbacks
):
    from django.core import mail

    from notifications import tasks
    from notifications.models import EmailDelivery

    kept = OrganizationFactory(name="Kept")
    gone = OrganizationFactory(name="Gone")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(person, kept)
        notify(person, gone)
    gone.delete()
    for callback in callbacks:
        callback()
    assert [m.subject for m in mail.outbox] == ["[Innovation Garden] Your proposal “Kept” is now: Submitted"]
    assert EmailDelivery.objects.count() == 1
    client.force_login(person)
    page = client.get("/en/notifications/").content.decode()
    assert "Kept" in page and "Gone" not in page
    tasks.send_digests("daily")
    assert len(mail.outbox) == 1


def test_expired_unsubscribe_link_changes_nothing(client, person, settings):
    token = services.unsubscribe_token(user=person, kind="pilot.update")
    settings.UNSUBSCRIBE_LINK_DAYS = 0
    import time

    time.sleep(1.1)
    response = client.post(f"/en/notifications/unsubscribe/{token}/")
    assert response.status_code == 400 and "not valid" in response.content.decode()
    assert not Preference.objects.exists()
