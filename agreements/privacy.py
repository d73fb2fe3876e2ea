"""A person's part in pilot agreements, for their data download and account deletion
(see `accounts.privacy`).

What deleting the account does here, and why:

- **Finance contact roles** end: the person no longer sees or pays a challenge's instalments.
- **Agreements accepted, reports, change requests, payments marked and decisions** stay, shown as
  by "Deleted user": they are the city's record of what was agreed, delivered and paid, which
  public bodies must keep (accounting and archive law). The report's files stay with the report.
- The contacts written into an agreement's text are the agreement's; a curator edits them through a
  change of the agreement when a person leaves.

Nothing here depends on `remove_contributions`: none of it is a public contribution of theirs alone.
"""

from django.conf import settings

from agreements.models import Agreement, ChangeRequest, FinanceContact, Instalment, Report


def _ref(pilot) -> dict:
    return {"id": pilot.pk, "title": pilot.title, "url": settings.SITE_URL + pilot.get_absolute_url()}


def export(user) -> dict:
    return {
        "finance_contact_of": [
            {"challenge": contact.challenge.title, "appointed_at": contact.appointed_at}
            for contact in FinanceContact.objects.filter(user=user).select_related("challenge").order_by("pk")
        ],
        "agreements_accepted": [
            {"pilot": _ref(agreement.pilot), "accepted_at": agreement.accepted_at}
            for agreement in Agreement.objects.filter(accepted_by=user).select_related("pilot").order_by("pk")
        ],
        "milestone_reports": [
            {
                "pilot": _ref(report.milestone.agreement.pilot),
                "milestone": report.milestone.title,
                "version": report.number,
                "summary": report.summary,
                "kpi_values": report.kpi_values,
                "submitted_at": report.submitted_at,
                "status": report.status,
            }
            for report in Report.objects.filter(submitted_by=user)
            .select_related("milestone__agreement__pilot")
            .order_by("pk")
        ],
        "change_requests": [
            {
                "pilot": _ref(change.agreement.pilot),
                "kind": change.kind,
                "reason": change.reason,
                "requested_at": change.requested_at,
                "status": change.status,
            }
            for change in ChangeRequest.objects.filter(requested_by=user)
            .select_related("agreement__pilot")
            .order_by("pk")
        ],
        "instalments_marked_paid": [
            {
                "pilot": _ref(instalment.agreement.pilot),
                "amount": instalment.amount,
                "paid_on": instalment.paid_on,
                "reference": instalment.payment_reference,
            }
            for instalment in Instalment.objects.filter(paid_by=user)
            .select_related("agreement__pilot")
            .order_by("pk")
        ],
    }


def erase(user, *, remove_contributions: bool) -> None:
    FinanceContact.objects.filter(user=user).delete()
    user.__dict__.pop("_finance_challenges", None)
