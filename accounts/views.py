"""Pages for a person's profile and for organizations: parse, check, call a service, render."""

from allauth.account.views import LoginView as AllauthLoginView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import selectors, services
from accounts.adapter import LOGIN_LOCKOUT_SECONDS
from accounts.forms import (
    InvitationForm,
    MembershipRoleForm,
    OrganizationFilterForm,
    OrganizationForm,
    ProfileForm,
)
from accounts.models import Invitation, Membership, Organization
from portal.page_messages import error_messages

# --- Log-in ---------------------------------------------------------------------------------


class LoginView(AllauthLoginView):
    """allauth's log-in page. An address locked out after failed attempts is told on the form
    when to try again, and the answer is a 429 with `Retry-After`, like every other limit."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if any(error.code == "too_many_login_attempts" for error in form.non_field_errors().as_data()):
            response.status_code = 429
            response["Retry-After"] = str(LOGIN_LOCKOUT_SECONDS)
        return response


login = LoginView.as_view()


# --- Profile --------------------------------------------------------------------------------


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(
            actor=request.user,
            name=form.cleaned_data["name"],
            language=form.cleaned_data["language"],
        )
        messages.success(request, _("Your profile was saved."))
        return redirect("profile")
    organizations = selectors.user_organizations(user=request.user)
    return render(request, "accounts/profile.html", {"form": form, "organizations": organizations})


# --- Organizations --------------------------------------------------------------------------


def organization_list(request):
    form = OrganizationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    organizations = selectors.organization_list(
        kind=filters.get("kind", ""),
        verified=True if filters.get("verified") else None,
        query=filters.get("q", ""),
    )
    page = Paginator(organizations, 24).get_page(request.GET.get("page"))
    return render(request, "accounts/organization_list.html", {"page": page, "filter_form": form})


def organization_detail(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    can_manage = request.user.has_perm("accounts.manage_organization_members", organization)
    context = {
        "organization": organization,
        "memberships": selectors.organization_members(organization=organization),
        "can_manage": can_manage,
        "role_choices": Membership.Role.choices,
    }
    if can_manage:
        context["invitation_form"] = InvitationForm()
        context["invitations"] = selectors.organization_open_invitations(organization=organization)
    return render(request, "accounts/organization_detail.html", context)


@login_required
def organization_create(request):
    if not request.user.has_perm("accounts.create_organization"):
        raise PermissionDenied
    form = OrganizationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.organization_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(organization)s was created. You are its administrator.")
                % {"organization": organization.name},
            )
            return redirect(organization)
    return render(request, "accounts/organization_form.html", {"form": form})


@login_required
def organization_edit(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    if not request.user.has_perm("accounts.change_organization", organization):
        raise PermissionDenied
    form = OrganizationForm(
        request.POST or None, request.FILES or None, instance=Organization.objects.get(pk=organization.pk)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(actor=request.user, organization=organization, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The organization's details were saved."))
            return redirect(organization)
    return render(request, "accounts/organization_form.html", {"form": form, "organization": organization})


@login_required
@require_POST
def organization_verify(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    verified = request.POST.get("verified") != "0"
    services.organization_verify(actor=request.user, organization=organization, verified=verified)
    if verified:
        messages.success(
            request, _("%(organization)s is now marked verified.") % {"organization": organization.name}
        )
    else:
        messages.success(request, _("The verification was removed."))
    return redirect(organization)


@login_required
@require_POST
def organization_invite(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    if not request.user.has_perm("accounts.invite_to_organization", organization):
        raise PermissionDenied
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invitation_create(
                actor=request.user, organization=organization, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("An invitation was sent to %(email)s.") % {"email": invitation.email})
            return redirect(organization)
    # Show the form again with its errors, on the organization's page.
    return render(
        request,
        "accounts/organization_detail.html",
        {
            "organization": organization,
            "memberships": selectors.organization_members(organization=organization),
            "can_manage": True,
            "role_choices": Membership.Role.choices,
            "invitation_form": form,
            "invitations": selectors.organization_open_invitations(organization=organization),
        },
        status=400,
    )


@login_required
@require_POST
def invitation_revoke(request, slug, pk):
    invitation = get_object_or_404(Invitation, pk=pk, organization__slug=slug)
    services.invitation_revoke(actor=request.user, invitation=invitation)
    messages.success(request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email})
    return redirect(invitation.organization)


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    try:
        invitation = services.invitation_from_token(token)
    except ValidationError as error:
        return render(request, "accounts/invitation.html", {"problem": error.messages[0]}, status=404)
    context = {"invitation": invitation, "organization": invitation.organization}
    if not request.user.is_authenticated:
        return render(request, "accounts/invitation.html", context)
    try:
        services.invitation_check(actor=request.user, invitation=invitation)
    except ValidationError as error:
        context["problem"] = error.messages[0]
        status = 400 if request.method == "POST" else 200
        return render(request, "accounts/invitation.html", context, status=status)
    if request.method == "GET":
        return render(request, "accounts/invitation.html", context)
    try:
        services.invitation_accept(actor=request.user, invitation=invitation)
    except ValidationError as error:
        context["problem"] = error.messages[0]
        return render(request, "accounts/invitation.html", context, status=400)
    messages.success(
        request,
        _("Welcome to %(organization)s!") % {"organization": invitation.organization.name},
    )
    return redirect(invitation.organization)


@login_required
@require_POST
def organization_leave(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    try:
        services.membership_leave(actor=request.user, organization=organization)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("You left %(organization)s.") % {"organization": organization.name})
    return redirect(organization)


@login_required
@require_POST
def membership_remove(request, slug, pk):
    membership = get_object_or_404(
        Membership.objects.select_related("organization", "user"), pk=pk, organization__slug=slug
    )
    try:
        services.membership_remove(actor=request.user, membership=membership)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(
            request,
            _("%(name)s was removed from the organization.") % {"name": membership.user.display_name},
        )
    return redirect(membership.organization)


@login_required
@require_POST
def membership_role(request, slug, pk):
    membership = get_object_or_404(
        Membership.objects.select_related("organization", "user"), pk=pk, organization__slug=slug
    )
    form = MembershipRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid role."))
        return redirect(membership.organization)
    try:
        services.membership_set_role(
            actor=request.user, membership=membership, role=form.cleaned_data["role"]
        )
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(
            request, _("The role of %(name)s was changed.") % {"name": membership.user.display_name}
        )
    return redirect(membership.organization)
