"""The pages: who sees what (every role, each page), the steps through plain forms, bad input kept,
the public timeline, the export, and the overview pinned to a fixed number of queries."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from agreements import services
from agreements.models import Agreement, FinanceContact, Instalment, Milestone
from pilots.models import Pilot
from tests.accounts.factories import UserFactory
from tests.agreements.conftest import due, milestone_rows
from tests.pilots.factories import PilotFactory

pytestmark = pytest.mark.django_db


def page(response) -> str:
    return response.content.decode()


def as_(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def roles(lead, member, curator, finance):
    return {
        "visitor": None,
        "resident": UserFactory(),
        "member": member,
        "lead": lead,
        "curator": curator,
        "official": UserFactory(is_official=True),
        "finance": finance,
        "administrator": UserFactory(is_superuser=True, is_staff=True),
    }


INSIDERS = {"member", "lead", "curator", "finance", "administrator"}


@pytest.mark.parametrize(
    "role", ["visitor", "resident", "member", "lead", "curator", "official", "finance", "administrator"]
)
def test_the_agreement_page_is_for_insiders_only(client, roles, agreement, role):
    response = as_(client, roles[role]).get(reverse("agreement_detail", args=[agreement.pilot_id]))
    if role == "visitor":
        assert response.status_code == 302  # to log in
    elif role in INSIDERS:
        assert response.status_code == 200
        assert "The team delivers" in page(response)
    else:
        assert response.status_code == 404


@pytest.mark.parametrize(
    "role", ["visitor", "resident", "member", "lead", "curator", "official", "finance", "administrator"]
)
def test_the_public_page_shows_the_timeline_without_money(client, roles, agreement, role):
    response = as_(client, roles[role]).get(agreement.pilot.get_absolute_url())
    assert response.status_code == 200
    text = page(response)
    assert "Milestone 1" in text
    assert "30 000" not in text and "9 000" not in text
    assert ("Open the agreement" in text) is (role in INSIDERS)


def test_a_public_budget_is_shown(client, agreement):
    Agreement.objects.filter(pk=agreement.pk).update(budget_public=True)
    assert "Agreed budget" in page(client.get(agreement.pilot.get_absolute_url()))


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("visitor", 302),
        ("resident", 404),
        ("member", 403),
        ("lead", 403),
        ("curator", 200),
        ("finance", 403),
        ("official", 404),
        ("administrator", 200),
    ],
)
def test_editing_a_draft_is_for_curators(client, roles, draft, role, expected):
    response = as_(client, roles[role]).get(reverse("agreement_form", args=[draft.pilot_id]))
    assert response.status_code == expected


def form_data(**changes):
    data = {
        "budget": "30000",
        "terms": "Terms.",
        "city_contact": "Carla",
        "team_contact": "Tiina",
        "milestones-TOTAL_FORMS": "6",
        "milestones-INITIAL_FORMS": "0",
        "milestones-MIN_NUM_FORMS": "6",
        "milestones-MAX_NUM_FORMS": "30",
    }
    for n, row in enumerate(milestone_rows()):
        for name, value in row.items():
            data[f"milestones-{n}-{name}"] = value
    data.update(changes)
    return data


class TestDrawingUp:
    def test_a_curator_draws_up_through_the_form(self, client, curator, pilot):
        response = as_(client, curator).post(reverse("agreement_form", args=[pilot.pk]), form_data())
        assert response.status_code == 302
        assert pilot.agreement.milestones.count() == 3

    def test_shares_over_100_are_shown_and_the_input_kept(self, client, curator, pilot):
        response = as_(client, curator).post(
            reverse("agreement_form", args=[pilot.pk]), form_data(**{"milestones-1-share": "130"})
        )
        assert response.status_code == 400
        assert "cannot be over 100 %" in page(response)
        assert 'value="Terms."' in page(response) or "Terms." in page(response)
        assert not Agreement.objects.exists()

    def test_a_stale_edit_is_a_conflict_and_keeps_the_text(self, client, curator, draft):
        data = form_data(version=str(draft.version - 1) if draft.version > 1 else "0", terms="Mine")
        response = as_(client, curator).post(reverse("agreement_form", args=[draft.pilot_id]), data)
        assert response.status_code == 409
        assert "Someone else changed" in page(response) and "Mine" in page(response)

    def test_the_team_accepts(self, client, lead, draft):
        url = reverse("agreement_accept", args=[draft.pilot_id])
        as_(client, lead).post(url, {"version": draft.version})
        assert Agreement.objects.get(pk=draft.pk).status == "accepted"


class TestSteps:
    def test_report_review_and_payment(self, client, lead, curator, finance, agreement):
        milestone = agreement.milestones.first()
        as_(client, lead).post(
            reverse("agreement_report", args=[agreement.pilot_id, milestone.pk]), {"summary": "Done."}
        )
        report = milestone.reports.get()
        as_(client, curator).post(
            reverse("agreement_report_review", args=[agreement.pilot_id, report.pk]), {"action": "approve"}
        )
        instalment = Instalment.objects.get(milestone=milestone)
        assert instalment.status == "approved"
        url = reverse("agreement_instalment_paid", args=[agreement.pilot_id, instalment.pk])
        as_(client, finance).post(url, {"paid_on": timezone.localdate().isoformat(), "reference": "R-1"})
        response = client.post(
            url, {"paid_on": timezone.localdate().isoformat(), "reference": "R-2"}, follow=True
        )
        assert "already marked paid" in page(response)
        assert Instalment.objects.get(pk=instalment.pk).payment_reference == "R-1"

    def test_a_report_on_another_pilots_milestone_is_refused(
        self, client, lead, agreement, challenge, draw_up
    ):
        other = draw_up(PilotFactory(challenge=challenge, status=Pilot.Status.ACCEPTED))
        milestone = other.milestones.first()
        response = as_(client, lead).post(
            reverse("agreement_report", args=[agreement.pilot_id, milestone.pk]), {"summary": "Sneaky"}
        )
        assert response.status_code == 400
        assert "another pilot" in page(response) and "Sneaky" in page(response)

    def test_a_change_request_through_the_form(self, client, lead, curator, agreement):
        milestone = agreement.milestones.first()
        as_(client, lead).post(
            reverse("agreement_change_request", args=[agreement.pilot_id]),
            {"kind": "dates", "reason": "Late parts.", f"due_{milestone.pk}": due(25)},
        )
        change = agreement.change_requests.get()
        as_(client, curator).post(
            reverse("agreement_change_decide", args=[agreement.pilot_id, change.pk]), {"action": "approve"}
        )
        assert Milestone.objects.get(pk=milestone.pk).due_date.isoformat() == due(25)
        assert "Late parts." in page(client.get(reverse("agreement_detail", args=[agreement.pilot_id])))


class TestExport:
    def test_csv_and_xlsx_neutralise_formulas(self, client, curator, agreement):
        Milestone.objects.filter(pk=agreement.milestones.first().pk).update(title="=HYPERLINK(1)")
        Pilot.objects.filter(pk=agreement.pilot_id).update(title="\tcmd")
        as_(client, curator)
        response = client.get(reverse("agreements_instalments_export", args=["csv"]))
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert len(rows) == 4
        assert rows[1][3] == "'=HYPERLINK(1)" and rows[1][1] == "'\tcmd"
        assert Decimal(rows[1][5]) + Decimal(rows[2][5]) + Decimal(rows[3][5]) == Decimal("30000")
        response = client.get(reverse("agreements_instalments_export", args=["xlsx"]))
        sheet = load_workbook(io.BytesIO(response.content)).active
        cells = [cell.value for cell in next(sheet.iter_rows(min_row=2, max_row=2))]
        assert "'=HYPERLINK(1)" in cells

    def test_only_officials_export(self, client, lead):
        assert (
            as_(client, lead).get(reverse("agreements_instalments_export", args=["csv"])).status_code == 403
        )


def test_the_overview_of_200_pilots_with_1000_milestones_is_ten_queries(
    client, curator, challenge, django_assert_max_num_queries
):
    pilots = Pilot.objects.bulk_create(
        Pilot(
            challenge=challenge,
            title=f"Pilot {n}",
            status="running",
            submitted_at=timezone.now(),
            decided_at=timezone.now(),
        )
        for n in range(200)
    )
    agreements = Agreement.objects.bulk_create(
        Agreement(
            pilot=pilot,
            budget=Decimal("5000"),
            terms="t",
            city_contact="c",
            team_contact="t",
            status="accepted",
            accepted_at=timezone.now(),
        )
        for pilot in pilots
    )
    today = timezone.localdate()
    milestones = Milestone.objects.bulk_create(
        Milestone(
            agreement=agreement,
            position=n,
            title=f"M{n}",
            deliverable="d",
            share=Decimal("20"),
            due_date=today + timedelta(days=n * 10 - 15),
        )
        for agreement in agreements
        for n in range(5)
    )
    Instalment.objects.bulk_create(
        Instalment(agreement_id=m.agreement_id, milestone=m, amount=Decimal("1000")) for m in milestones
    )
    as_(client, curator)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("agreements_overview"))
    assert response.status_code == 200
    assert page(response).count("<tr>") == 201
    assert "Pilot 199" in page(response)


def test_the_overview_is_for_officials_and_finance(client, lead, finance, agreement):
    assert as_(client, lead).get(reverse("agreements_overview")).status_code == 403
    client.logout()
    assert as_(client, finance).get(reverse("agreements_overview")).status_code == 200


def test_finance_contacts_are_appointed_by_curators(client, curator, challenge, lead):
    url = reverse("agreements_finance_contacts", args=[challenge.slug])
    assert as_(client, lead).get(url).status_code == 403
    client.logout()
    person = UserFactory(email="kassa@example.org")
    as_(client, curator).post(url, {"email": "kassa@example.org"})
    assert FinanceContact.objects.filter(challenge=challenge, user=person).exists()
    response = client.post(url, {"email": "nobody@example.org"})
    assert response.status_code == 400 and "No one has an account" in page(response)


def test_reserve_offer_and_answer_through_the_pages(client, curator, lead, pilot, challenge):
    from pilots import services as pilot_services
    from tests.agreements.test_services import scored_proposal

    reserve = scored_proposal(challenge)
    pilot_services.pilot_discontinue(actor=lead, pilot=pilot, reason="We withdraw.")
    assert "Offer to the next proposal" in page(as_(client, curator).get(pilot.get_absolute_url()))
    client.post(reverse("agreement_reserve_offer", args=[pilot.pk]), {"days": "7"})
    offer = reserve.reserve_offers.get()
    client.logout()
    as_(client, reserve.created_by)
    assert "A pilot place is offered" in page(client.get(reserve.get_absolute_url()))
    client.post(reverse("agreement_reserve_answer", args=[reserve.pk, offer.pk]), {"answer": "accept"})
    assert Pilot.objects.get(pk=reserve.pk).status == "accepted"


def test_the_city_decision_is_public(client, curator, lead, agreement):
    from pilots import services as pilot_services

    pilot_services.pilot_start(actor=lead, pilot=agreement.pilot)
    services.final_report_submit(actor=lead, agreement=agreement, body="Done.")
    pilot_services.pilot_discontinue(actor=lead, pilot=agreement.pilot, reason="Ended.")
    as_(client, curator).post(
        reverse("agreement_city_decision", args=[agreement.pilot_id]),
        {"decision": "scale_up", "reasons_fi": "Laajennetaan.", "reasons_sv": "Utvidgas."},
    )
    client.logout()
    text = page(client.get(agreement.pilot.get_absolute_url()))
    assert "The city&#x27;s decision" in text or "The city's decision" in text
    assert "Scale up" in text


def test_the_city_decisions_are_counted_on_the_impact_dashboard(client, curator, lead, agreement):
    from insights.figures import figures_compute
    from pilots import services as pilot_services

    pilot_services.pilot_start(actor=lead, pilot=agreement.pilot)
    services.final_report_submit(actor=lead, agreement=agreement, body="Done.")
    pilot_services.pilot_discontinue(actor=lead, pilot=agreement.pilot, reason="Ended.")
    services.city_decide(
        actor=curator,
        agreement=agreement,
        decision="procure",
        reasons={"fi": "Hankitaan.", "sv": "Upphandlas."},
    )
    assert figures_compute()["city_decisions"] == {"scale_up": 0, "procure": 1, "extend": 0, "stop": 0}
