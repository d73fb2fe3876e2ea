"""The agreement's part of a pilot's page (registered with pilots.page_sections).

Everybody who sees the pilot sees the milestone timeline (done, due, late) and the city's decision;
the budget only when the agreement marks it public. The team, curators and finance contacts get a
link to the agreement; curators the steps that start from the pilot (drawing up, the reserve).
"""

from django.template.loader import render_to_string
from django.utils import timezone

from agreements import selectors
from agreements.models import ReserveOffer
from agreements.rules import can


def pilot_section(request, pilot) -> str:
    if not pilot.is_public and not pilot.reserve_offers.exists():
        return ""
    user = request.user if request is not None else None
    agreement, milestones, decision = selectors.public_timeline(pilot=pilot)
    today = timezone.localdate()
    context = {
        "pilot": pilot,
        "agreement": agreement,
        "timeline": [(milestone, milestone.state_on(today)) for milestone in milestones],
        "decision": decision,
        "request": request,
    }
    if user is not None and user.is_authenticated:
        drafted = getattr(pilot, "agreement", None) if hasattr(pilot, "agreement") else None
        context["drafted"] = drafted
        context["can_view"] = drafted is not None and can(user, "agreements.view_agreement", drafted)
        context["can_draw_up"] = drafted is None and can(user, "agreements.draw_up_agreement", pilot)
        context["can_offer_reserve"] = can(user, "agreements.offer_reserve", pilot)
        context["offers"] = selectors.reserve_offers_for(pilot=pilot) if context["can_offer_reserve"] else []
        if can(user, "agreements.answer_reserve_offer", pilot):
            context["open_offer"] = pilot.reserve_offers.filter(status=ReserveOffer.Status.OPEN).first()
    if not (
        context["timeline"]
        or decision
        or any(context.get(k) for k in ("can_view", "can_draw_up", "can_offer_reserve", "open_offer"))
    ):
        return ""
    return render_to_string("agreements/_pilot_section.html", context, request=request)
