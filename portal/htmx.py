"""Answers for pages that htmx updates in place, and for their plain-form fallbacks."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

from portal.rate_limits import RateLimited, refused_for_now


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def error_text(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


def htmx_error(error: ValidationError) -> HttpResponse:
    """A short plain-text answer that portal.js shows in the page's alert region."""
    response = HttpResponse(error_text(error), status=400, content_type="text/plain; charset=utf-8")
    return refused_for_now(response, error) if isinstance(error, RateLimited) else response


def redirect_back(request, fallback, anchor: str = ""):
    """Redirect to the page the form was on (`next`, when it is ours, as it came), else to
    `fallback`: a URL as given, or an object's page without the fragment its address may carry
    (a comment's address points into its item's page). At `anchor` if one is given."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    ours = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if not ours:
        url = fallback if isinstance(fallback, str) else resolve_url(fallback).split("#")[0]
    if anchor:
        url = f"{url.split('#')[0]}#{anchor}"
    return redirect(url)
