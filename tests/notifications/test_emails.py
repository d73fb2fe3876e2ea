from django.utils import translation

from notifications.emails import event_email, notification_text
from notifications.kinds import KINDS
from notifications.models import Event
from tests.accounts.factories import UserFactory


def test_people_s_words_stay_as_written_while_interface_words_are_translated():
    # An idea called "Never", merged into one called "Comments": Finnish has both words, but a
    # title is what its author wrote; the status label is the interface's and is translated.
    merged = Event(kind="idea.merged", payload={"title": "Never", "other": "Comments", "actor": "Aino"})
    status = Event(kind="idea.status", payload={"title": "Never", "status": "Accepted", "actor": "Aino"})
    with translation.override("fi"):
        accepted = translation.gettext("Accepted")
        assert accepted != "Accepted" and translation.gettext("Comments") != "Comments"
        assert notification_text(merged) == str(KINDS["idea.merged"].text) % {
            "title": "Never",
            "other": "Comments",
        }
        assert notification_text(status) == str(KINDS["idea.status"].text) % {
            "title": "Never",
            "status": accepted,
        }


def test_a_line_break_in_a_quoted_title_or_name_does_not_stop_the_email(db):
    # Written before names were kept on one line, or a title from elsewhere: the subject is
    # still one line, so the email goes out instead of failing at every retry.
    reader = UserFactory(language="en")
    event = Event.objects.create(
        kind="comment.on_your_item",
        url="/en/ideas/1/",
        payload={"title": "Benches\nBcc: someone@example.org", "actor": "Aino\r\nVirtanen"},
    )
    email = event_email(event=event, user=reader)
    assert (
        email.subject == "[Innovation Garden] Aino Virtanen commented on “Benches Bcc: someone@example.org”"
    )
    message = email.message()  # what sending does; a line break in a header would raise here
    assert message["Bcc"] is None
