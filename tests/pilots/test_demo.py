"""The demo has pilots at every stage, with reviews, updates, participants and results."""

from decimal import Decimal

from home.demo import load_demo
from pilots.models import Pilot, Review


def test_the_demo_has_pilots_at_every_stage(db):
    load_demo()
    statuses = set(Pilot.objects.values_list("status", flat=True))
    assert {"draft", "submitted", "in_review", "shortlisted", "declined", "running", "completed"} <= statuses
    polku = Pilot.objects.filter(organization__name="Polku Mobility", status__in=["draft", "submitted"])
    assert sorted(polku.values_list("status", flat=True)) == ["draft", "submitted"]
    assert len({pilot.challenge_id for pilot in polku}) == 1  # both to the challenge taking proposals
    assert Review.objects.filter(submitted_at__isnull=False).count() >= 5
    running = Pilot.objects.get(status="running")
    assert "Iso Omena" in running.title and running.updates.count() == 2 and running.participants.count() == 3
    completed = Pilot.objects.get(status="completed", next_step="scale_up")
    assert completed.next_step == "scale_up"
    assert all(kpi.outcome is not None for kpi in completed.kpis.all())
    assert completed.kpis.filter(outcome__gte=Decimal("500")).exists()
    declined = Pilot.objects.get(status="declined")
    assert declined.decision_reason and declined.transitions.filter(to_status="declined").exists()
