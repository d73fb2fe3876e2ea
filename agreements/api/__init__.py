"""API for agreements: agreements, milestones, reports, instalments and change requests.

As on the pages, an agreement is 404 to whoever may not see it (its terms, reports and money are
confidential); a step the person may not take is 403, and a step out of its time 400 with the
reason. A stale edit (an older `version`) is 409. Every change goes through `agreements.services`.
"""

from agreements.api.views import AgreementViewSet

__all__ = ["AgreementViewSet"]
