"""A person's idea images, for their data download and account deletion (see `accounts.privacy`).

An idea outlives its author's account (under "Deleted user", so its votes keep counting), but its
image does not: a picture can show people and places, and the text reads without it. So deleting
an account removes the images of the ideas its owner proposed, whether or not they asked to remove
their contributions.
"""

from django.conf import settings

from ideas import services
from ideas.models import Idea


def export(user) -> dict:
    return {
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
