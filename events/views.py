"""Event pages: the list, an event with registration, calendar files, and the organizers' tools."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engagement import selectors as engagement_selectors
from events import calendar, selectors, services
from events.forms import CancelEventForm, EventFilterForm, EventForm, RegistrationForm, ReportForm
from events.models import Event, Registration
from events.rules import registration_of
from events.services.registrations import queue_position
from ideas.forms import IdeaForm
from ideas.models import Idea
from portal.forms import add_service_errors
from portal.paginator import RememberingPaginator
from portal.rate_limits import RateLimited, refused_for_now

EVENTS_PER_PAGE = 20


def _get_event(request, pk) -> Event:
    try:
        return selectors.event_for_page(pk=pk, viewer=request.user)
    except Event.DoesNotExist as error:
        raise Http404 from error


def _require(request, perm: str, event=None) -> None:
    if not request.user.has_perm(perm, event):
        raise PermissionDenied


def event_list(request):
    form = EventFilterForm(request.GET or None)
    filters = form.filters()
    events = selectors.event_list(viewer=request.user, **filters)
    page = RememberingPaginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "events/event_list.html", {"page": page, "filter_form": form, "filters": filters})


def _detail_context(request, event, *, registration_form=None):
    user = request.user
    registration = registration_of(user, event)
    return {
        "event": event,
        "registration": registration if registration and registration.is_active else None,
        "queue_position": queue_position(registration) if registration else None,
        "registration_form": registration_form or RegistrationForm(event=event),
        "follow_state": engagement_selectors.engagement_state(viewer=user, target=event),
        "next": request.get_full_path(),
        "can_register": user.has_perm("events.register", event),
        "can_cancel_registration": user.has_perm("events.cancel_registration", event),
        "can_see_link": user.has_perm("events.view_online_link", event),
        "can_change": user.has_perm("events.change_event", event),
        "can_cancel": user.has_perm("events.cancel_event", event),
        "can_see_registrations": user.has_perm("events.view_registrations", event),
        "can_report": user.has_perm("events.publish_report", event),
        "can_create_idea": user.has_perm("events.create_idea", event),
    }


def event_detail(request, pk):
    event = _get_event(request, pk)
    return render(request, "events/event_detail.html", _detail_context(request, event))


def _event_form_page(request, form, event=None, status=200):
    return render(request, "events/event_form.html", {"form": form, "event": event}, status=status)


@login_required
def event_create(request):
    _require(request, "events.add_event")
    form = EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(
                actor=request.user,
                organization=form.cleaned_data["organization"],
                questions=form.questions(),
                **form.event_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The event is announced. You follow it and hear of every change."))
            return redirect(event)
    return _event_form_page(request, form, status=400 if form.is_bound else 200)


@login_required
def event_edit(request, pk):
    event = _get_event(request, pk)
    _require(request, "events.change_event", event)
    form = EventForm(request.POST or None, user=request.user, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(
                actor=request.user, event=event, questions=form.questions(), **form.event_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The event was saved. If its time or place changed, everybody registered was told."),
            )
            return redirect(event)
    return _event_form_page(request, form, event, status=400 if form.is_bound else 200)


@login_required
def event_cancel(request, pk):
    event = _get_event(request, pk)
    _require(request, "events.cancel_event", event)
    form = CancelEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_cancel(actor=request.user, event=event, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The event is cancelled and everybody registered was told."))
            return redirect(event)
    return render(request, "events/event_cancel.html", {"event": event, "form": form})


@login_required
@require_POST
def register(request, pk):
    event = _get_event(request, pk)
    form = RegistrationForm(request.POST, event=event)
    if form.is_valid():
        try:
            registration = services.registration_create(
                actor=request.user,
                event=event,
                answers=form.answers(),
                share_with_organizer=form.cleaned_data["share_with_organizer"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if registration.status == Registration.Status.CONFIRMED:
                messages.success(request, _("You have a seat. See you there!"))
            else:
                messages.info(
                    request,
                    _(
                        "The seats are taken, so you are on the waiting list. "
                        "You will be told when a seat frees up."
                    ),
                )
            return redirect(event)
    event = _get_event(request, pk)
    return render(
        request,
        "events/event_detail.html",
        _detail_context(request, event, registration_form=form),
        status=400,
    )


@login_required
@require_POST
def unregister(request, pk):
    event = _get_event(request, pk)
    registration = registration_of(request.user, event)
    if registration is None:
        raise Http404
    try:
        services.registration_cancel(actor=request.user, registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect(event)


def event_ics(request, pk):
    event = _get_event(request, pk)
    body = calendar.event_ics(event, with_link=request.user.has_perm("events.view_online_link", event))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{slugify(event.title) or "event"}-{event.pk}.ics"'
    )
    return response


def calendar_feed(request, token):
    feed = selectors.feed_by_token(token=token)
    if feed is None:
        raise Http404
    body = calendar.feed_ics(selectors.feed_events(user=feed.user), user=feed.user, name=_("My events"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def my_events(request):
    feed = services.calendar_feed_for(user=request.user)
    registrations = selectors.registrations_of(user=request.user).exclude(
        status=Registration.Status.CANCELLED
    )
    return render(
        request,
        "events/my_events.html",
        {
            "registrations": registrations,
            "organized": selectors.event_list(when="upcoming").filter(organizer=request.user),
            "feed_url": request.build_absolute_uri(feed.get_absolute_url()),
        },
    )


@login_required
@require_POST
def renew_feed(request):
    services.calendar_feed_renew(actor=request.user)
    messages.success(
        request,
        _(
            "Your calendar has a new address. The old one no longer works: "
            "update it in your calendar program."
        ),
    )
    return redirect("my_events")


# --- Organizers -------------------------------------------------------------------------------


@login_required
def registrations(request, pk):
    event = _get_event(request, pk)
    _require(request, "events.view_registrations", event)
    rows = list(selectors.registrations_for_organizer(event=event))
    questions = list(event.questions.all())
    for row in rows:
        row.answer_list = [row.answers.get(str(question.pk), "") for question in questions]
    if request.method == "POST":
        _require(request, "events.mark_attendance", event)
        choices = {"yes": True, "no": False, "": None}
        attended = {}
        for row in rows:
            value = request.POST.get(f"attended_{row.pk}")
            if row.status == Registration.Status.CONFIRMED and value in choices:
                attended[row.pk] = choices[value]
        try:
            changed = services.attendance_mark(actor=request.user, event=event, attended=attended)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Attendance saved (%(count)d changed).") % {"count": changed})
        return redirect("event_registrations", pk=event.pk)
    return render(
        request,
        "events/registrations.html",
        {
            "event": event,
            "rows": rows,
            "questions": questions,
            "can_mark": request.user.has_perm("events.mark_attendance", event),
        },
    )


def _spreadsheet_safe(value) -> str:
    """Text a spreadsheet would read as a formula (=, +, -, @) is kept as text."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@login_required
