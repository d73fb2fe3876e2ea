"""The officials' overview of agreements, the instalments export, and a challenge's finance contacts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from agreements import selectors, services
from agreements.forms import FinanceContactForm
from agreements.rules import can
from challenges.models import Challenge
from portal.forms import add_service_errors
from portal.paginator import RememberingPaginator
from portal.spreadsheets import table_response


@login_required
def overview(request):
    """Every agreement the person looks after, with its milestones and money at a glance."""
    if not can(request.user, "agreements.view_overview"):
        raise PermissionDenied
    agreements = selectors.agreements_overview(user=request.user)
    page = RememberingPaginator(agreements, 200).get_page(request.GET.get("page"))
    return render(
        request,
        "agreements/overview.html",
        {
            "page": page,
            "agreements": list(page.object_list),
            "today": timezone.localdate(),
            "can_export": can(request.user, "agreements.export_instalments"),
        },
    )


def _instalment_rows(user):
    yield [
        _("Challenge"),
        _("Pilot"),
        _("Organization"),
        _("Milestone"),
        _("Due"),
        _("Amount (€)"),
        _("Status"),
        _("Approved for payment"),
        _("Paid on"),
        _("Payment reference"),
        _("Address"),
    ]
    for instalment in selectors.instalments_for_export(user=user):
        pilot = instalment.agreement.pilot
        yield [
            pilot.challenge.title,
            pilot.title,
            pilot.organization.name if pilot.organization else _("A group of residents"),
            instalment.milestone.title,
            instalment.milestone.due_date.isoformat(),
            instalment.amount,
            instalment.get_status_display(),
            timezone.localtime(instalment.approved_at).strftime("%Y-%m-%d") if instalment.approved_at else "",
            instalment.paid_on.isoformat() if instalment.paid_on else "",
            instalment.payment_reference,
            instalment.agreement.get_absolute_url(),
        ]


@login_required
def instalments_export(request, format):
    if format not in ("csv", "xlsx"):
        raise Http404
    if not can(request.user, "agreements.export_instalments"):
        raise PermissionDenied
    return table_response(
        list(_instalment_rows(request.user)), file_stem="instalments", format=format, sheet=_("Instalments")
    )


@login_required
def finance_contacts(request, slug):
    """A challenge's finance contacts: its curators appoint and remove them."""
    challenge = get_object_or_404(Challenge, slug=slug)
    if not can(request.user, "agreements.appoint_finance_contact", challenge):
        raise PermissionDenied
    form = FinanceContactForm(request.POST or None)
    status = 200
    if request.method == "POST":
        try:
            if "remove" in request.POST:
                user = get_object_or_404(User, pk=request.POST.get("remove"))
                services.finance_contact_remove(actor=request.user, challenge=challenge, user=user)
                messages.success(
                    request, _("%(name)s is no longer a finance contact.") % {"name": user.display_name}
                )
                return redirect("agreements_finance_contacts", slug=slug)
            if form.is_valid():
                contact = services.finance_contact_appoint(
                    actor=request.user, challenge=challenge, email=form.cleaned_data["email"]
                )
                messages.success(
                    request, _("%(name)s is now a finance contact.") % {"name": contact.user.display_name}
                )
                return redirect("agreements_finance_contacts", slug=slug)
            status = 400
        except ValidationError as error:
            add_service_errors(form, error)
            status = 400
    return render(
        request,
        "agreements/finance_contacts.html",
        {
            "challenge": challenge,
            "form": form,
            "contacts": list(selectors.finance_contacts_of(challenge=challenge)),
        },
        status=status,
    )
