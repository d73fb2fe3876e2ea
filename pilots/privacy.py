"""A person's pilot teams, participation, reviews, progress updates and files, for their data
download and account deletion (see `privacy.services`).

What deleting the account does here, and why:

- **Participation** in pilots is withdrawn, as the person could withdraw themselves: they leave the
  participants list. The record of the consent (which version of the data statement, when, and
  when withdrawn) stays with the anonymized account, because the pilot must be able to show on
  what terms it held the data it collected.
- **Teams**: a proposal is its organization's (or its group's) and stays. The person leaves its
  team, and the longest-standing other member takes over as lead. A last member stays, shown as
  "Deleted user", so the decision record keeps who proposed it; a draft that nobody else has seen
  is deleted instead.
- **Progress updates** the person posted stay: they are the pilot's reports to the residents
  taking part, posted for the team, and read as such.
- **Reviews** stay, shown as by "Deleted user": they are the record of how the city selected its
  pilots. So do the **files** the person attached to proposals (decision documents; the uploader's
  name goes with the account) and the **steps** they moved pilots through.

None of this depends on whether the person asks to remove their contributions: nothing here is a
public contribution of theirs alone. Their comments on pilots are `engagement`'s.
"""

from django.conf import settings

from pilots import services
from pilots.models import Attachment, Participant, ProgressUpdate, Review, TeamMember, Transition


def _ref(pilot) -> dict:
    return {"id": pilot.pk, "title": pilot.title, "url": settings.SITE_URL + pilot.get_absolute_url()}


def export(user) -> dict:
    return {
        "pilot_teams": [
            {
                "pilot": _ref(member.pilot),
                "organization": member.pilot.organization.name if member.pilot.organization else None,
                "status": member.pilot.status,
                "role": member.role,
                "added_at": member.added_at,
            }
            for member in TeamMember.objects.filter(user=user)
            .select_related("pilot__organization")
            .order_by("added_at", "pk")
        ],
        "pilot_participation": [
            {
                "pilot": _ref(participant.pilot),
                "consented_at": participant.consented_at,
                "data_statement_version": participant.data_statement_version,
                "withdrawn_at": participant.withdrawn_at,
            }
            for participant in Participant.objects.filter(user=user)
            .select_related("pilot")
            .order_by("consented_at", "pk")
        ],
        "reviews": [
            {
                "pilot": _ref(review.pilot),
                "conflict_of_interest": review.conflict_of_interest,
                "about_the_conflict": review.conflict_note,
                "declared_at": review.declared_at,
                "comment": review.comment,
                "submitted_at": review.submitted_at,
                "scores": [
                    {"criterion": score.criterion.name, "score": score.score, "comment": score.comment}
                    for score in review.scores.all()
                ],
            }
            for review in Review.objects.filter(evaluator=user)
            .select_related("pilot")
            .prefetch_related("scores__criterion")
            .order_by("declared_at", "pk")
        ],
        "progress_updates": [
            {
                "pilot": _ref(update.pilot),
                "title": update.title,
                "text": update.body,
                "posted_at": update.created_at,
            }
            for update in ProgressUpdate.objects.filter(author=user)
            .select_related("pilot")
            .order_by("created_at", "pk")
        ],
        "pilot_steps": [
            {
                "pilot": _ref(step.pilot),
                "from": step.from_status,
                "to": step.to_status,
                "note": step.note,
                "at": step.at,
            }
            for step in Transition.objects.filter(actor=user).select_related("pilot").order_by("at", "pk")
        ],
        "attachments_uploaded": [
            {
                "pilot": attachment.pilot.title,
                "name": attachment.name,
                "type": attachment.content_type,
                "size": attachment.size,
                "uploaded_at": attachment.uploaded_at,
                # Downloadable while you are on the proposal's team.
                "download": settings.SITE_URL + attachment.get_absolute_url(),
            }
            for attachment in Attachment.objects.filter(uploaded_by=user).select_related("pilot")
        ],
    }


def erase(user, *, remove_contributions: bool) -> None:
    for participant in Participant.objects.filter(user=user, withdrawn_at__isnull=True).select_related(
        "pilot"
    ):
        services.participant_withdraw(actor=user, pilot=participant.pilot)
    for member in TeamMember.objects.filter(user=user).select_related("pilot").order_by("pk"):
        services.team_member_forget(member=member)