def registrations_csv(request, pk):
    """Registrations as CSV: names and emails only of people who agreed to share them."""
    event = _get_event(request, pk)
    _require(request, "events.view_registrations", event)
    questions = list(event.questions.all())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}-registrations.csv"'
    response.write("\ufeff")  # spreadsheets then read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Number"),
            _("Status"),
            _("Registered"),
            _("Name"),
            _("Email"),
            _("Attended"),
            *[q.text for q in questions],
        ]
    )
    attended = {True: _("yes"), False: _("no"), None: ""}
    for number, row in enumerate(selectors.registrations_for_organizer(event=event), start=1):
        shared = row.share_with_organizer
        writer.writerow(
            [_spreadsheet_safe(value) for value in [
                number,
                row.get_status_display(),
                row.queued_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                row.user.display_name if shared else "",
                row.user.email if shared else "",
                attended[row.attended],
                *[row.answers.get(str(q.pk), "") for q in questions],
            ]]
        )  # fmt: skip
    return response


@login_required
def report(request, pk):
    event = _get_event(request, pk)
    _require(request, "events.publish_report", event)
    initial = {f"report_{code}": getattr(event, f"report_{code}") or "" for code in ("fi", "sv", "en")}
    initial["ideas"] = ", ".join(str(idea.pk) for idea in event.report_ideas.all())
    initial["pilots"] = list(event.report_pilots.all())
    form = ReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        numbers = form.cleaned_data["ideas"]
        ideas = list(Idea.objects.filter(pk__in=numbers))
        missing = sorted(set(numbers) - {idea.pk for idea in ideas})
        if missing:
            form.add_error(
                "ideas", _("There is no idea number %(numbers)s.") % {"numbers": ", ".join(map(str, missing))}
            )
        else:
            try:
                services.report_publish(
                    actor=request.user,
                    event=event,
                    ideas=ideas,
                    pilots=form.cleaned_data["pilots"],
                    **{name: form.cleaned_data[name] for name in form.fields if name.startswith("report_")},
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The report is published on the event's page."))
                return redirect(event)
    return render(
        request, "events/report_form.html", {"event": event, "form": form}, status=400 if form.errors else 200
    )


@login_required
def idea_from_event(request, pk):
    """Propose a new idea "from this event": it is linked from the event's report."""
    event = _get_event(request, pk)
    _require(request, "events.create_idea", event)
    form = IdeaForm(
        request.POST or None, request.FILES or None, editing=True, initial={"language": event.language}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            idea = services.event_idea_create(
                actor=request.user,
                event=event,
                title=data["title"],
                body=data["body"],
                language=data["language"],
                goals=data["goals"],
                district=data["district"],
                image=data.get("image"),
                image_alt=data.get("image_alt", ""),
            )
        except RateLimited as limited:
            form.add_error(None, limited)
            response = render(request, "events/idea_form.html", {"event": event, "form": form})
            return refused_for_now(response, limited)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your idea is published and linked from the event."))
            return redirect(idea)
    return render(
        request, "events/idea_form.html", {"event": event, "form": form}, status=400 if form.errors else 200
    )
