"""The pilot's own page, and how every page under its address finds the pilot: 404 to whoever
may not see it.
"""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from pilots import rules as pilot_rules
from pilots import selectors, services
from pilots.forms import AttachmentForm, DecisionForm, KPIForm, ReasonForm, SignUpForm, TeamMemberForm
from pilots.models import Pilot, Review


def _visible_pilot(request, pk: int) -> Pilot:
    try:
        pilot = selectors.pilot_for_page(pk=pk)
    except Pilot.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm("pilots.view_pilot", pilot):
        raise Http404
    return pilot


def _attachments_context(user, pilot: Pilot) -> dict:
    """The attachments section of the pilot's page and the draft's edit page, for those who see it."""
    if not user.has_perm("pilots.view_attachments", pilot):
        return {}
    context = {"attachments": list(pilot.attachments.all()), "show_attachments": True}
    if user.has_perm("pilots.change_attachments", pilot):
        context["attachment_form"] = AttachmentForm()
    return context


# --- The pilot's page -------------------------------------------------------------------------


def pilot_detail(request, pk):
    pilot = _visible_pilot(request, pk)
    user = request.user
    context = {
        "pilot": pilot,
        "challenge": pilot.challenge,
        "team": list(selectors.pilot_team(pilot=pilot)),
        "kpis": list(pilot.kpis.all()),
        "updates": list(pilot.updates.select_related("author")) if pilot.is_public else [],
        "is_team": pilot_rules.is_team_member(user, pilot),
        "participation": selectors.participation(user=user, pilot=pilot),
        "sign_up_form": SignUpForm(),
    }
    participation = context["participation"]
    context["needs_reconsent"] = (
        participation is not None
        and participation.data_statement_version != pilot.data_statement_version
        and pilot_rules.is_live(user, pilot)
    )
    if user.has_perm("pilots.manage_team", pilot):
        context["team_form"] = TeamMemberForm()
    context.update(_attachments_context(user, pilot))
    if user.has_perm("pilots.change_pilot", pilot):
        context["kpi_form"] = KPIForm()
        context["missing"] = services.missing_for_submission(pilot)
        if not context["kpis"]:
            context["missing"].append(_("a KPI with a target"))
    if user.has_perm("pilots.view_reviews", pilot):
        context["reviews"] = list(selectors.pilot_reviews(pilot=pilot))
        context["transitions"] = list(selectors.pilot_transitions(pilot=pilot))
    if user.has_perm("pilots.decide_pilot", pilot):
        context["decision_form"] = DecisionForm()
    if user.has_perm("pilots.view_decision", pilot) and pilot.status != Pilot.Status.DISCONTINUED:
        context["summary"] = selectors.decision_summary(pilot=pilot)
    if user.has_perm("pilots.discontinue_pilot", pilot):
        context["discontinue_form"] = ReasonForm()
    if pilot_rules.is_pilot_evaluator(user, pilot) and not context["is_team"]:
        context["my_review"] = Review.objects.filter(pilot=pilot, evaluator=user).first()
    return render(request, "pilots/pilot_detail.html", context)
