"""A person's site requests and located ideas, for their data download and account deletion (see
`accounts.privacy`).

What is personal here: who asked a place for dates (`SiteRequest.requested_by`), who decided
(`decided_by`), who picked a proposal's test site and who added a place. The requests themselves
are the pilot's and the place's (the team asked, the host decided), so they stay when the person
goes; the links to the person are cut by the foreign keys (`SET_NULL`) when the account row is
anonymized or deleted, and the export lists what they asked. An idea's location goes with the idea
(`ideas.privacy` decides about ideas). Follows of places are `engagement`'s.
"""

from django.conf import settings

from places.models import Place, SiteRequest, TestSite


def export(user) -> dict:
    requests = SiteRequest.objects.filter(requested_by=user).select_related("place", "pilot").order_by("pk")
    return {
        "site_requests": [
            {
                "place": site_request.place.name,
                "place_url": settings.SITE_URL + site_request.place.get_absolute_url(),
                "pilot": {"id": site_request.pilot_id, "title": site_request.pilot.title},
                "starts_on": site_request.starts_on.isoformat(),
                "ends_on": site_request.ends_on.isoformat(),
                "needs": site_request.needs,
                "status": site_request.status,
                "asked_at": site_request.created_at.isoformat(),
            }
            for site_request in requests
        ],
        "site_decisions": SiteRequest.objects.filter(decided_by=user).count(),
        "test_sites_picked": [
            {"pilot": site.pilot_id, "place": site.place.name}
            for site in TestSite.objects.filter(picked_by=user).select_related("place").order_by("pk")
        ],
    }


def erase(user, *, remove_contributions: bool) -> None:
    # The rows stay with the pilot and the place; only the person's name leaves them.
    SiteRequest.objects.filter(requested_by=user).update(requested_by=None)
    SiteRequest.objects.filter(decided_by=user).update(decided_by=None)
    TestSite.objects.filter(picked_by=user).update(picked_by=None)
    Place.objects.filter(created_by=user).update(created_by=None)
