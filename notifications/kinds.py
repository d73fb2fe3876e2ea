"""The kinds of notification, how often each is emailed by default, and how each reads.

Every event has a kind. A person chooses per kind whether they get an email at once, in a daily or
weekly digest, or never (the in-app notification always arrives). The text of a notification is
written here, from the event's payload, in the recipient's language.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Frequency:
    IMMEDIATE = "immediate"
    DAILY = "daily"
    WEEKLY = "weekly"
    NEVER = "never"

    CHOICES = [
        (IMMEDIATE, _("At once")),
        (DAILY, _("Daily digest")),
        (WEEKLY, _("Weekly digest")),
        (NEVER, _("Never")),
    ]


@dataclass(frozen=True)
class Kind:
    key: str
    label: str  # what the settings page calls this kind
    default: str  # the default email frequency
    text: str  # the notification's line; may use %(actor)s, %(title)s and the payload's keys


KINDS = {
    kind.key: kind
    for kind in [
        Kind(
            "comment.on_your_item",
            _("Comments on what you wrote"),
            Frequency.IMMEDIATE,
            _("%(actor)s commented on “%(title)s”"),
        ),
        Kind(
            "comment.reply",
            _("Replies in discussions you take part in"),
            Frequency.IMMEDIATE,
            _("%(actor)s replied in the discussion on “%(title)s”"),
        ),
        Kind(
            "comment.on_followed",
            _("New comments on what you follow"),
            Frequency.DAILY,
            _("%(actor)s commented on “%(title)s”"),
        ),
        Kind(
            "idea.status",
            _("Official answers and status changes of ideas"),
            Frequency.IMMEDIATE,
            _("The idea “%(title)s” is now: %(status)s"),
        ),
        Kind(
            "idea.merged",
            _("Ideas merged into others"),
            Frequency.IMMEDIATE,
            _("The idea “%(title)s” was merged into “%(other)s”"),
        ),
        Kind(
            "idea.answer_promised",
            _("The city's promise to answer ideas you support"),
            Frequency.IMMEDIATE,
            _("The city promises to answer “%(title)s” by %(due)s (%(department)s)"),
        ),
        Kind(
            "idea.answer_due",
            _("Ideas your department must answer soon"),
            Frequency.IMMEDIATE,
            _("Answer “%(title)s” by %(due)s"),
        ),
        Kind(
            "idea.answer_overdue",
            _("Ideas your department has not answered in time"),
            Frequency.IMMEDIATE,
            _("The answer to “%(title)s” was due on %(due)s"),
        ),
        Kind(
            "idea.trail_pilot",
            _("Pilots that grew from ideas you supported"),
            Frequency.IMMEDIATE,
            _("A pilot grew from ideas you supported: “%(title)s”"),
        ),
        Kind(
            "idea.trail_results",
            _("Results of pilots that grew from ideas you supported"),
            Frequency.IMMEDIATE,
            _("The pilot that grew from ideas you supported published its results: “%(title)s”"),
        ),
        Kind(
            "challenge.new_idea",
            _("New ideas in challenges you follow"),
            Frequency.DAILY,
            _("New idea in “%(title)s”: %(idea)s"),
        ),
        Kind(
            "challenge.proposals_open",
            _("Challenges opening for proposals"),
            Frequency.IMMEDIATE,
            _("“%(title)s” is now open for pilot proposals"),
        ),
        Kind(
            "challenge.deadline",
            _("Deadlines in 48 hours"),
            Frequency.IMMEDIATE,
            _("Proposals for “%(title)s” close in 48 hours"),
        ),
        Kind(
            "challenge.decision",
            _("Decisions in challenges you follow"),
            Frequency.DAILY,
            _("Pilots were chosen in “%(title)s”"),
        ),
        Kind(
            "proposal.review",
            _("The review of your pilot proposals"),
            Frequency.IMMEDIATE,
            _("Your proposal “%(title)s” is now: %(status)s"),
        ),
        Kind(
            "proposal.decision",
            _("Decisions on your pilot proposals"),
            Frequency.IMMEDIATE,
            _("A decision was made on your proposal “%(title)s”: %(status)s"),
        ),
        Kind(
            "team.invitation",
            _("Invitations and requests to join a team"),
            Frequency.IMMEDIATE,
            _("%(actor)s invited you to join “%(title)s”"),
        ),
        Kind(
            "team.join_request",
            _("Requests to join your team"),
            Frequency.IMMEDIATE,
            _("%(actor)s asks to join “%(title)s”"),
        ),
        Kind(
            "pilot.update",
            _("Progress updates of pilots you follow or take part in"),
            Frequency.DAILY,
            _("New update from the pilot “%(title)s”"),
        ),
        Kind(
            "pilot.results",
            _("Results of pilots you follow or take part in"),
            Frequency.IMMEDIATE,
            _("The pilot “%(title)s” published its results"),
        ),
        Kind(
            "moderation",
            _("Moderation of your content"),
            Frequency.IMMEDIATE,
            _("A moderator changed the visibility of your content on “%(title)s”"),
        ),
        Kind(
            "account.data_export",
            _("Your data downloads"),
            Frequency.IMMEDIATE,
            pgettext_lazy("notification", "Your data is ready to download"),
        ),
    ]
}

KIND_CHOICES = [(key, kind.label) for key, kind in KINDS.items()]
