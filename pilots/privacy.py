"""The files a person attached to pilot proposals, for their data download (see `accounts.privacy`).

The files belong to the proposal and its organization, which the city keeps as a decision document,
so deleting an account keeps them; the uploader's name goes with the account's other personal data.
"""

from django.conf import settings

from pilots.models import Attachment


def export(user) -> dict:
    return {
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
