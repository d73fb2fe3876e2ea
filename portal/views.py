"""The one page the kernel serves itself: public uploads."""

from django.views.decorators.http import require_safe

from portal.uploads import public_file_response


@require_safe
def media(request, name):
    """Public uploads (idea images, organization logos) under MEDIA_URL, when the portal serves them
    itself (`SERVE_MEDIA`): only names that `portal.uploads` writes, with safe headers."""
    return public_file_response(name)
