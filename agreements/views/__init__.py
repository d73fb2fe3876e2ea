"""Pages for agreements: parse, check, call a service or selector, render.

The agreement's page and everything under it answer 404 to whoever may not see the agreement
(its existence is confidential like its terms); a step the person may not take is 403.
"""

from agreements.views.overview import finance_contacts, instalments_export, overview
from agreements.views.pages import (
    agreement_accept,
    agreement_detail,
    agreement_form,
    change_decide,
    change_request,
    city_decision,
    final_report,
    instalment_paid,
    report_file,
    report_form,
    report_review,
    reserve_answer,
    reserve_offer,
)

__all__ = [
    "agreement_accept",
    "agreement_detail",
    "agreement_form",
    "change_decide",
    "change_request",
    "city_decision",
    "final_report",
    "finance_contacts",
    "instalment_paid",
    "instalments_export",
    "overview",
    "report_file",
    "report_form",
    "report_review",
    "reserve_answer",
    "reserve_offer",
]
