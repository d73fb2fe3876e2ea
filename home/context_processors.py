"""Values every template needs."""

from django.conf import settings

from accounts.rules import is_moderator


def site(request):
    user = getattr(request, "user", None)
    return {
        "SITE_URL": settings.SITE_URL,
        "DEBUG": settings.DEBUG,
        # The rule itself, not Django's permission lookup, which would cost queries on every page.
        "can_moderate": user is not None and is_moderator(user),
    }
