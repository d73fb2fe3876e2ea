"""The officials' overview of agreements for the benchmark: 200 running pilots with 1,000 milestones
in one challenge, curated by one official, measured signed in as that official."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.models import User
from agreements.models import Agreement, Instalment, Milestone
from bench.seeding import BENCH_PASSWORD, CitySeeder
from pilots.models import Pilot

PILOTS = 200
MILESTONES = 5
CURATOR_EMAIL = "curator@bench.example"


def seed_agreement_overview() -> User:
    """Once: the pilots, their accepted agreements, milestones (some done, some late) and instalments."""
    curator, _created = User.objects.get_or_create(
        email=CURATOR_EMAIL,
        defaults={"name": "Bench Curator", "is_official": True, "password": make_password(BENCH_PASSWORD)},
    )
    challenge = CitySeeder.fanout_challenge()
    challenge.curators.add(curator)
    have = Agreement.objects.filter(pilot__challenge=challenge).count()
    if have >= PILOTS:
        return curator
    now = timezone.now()
    today = timezone.localdate()
    pilots = Pilot.objects.bulk_create(
        Pilot(
            challenge=challenge,
            title=f"Bench pilot {n}",
            summary="A running pilot.",
            status="running",
            submitted_at=now,
            decided_at=now,
            started_at=now,
        )
        for n in range(have, PILOTS)
    )
    agreements = Agreement.objects.bulk_create(
        Agreement(
            pilot=pilot,
            budget=Decimal("10000.00"),
            terms="Terms.",
            city_contact="City",
            team_contact="Team",
            status="accepted",
            accepted_at=now,
            accepted_by=curator,
        )
        for pilot in pilots
    )
    milestones = Milestone.objects.bulk_create(
        Milestone(
            agreement=agreement,
            position=n,
            title=f"Milestone {n + 1}",
            deliverable="A deliverable.",
            share=Decimal("20.00"),
            due_date=today + timedelta(days=30 * n - 40),
            status="approved" if n == 0 else "pending",
            approved_at=now if n == 0 else None,
        )
        for agreement in agreements
        for n in range(MILESTONES)
    )
    Instalment.objects.bulk_create(
        Instalment(
            agreement_id=m.agreement_id,
            milestone=m,
            amount=Decimal("2000.00"),
            status="approved" if m.position == 0 else "planned",
            approved_at=m.approved_at,
        )
        for m in milestones
    )
    return curator
