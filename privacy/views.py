"""The "your data" page: download everything the portal holds about oneself, or delete the account."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.models import DataExport
from privacy import services
from privacy.forms import AccountDeleteForm


@login_required
def my_data(request):
    """Download all one's data, or delete the account."""
    form = AccountDeleteForm()
    if request.method == "POST" and "export" in request.POST:
        services.data_export_request(actor=request.user)
        messages.success(
            request, _("We are preparing your data. You will get a notification when it is ready.")
        )
        return redirect("my_data")
    if request.method == "POST" and "delete" in request.POST:
        form = AccountDeleteForm(request.POST)
        if form.is_valid():
            try:
                services.account_delete(
                    actor=request.user,
                    password=form.cleaned_data["password"],
                    remove_contributions=form.cleaned_data["remove_contributions"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                logout(request)
                messages.success(request, _("Your account was deleted. Thank you for taking part."))
                return redirect("home")
    return render(
        request,
        "privacy/my_data.html",
        {"exports": request.user.data_exports.all()[:10], "delete_form": form},
        status=400 if form.errors else 200,
    )


@login_required
def data_export_download(request, pk):
    export = get_object_or_404(DataExport, pk=pk, user=request.user, ready_at__isnull=False)
    path = export.file_path
    if not path.is_file():
        raise Http404
    response = FileResponse(path.open("rb"), as_attachment=True, filename="innovation-garden-my-data.json")
    response["Content-Type"] = "application/json"
    response["Cache-Control"] = "private, no-store"
    return response
