"""Every change to agreements goes through here, split by stage (Zulip's `zerver/actions/` way).

Each function checks *who* (`PermissionDenied`), then *when* and *what* (`ValidationError` in words),
writes in one transaction with the agreement row locked, and records the step in the audit log and
the notification outbox. Money is `Decimal` euros to the cent.
"""

from agreements.services.changes import change_request_create, change_request_decide
from agreements.services.drawing import (
    agreement_accept,
    agreement_check_startable,
    agreement_draw_up,
    agreement_update,
    finance_contact_appoint,
    finance_contact_remove,
)
from agreements.services.ending import city_decide, final_report_submit
from agreements.services.reminders import milestone_remind, milestones_to_remind
from agreements.services.reports import instalment_mark_paid, report_approve, report_return, report_submit
from agreements.services.reserve import (
    reserve_candidates,
    reserve_offer,
    reserve_offer_answer,
    reserve_offers_expire,
)

__all__ = [
    "agreement_accept",
    "agreement_check_startable",
    "agreement_draw_up",
    "agreement_update",
    "change_request_create",
    "change_request_decide",
    "city_decide",
    "final_report_submit",
    "finance_contact_appoint",
    "finance_contact_remove",
    "instalment_mark_paid",
    "milestone_remind",
    "milestones_to_remind",
    "report_approve",
    "report_return",
    "report_submit",
    "reserve_candidates",
    "reserve_offer",
    "reserve_offer_answer",
    "reserve_offers_expire",
]
