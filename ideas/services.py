"""Every change to ideas goes through here: proposing, editing, co-authors, official answers,
merging duplicates and promoting an idea into a challenge.

Votes, comments and follows on ideas are `engagement.services`; this module calls it where an
idea's own change involves them (the author follows their idea; a merge moves votes along).
The author and followers are to be told of official answers and merges: the notifications issue
adds that (an event written in these transactions), so nothing here sends anything yet.
"""

from collections.abc import Mapping
from datetime import datetime, timedelta

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.models import User
from challenges.models import Challenge
from engagement import services as engagement
from engagement.models import Comment, Vote
from ideas.models import SEARCH_CONFIGS, Idea, IdeaCoauthor, IdeaStatusChange, IdeaUpdate
from ideas.promises import promise_answered
from notifications.services import event_record
from portal import translated
from portal.audit import audit_record
from portal.language import untranslated
from portal.markdown import render_markdown
from portal.rate_limits import rate_limit_hit
from portal.uploads import CleanFile, clean_image, delete_after_commit, store

# Statuses an official can give; `merged` comes only from `idea_merge`.
ANSWER_STATUSES = [status for status in Idea.Status.values if status != Idea.Status.MERGED]


def _require(actor: User, perm: str, obj=None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


def _lock(idea: Idea) -> Idea:
    return Idea.objects.select_for_update().get(pk=idea.pk)


def refresh_search_vector(idea: Idea) -> None:
    """Index the idea's title and text for full-text search in the language it is written in."""
    if connection.vendor != "postgresql":
        return  # SQLite searches with a plain substring match instead
    config = SEARCH_CONFIGS.get(idea.language, "simple")
    Idea.objects.filter(pk=idea.pk).update(
        search_vector=SearchVector("title", weight="A", config=config)
        + SearchVector("body", weight="B", config=config)
    )


def _clean_text(idea: Idea) -> None:
    """Check title and text, with messages for people; then render the text's HTML."""
    idea.title = " ".join((idea.title or "").split())
    idea.body = (idea.body or "").strip()
    errors = {}
    if not idea.title:
        errors["title"] = _("Give your idea a title.")
    if not idea.body:
        errors["body"] = _("Describe your idea: what should change, for whom, and why.")
    if errors:
        raise ValidationError(errors)
    idea.full_clean(exclude=["author", "challenge", "merged_into", "promoted_challenge"])
    idea.body_html = render_markdown(idea.body)


def _image_plan(
    idea: Idea, image: File | None, alt: str | None, *, remove: bool
) -> tuple[CleanFile | None, str]:
    """Check an image change without writing anything: the new image re-encoded (None: no new
    one) and the description the idea's image will have, which an image must have."""
    alt = idea.image_alt if alt is None else " ".join(alt.split())
    if remove:
        return None, ""
    clean = clean_image(image, field="image") if image is not None else None
    if clean is None and not idea.image:
        return None, ""
    if not alt:
        raise ValidationError(
            {"image_alt": _("Describe the image in a few words for people who cannot see it.")}
        )
    return clean, alt[:250]


def _apply_image(idea: Idea, clean: CleanFile | None, alt: str, *, remove: bool = False) -> list[str]:
    """Store the new image (the old file is deleted after the commit) or drop it; set the
    description. Returns the fields to save."""
    if remove or clean is not None:
        delete_after_commit(idea.image)
        idea.image, idea.image_width, idea.image_height = "", None, None
    if clean is not None:
        store(idea.image, clean)
        idea.image_width, idea.image_height = clean.width, clean.height
    idea.image_alt = alt
    return ["image", "image_alt", "image_width", "image_height"]


def _checked(idea: Idea, image: File | None, alt: str | None, *, remove: bool = False):
    """The text and the image checked together, so that every mistake is reported at once."""
    errors: dict = {}
    plan = (None, "")
    try:
        _clean_text(idea)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    try:
        plan = _image_plan(idea, image, alt, remove=remove)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    return plan


def _coauthor_users(*, actor: User, emails: list[str]) -> list[User]:
    users = []
    for email in emails:
        email = email.strip()
        if not email:
            continue
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise ValidationError(
                {"coauthors": _("No one with the address %(email)s has an account here. "
                                "Ask them to sign up first, then invite them.") % {"email": email}}
            )  # fmt: skip
        if user == actor:
            raise ValidationError({"coauthors": _("You are the author already; list only other people.")})
        if user not in users:
            users.append(user)
    return users


@transaction.atomic
def idea_create(
    *,
    actor: User,
    title: str,
    body: str,
    language: str = "",
    goals=(),
    district=None,
    challenge: Challenge | None = None,
    coauthor_emails: list[str] = (),
    image: File | None = None,
    image_alt: str = "",
    now: datetime | None = None,
) -> Idea:
    """Propose an idea. The author follows it; invited co-authors accept on the idea's page.

    `image` is an uploaded file, checked and re-encoded here; it needs `image_alt`, its description.
    `now` is the moment of proposing (the demo replays a season with it); by default, now.
    """
    now = now or timezone.now()
    _require(actor, "ideas.add_idea")
    if challenge is not None and not challenge.accepts_ideas(now):
        raise ValidationError(
            {"challenge": _("The challenge “%(title)s” does not take ideas now. "
                            "Propose the idea without a challenge, or pick another one.")
             % {"title": challenge.title}}
        )  # fmt: skip
    idea = Idea(
        title=title,
        body=body,
        language=language or actor.language,
        district=district,
        challenge=challenge,
        author=actor,
        created_at=now,
    )
    clean, alt = _checked(idea, image, image_alt)
    coauthors = _coauthor_users(actor=actor, emails=list(coauthor_emails))
    rate_limit_hit(actor=actor, action="idea")
    _apply_image(idea, clean, alt)
    idea.save()
    idea.goals.set(goals)
    for user in coauthors:
        IdeaCoauthor.objects.create(idea=idea, user=user, invited_by=actor)
    IdeaStatusChange.objects.create(idea=idea, status=idea.status, actor=actor, at=idea.created_at)
    engagement.follow_automatically(user=actor, target=idea)
    refresh_search_vector(idea)
    if coauthors:
        _tell_invited(actor=actor, idea=idea, users=coauthors)
    if challenge is not None:
        event_record(
            kind="challenge.new_idea", actor=actor, target=challenge, url=challenge.get_absolute_url(),
            title=challenge.title, audiences=["followers"], idea=idea.title,
        )  # fmt: skip
    return idea


def _tell_invited(*, actor: User, idea: Idea, users) -> None:
    event_record(
        kind="team.invitation", actor=actor, target=idea, url=idea.get_absolute_url(), title=idea.title,
        recipients=users,
    )  # fmt: skip


def _lock_editable(actor: User, idea: Idea) -> Idea:
    _require(actor, "ideas.change_idea", idea)
    locked = _lock(idea)
    if locked.is_locked:
        raise ValidationError(
            _("People have already voted or commented on this idea, so its text stays as they saw it. "
              "Add an update below the idea instead."),
            code="idea_locked",
        )  # fmt: skip
    return locked


@transaction.atomic
def idea_edit(
    *,
    actor: User,
    idea: Idea,
    title: str,
    body: str,
    language: str,
    goals=(),
    district=None,
    image: File | None = None,
    image_alt: str | None = None,
    remove_image: bool = False,
) -> Idea:
    """Change an idea's text and image, until someone votes or comments.

    `image` replaces the image; `image_alt` (None: unchanged) describes it; `remove_image` drops it.
    """
    locked = _lock_editable(actor, idea)
    locked.title, locked.body, locked.language, locked.district = title, body, language, district
    clean, alt = _checked(locked, image, image_alt, remove=remove_image)
    image_fields = _apply_image(locked, clean, alt, remove=remove_image)
    locked.save(
        update_fields=["title", "body", "body_html", "language", "district", "updated_at", *image_fields]
    )
    locked.goals.set(goals)
    refresh_search_vector(locked)
    return locked


@transaction.atomic
def idea_set_image(*, actor: User, idea: Idea, image: File | None, image_alt: str | None) -> Idea:
    """Give an idea an image (or a new one), or describe the current one anew; like the text, until
    someone votes or comments."""
    locked = _lock_editable(actor, idea)
    if image is None and not locked.image:
        raise ValidationError({"image": _("Choose an image to upload.")})
    clean, alt = _image_plan(locked, image, image_alt, remove=False)
    locked.save(update_fields=[*_apply_image(locked, clean, alt), "updated_at"])
    return locked


@transaction.atomic
def idea_remove_image(*, actor: User, idea: Idea) -> Idea:
    """Remove an idea's image. Authors may do this at any time, also after votes and comments: a
    picture can show people or places that its author later wants taken down."""
    _require(actor, "ideas.change_idea", idea)
    locked = _lock(idea)
    if locked.image:
        locked.save(update_fields=[*_apply_image(locked, None, "", remove=True), "updated_at"])
    return locked


@transaction.atomic
def idea_post_update(*, actor: User, idea: Idea, body: str) -> IdeaUpdate:
    """A dated note below an idea whose text is locked."""
    _require(actor, "ideas.post_update", idea)
    if not idea.is_locked:
        raise ValidationError(_("Nobody has voted or commented yet: edit the idea itself instead."))
    update = IdeaUpdate(idea=idea, author=actor, body=(body or "").strip())
    if not update.body:
        raise ValidationError({"body": _("Write the update before you post it.")})
    update.full_clean()
    update.body_html = render_markdown(update.body)
    update.save()
    return update


# --- Co-authors -----------------------------------------------------------------------------


@transaction.atomic
def idea_invite_coauthor(*, actor: User, idea: Idea, email: str) -> IdeaCoauthor:
    _require(actor, "ideas.invite_coauthor", idea)
    users = _coauthor_users(actor=actor, emails=[email])
    if not users:
        raise ValidationError({"coauthors": _("Enter the email address of the person to invite.")})
    user = users[0]
    if idea.coauthorships.filter(user=user).exists():
        raise ValidationError({"coauthors": _("%(name)s is already invited.") % {"name": user.display_name}})
    coauthorship = IdeaCoauthor.objects.create(idea=idea, user=user, invited_by=actor)
    _tell_invited(actor=actor, idea=idea, users=[user])
    return coauthorship


@transaction.atomic
def idea_accept_coauthorship(*, actor: User, idea: Idea) -> IdeaCoauthor:
    invitation = idea.coauthorships.select_for_update().filter(user=actor).first()
    if invitation is None:
        raise ValidationError(_("You have no invitation to co-author this idea."))
    if not invitation.is_accepted:
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        actor.__dict__.pop("_coauthor_cache", None)
        engagement.follow_automatically(user=actor, target=idea)
    return invitation


@transaction.atomic
def idea_leave_coauthorship(*, actor: User, idea: Idea) -> None:
    """Decline an invitation, or stop being a co-author."""
    deleted, _rows = idea.coauthorships.filter(user=actor).delete()
    if not deleted:
        raise ValidationError(_("You have no invitation to co-author this idea."))
    actor.__dict__.pop("_coauthor_cache", None)


# --- Official answers, merging, promotion ---------------------------------------------------


@transaction.atomic
def idea_answer(*, actor: User, idea: Idea, status: str, answer: str | Mapping[str, str]) -> Idea:
    """An official gives the idea a status and a public answer; both go into its history.

    The answer is the city's own text: a mapping language → text (a plain string is the active
    language), published only with every required language (`OFFICIAL_LANGUAGES_REQUIRED`).
    """
    _require(actor, "ideas.answer_idea", idea)
    if status not in ANSWER_STATUSES:
        raise ValidationError({"status": _("Choose one of the statuses offered.")})
    texts = {code: text for code, text in translated.translations_given(answer).items() if text}
    if not texts:
        raise ValidationError({"answer": _("Write the answer the author and followers will read.")})
    idea = _lock(idea)
    if idea.is_merged:
        raise ValidationError(_("This idea was merged into another one; answer the original instead."))
    idea.status = status
    texts = {code: texts.get(code, "") for code in translated.content_languages()}
    translated.translations_set(idea, "official_answer", texts, html_field="official_answer_html")
    translated.require_languages(idea, {"official_answer": _lazy("answer")})
    idea.full_clean(exclude=["author", "challenge", "merged_into", "promoted_challenge"])
    idea.save(
        update_fields=[
            "status", "official_answer", "official_answer_html", "updated_at",
            *translated.localized_names(["official_answer", "official_answer_html"]),
        ]
    )  # fmt: skip
    change = IdeaStatusChange(idea=idea, status=status, actor=actor)
    translated.translations_set(change, "answer", texts, html_field="answer_html")
    change.save()
    promise_answered(idea=idea, at=change.at)
    audit_record(actor=actor, action="idea.answer", target=idea, status=status, answer=texts)
    # The author (and co-authors) and the followers (authors follow automatically) are told.
    event_record(
        kind="idea.status", actor=actor, target=idea, url=idea.get_absolute_url(), title=idea.title,
        recipients=[idea.author_id, *idea.coauthorships.filter(accepted_at__isnull=False).values_list(
            "user_id", flat=True)],
        audiences=["followers"], status=untranslated(Idea.Status(status).label),
    )  # fmt: skip
    return idea


@transaction.atomic
def idea_merge(*, actor: User, duplicate: Idea, original: Idea, answer: str = "") -> Idea:
    """Merge a duplicate into the original: votes (each person once) and followers move along,
    the duplicate's page points to the original. Returns the original with exact counts."""
    _require(actor, "ideas.merge_idea", duplicate)
    if duplicate.pk == original.pk:
        raise ValidationError(_("An idea cannot be merged into itself."))
    first, second = sorted([duplicate, original], key=lambda idea: idea.pk)
    locked = {first.pk: _lock(first), second.pk: _lock(second)}
    duplicate, original = locked[duplicate.pk], locked[original.pk]
    if duplicate.is_merged:
        raise ValidationError(_("This idea is already merged into another one."))
    if original.is_merged:
        raise ValidationError(
            _("“%(title)s” is itself merged into another idea. Merge into that one.")
            % {"title": original.title}
        )
    if original.is_hidden:
        raise ValidationError(_("“%(title)s” is hidden by a moderator.") % {"title": original.title})
    engagement.engagement_move(source=duplicate, destination=original)
    answer = (answer or "").strip()
    if answer:  # the official's own note, in the language they wrote it in
        notes = {translated.active_language(): answer}
    else:  # the portal's note, in every language
        notes = {}
        for code in translated.content_languages():
            with translation.override(code):
                notes[code] = _("Merged into “%(title)s”, where the discussion continues.") % {
                    "title": original.title
                }
    duplicate.refresh_from_db()
    duplicate.status = Idea.Status.MERGED
    duplicate.merged_into = original
    notes = {code: notes.get(code, "") for code in translated.content_languages()}
    translated.translations_set(duplicate, "official_answer", notes, html_field="official_answer_html")
    duplicate.save(
        update_fields=[
            "status", "merged_into", "official_answer", "official_answer_html", "updated_at",
            *translated.localized_names(["official_answer", "official_answer_html"]),
        ]
    )  # fmt: skip
    change = IdeaStatusChange(idea=duplicate, status=Idea.Status.MERGED, actor=actor)
    translated.translations_set(change, "answer", notes, html_field="answer_html")
    change.save()
    # Ideas merged into the duplicate earlier now point straight at the original.
    Idea.objects.filter(merged_into=duplicate).update(merged_into=original)
    original.refresh_from_db()
    audit_record(actor=actor, action="idea.merge", target=duplicate, into=original.pk)
    event_record(
        kind="idea.merged", actor=actor, target=duplicate, url=original.get_absolute_url(),
        title=duplicate.title, recipients=[duplicate.author_id, original.author_id], other=original.title,
        group=original,
    )  # fmt: skip
    return original


def _create_draft_challenge(*, actor: User, idea: Idea) -> Challenge:
    """A draft challenge from the idea, through the challenges' own service, curated by the official
    who promotes it. The timeline is a placeholder in the right order (ideas open in 30 days) that
    the curator sets before publishing."""
    from challenges.services import challenge_create

    start = timezone.now() + timedelta(days=30)
    day = timedelta(days=1)
    description = "{}\n\n{}".format(
        idea.body,
        _("Promoted from the idea “%(title)s” (%(url)s).")
        % {"title": idea.title, "url": idea.get_absolute_url()},
    )
    # The draft starts in the idea's language; the curator writes the other languages before publishing.
    return challenge_create(
        actor=actor,
        title={idea.language: idea.title},
        summary={idea.language: Truncator(" ".join(strip_tags(idea.body_html).split())).chars(500)},
        description={idea.language: description},
        department=_("To be decided"),
        district=idea.district,
        goals=list(idea.goals.all()),
        ideas_open=start,
        ideas_close=start + 30 * day,
        proposals_open=start + 30 * day,
        proposals_close=start + 60 * day,
        evaluation_end=start + 90 * day,
        piloting_end=start + 270 * day,
    )


@transaction.atomic
def idea_promote(*, actor: User, idea: Idea) -> Challenge:
    """Turn an idea into a new draft challenge that links back to it."""
    _require(actor, "ideas.promote_idea", idea)
    idea = _lock(idea)
    if idea.promoted_challenge_id:
        raise ValidationError(_("This idea has already been promoted into a challenge."))
    if idea.is_merged or idea.is_hidden:
        raise ValidationError(_("Merged and hidden ideas cannot be promoted."))
    challenge = _create_draft_challenge(actor=actor, idea=idea)
    idea.promoted_challenge = challenge
    idea.save(update_fields=["promoted_challenge", "updated_at"])
    audit_record(actor=actor, action="idea.promote", target=idea, challenge=challenge.pk)
    return challenge


# --- When an author deletes their account and asks to remove their ideas (ideas.privacy) ------
# No permission checks: privacy.services.account_delete has checked the person's password, and
# these run inside its transaction.


def _others_took_part(idea: Idea, author: User) -> bool:
    """Whether anybody but its author built on the idea: voted for it, commented on it, posted an
    update, or the city answered, merged or promoted it."""
    if idea.status != Idea.Status.PUBLISHED or idea.official_answer or idea.merged_into_id:
        return True
    if idea.promoted_challenge_id or idea.merged_ideas.exists():
        return True
    # exclude() keeps rows whose person is unknown (NULL): those count as others.
    return (
        idea.status_changes.exclude(actor=author).exists()
        or idea.updates.exclude(author=author).exists()
        or Vote.objects.for_target(idea).exclude(user=author).exists()
        or Comment.objects.for_target(idea).exclude(author=author).exists()
    )


@transaction.atomic
def idea_remove_for_author(*, idea: Idea, author: User) -> str:
    """Remove an idea whose author is deleting their account and asked to remove what they wrote.

    - An idea with co-authors stays theirs: the co-author who accepted first becomes its author.
      Returns "handed_over".
    - An idea nobody else built on is deleted with everything on it. Returns "deleted".
    - An idea others voted for, discussed or the city acted on is withdrawn: hidden from everybody
      (moderators still reach it), its title and text erased. The votes and comments of others
      stay with it, so every count still equals its rows, and the official answers stay as the
      city's record. Returns "withdrawn".
    """
    idea = _lock(idea)
    successor = (
        idea.coauthorships.filter(
            accepted_at__isnull=False, user__is_active=True, user__deleted_at__isnull=True
        )
        .exclude(user=author)
        .select_related("user")
        .order_by("accepted_at", "pk")
        .first()
    )
    if successor is not None:
        idea.author = successor.user
        idea.save(update_fields=["author", "updated_at"])
        successor.delete()
        return "handed_over"
    if not _others_took_part(idea, author):
        engagement.engagement_forget_item(target=idea)
        idea.delete()  # its co-author invitations, history and updates go with it; the image file too
        return "deleted"
    idea.coauthorships.all().delete()  # invitations nobody accepted
    idea.updates.filter(author=author).delete()
    idea.title = idea.body = idea.body_html = ""
    image_fields = _apply_image(idea, None, "", remove=True)
    idea.hidden_at = idea.hidden_at or timezone.now()
    idea.hidden_reason = ""
    idea.save(
        update_fields=[
            "title",
            "body",
            "body_html",
            "hidden_at",
            "hidden_reason",
            "updated_at",
            *image_fields,
        ]
    )
    engagement.flags_resolve(target=idea)
    refresh_search_vector(idea)
    return "withdrawn"
