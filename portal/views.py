"""The home page, the language switch and the portal's error pages."""

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts.selectors import organization_list
from accounts.services import user_set_language
from challenges.selectors import challenge_list
from portal.models import District, Goal


def home(request):
    context = {
        "goals": Goal.objects.all(),
        "districts": District.objects.all(),
        "organizations": organization_list(verified=True)[:6],
        "open_challenges": challenge_list(user=request.user, open_now=True, sort="deadline")[:6],
    }
    return render(request, "portal/home.html", context)


@require_POST
def set_language(request):
    """Django's language switch, which also remembers the choice for a signed-in person."""
    if request.user.is_authenticated:
        user_set_language(user=request.user, language=request.POST.get("language", ""))
    return django_set_language(request)


def healthz(request):
    """The process answers. (Readiness of the database and Redis is /readyz's question.)"""
    return HttpResponse("ok", content_type="text/plain")


@requires_csrf_token
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    # Rendered without the request context: whatever broke may be what a context processor needs.
    return HttpResponse(render_to_string("500.html"), status=500)
