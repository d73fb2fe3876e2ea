"""A person's ideas, co-authorships, updates and official answers, for their data download and
account deletion (see `privacy.services`).

What deleting the account does here, and why:

- **Images** of the ideas the person proposed are removed in any case: a picture can show people
  and places, and the text reads without it.
- **Invitations to co-author** that the person had not accepted are deleted in any case.
- By default the person's **ideas, co-authorships and updates stay**, shown as by "Deleted user":
  others voted on them and discussed them as they are.
- If the person asks to remove their contributions (`ideas.services.idea_remove_for_author`):
  an idea with co-authors passes to the co-author who accepted first; an idea nobody else took
  part in is deleted; an idea others voted for or discussed, or the city answered, merged or
  promoted, is withdrawn: hidden from everybody, its title and text erased, while the votes and
  comments of others stay with it so that counts equal rows. Their co-authorships of others'
  ideas end and the updates they wrote are deleted.
- **Official answers** an official gave stay: they are the city's decisions (and in the audit log).
"""

from django.conf import settings

from ideas import services
from ideas.models import Idea, IdeaCoauthor, IdeaStatusChange, IdeaUpdate


def _ref(idea: Idea) -> dict:
    return {"id": idea.pk, "title": idea.title, "url": settings.SITE_URL + idea.get_absolute_url()}


def export(user) -> dict:
    ideas = (
        Idea.objects.filter(author=user)
        .select_related("challenge", "district", "merged_into")
        .prefetch_related("goals")
        .order_by("created_at", "pk")
    )
    return {
        "ideas": [
            {
                **_ref(idea),
                "text": idea.body,
                "language": idea.language,
                "challenge": idea.challenge.title if idea.challenge else None,
                "district": str(idea.district) if idea.district else None,
                "goals": [goal.slug for goal in idea.goals.all()],
                "status": idea.status,
                "official_answer": idea.official_answer,
                "merged_into": idea.merged_into_id,
                "votes": idea.vote_count,
                "comments": idea.comment_count,
                "followers": idea.follower_count,
                "proposed_at": idea.created_at,
                "updated_at": idea.updated_at,
                "hidden_at": idea.hidden_at,
                "reason_for_hiding": idea.hidden_reason,
            }
            for idea in ideas
        ],
        "co_authorships": [
            {"idea": _ref(c.idea), "invited_at": c.invited_at, "accepted_at": c.accepted_at}
            for c in IdeaCoauthor.objects.filter(user=user)
            .select_related("idea")
            .order_by("invited_at", "pk")
        ],
        "idea_updates": [
            {"idea": _ref(update.idea), "text": update.body, "written_at": update.created_at}
            for update in IdeaUpdate.objects.filter(author=user)
            .select_related("idea")
            .order_by("created_at", "pk")
        ],
        # Statuses the person gave as an official (and the first "published" of their own ideas).
        "idea_statuses_given": [
            {"idea": _ref(change.idea), "status": change.status, "answer": change.answer, "at": change.at}
            for change in IdeaStatusChange.objects.filter(actor=user)
            .select_related("idea")
            .order_by("at", "pk")
        ],
        "idea_images": [
            {
                "idea": idea.pk,
                "title": idea.title,
                "image": settings.SITE_URL + idea.image.url,
                "description": idea.image_alt,
                "width": idea.image_width,
                "height": idea.image_height,
            }
            for idea in Idea.objects.filter(author=user).exclude(image="").order_by("pk")
        ],
    }


def erase(user, *, remove_contributions: bool) -> None:
    for idea in Idea.objects.filter(author=user).exclude(image=""):
        services.idea_remove_image(actor=user, idea=idea)
    IdeaCoauthor.objects.filter(user=user, accepted_at__isnull=True).delete()
    if not remove_contributions:
        return
    IdeaUpdate.objects.filter(author=user).delete()
    IdeaCoauthor.objects.filter(user=user).delete()
    for idea in Idea.objects.filter(author=user).order_by("pk"):
        services.idea_remove_for_author(idea=idea, author=user)
