"""The inbox, the email settings and the one-click unsubscribe page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from notifications import selectors, services
from notifications.emails import notification_text
from notifications.forms import PreferencesForm
from notifications.kinds import KINDS
from notifications.models import Notification, Preference
from portal.language import path_in_language


@login_required
def inbox(request):
    page = Paginator(selectors.notifications_for(user=request.user), 50).get_page(request.GET.get("page"))
    # Newest first, grouped by the challenge or idea they are about (in order of its newest one).
    groups: list[dict] = []
    index: dict[str, int] = {}
    shown = selectors.events_still_shown(n.event for n in page.object_list)
    for notification in page.object_list:
        event = notification.event
        if event.pk not in shown:
            continue  # its item was deleted or hidden since
        key = event.group_key or event.url
        if key not in index:
            index[key] = len(groups)
            groups.append({"title": event.group_title, "items": []})
        groups[index[key]]["items"].append({"notification": notification, "text": notification_text(event)})
    return render(request, "notifications/inbox.html", {"page": page, "groups": groups})


@login_required
@require_POST
def mark_read(request):
    ids = request.POST.getlist("notification")
    count = services.notification_mark_read(
        actor=request.user, notification_ids=[int(i) for i in ids if i.isdigit()] if ids else None
    )
    if count:
        messages.success(request, _("Marked as read."))
    return redirect("notifications")


@login_required
def open_notification(request, pk):
    """Mark a notification read and go to the page it is about."""
    notification = get_object_or_404(
        Notification.objects.select_related("event"), pk=pk, recipient=request.user
    )
    services.notification_mark_read(actor=request.user, notification_ids=[notification.pk])
    return redirect(path_in_language(notification.event.url, get_language()))


@login_required
def settings_page(request):
    current = dict(Preference.objects.filter(user=request.user).values_list("kind", "frequency"))
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and "retry_email" in request.POST:
        services.mailbox_clear_bounce(actor=request.user)
        messages.success(request, _("We will try your email address again."))
        return redirect("notification_settings")
    if request.method == "POST" and form.is_valid():
        services.preferences_set(actor=request.user, frequencies=form.cleaned_data)
        messages.success(request, _("Your email choices were saved."))
        return redirect("notification_settings")
    return render(
        request,
        "notifications/settings.html",
        {"form": form, "bounced": selectors.mailbox_bounced(user=request.user)},
    )


@csrf_exempt  # RFC 8058 one-click unsubscribe: mail clients POST without a session or token
@require_http_methods(["GET", "POST"])
def unsubscribe_page(request, token):
    try:
        services.unsubscribe_check(token=token)
        if request.method == "GET":
            return render(request, "notifications/unsubscribe.html", {"token": token})
        _user, kind = services.unsubscribe(token=token)
    except (signing.BadSignature, LookupError):
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    return render(request, "notifications/unsubscribe.html", {"done": True, "kind": KINDS[kind].label})
