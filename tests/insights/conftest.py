"""A small garden whose figures the tests work out by hand.

People: authors a1, a2, a4, a5, a3 (whose only idea is hidden); voters v1, v2, v3, v4 (who only
voted for the hidden idea); commenters c1 (live comment), c2 (hidden comment), c3 (deleted
comment), c4 (on the hidden idea); a team lead, member of a company, leads every pilot.

Ideas (time: `last` is ten days before this month began, `now` is now):
  i1  Greater Leppävaara (code 1), health            last month   votes v1 (last month), v2 (now)
                                                                  comments c1 live, c2 hidden, c3 deleted
  i2  Greater Leppävaara, health + sustainability    now          vote v1
  i3  Greater Tapiola (code 2), health, HIDDEN       now          vote v4, comment c4
  i4  whole city, health                             now          vote v3
  i5  North Espoo (code 7), vitality                 now          —

Pilots, all to one challenge (goal sustainability), led by the lead: a draft, a submitted one,
an accepted one (with participant v1), a completed one that scales up (KPIs 120/100 and 25/50)
and a completed one that stops. A challenge promoted from i1, published 30 days after i1.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from challenges.models import Phase
from engagement import services as engagement
from ideas.models import Idea
from pilots.models import KPI, Pilot
from portal.models import District
from tests.accounts.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.challenges.factories import ChallengeFactory
from tests.ideas.factories import IdeaFactory
from tests.pilots.factories import ParticipantFactory, PilotFactory

DAY = timedelta(days=1)


@dataclass
class Garden:
    now: object
    last: object
    people: dict
    ideas: dict
    pilots: dict
    challenge: object
    promoted: object
    company: object


def _idea(key, author, at, district=None, goals=("health",)):
    return IdeaFactory(
        title=f"Idea {key}",
        author=author,
        created_at=at,
        district=District.objects.get(code=district) if district else None,
        goals=list(goals),
    )


@pytest.fixture
def garden(db, moderator):
    now = timezone.now()
    month_start = timezone.localtime(now).replace(day=1, hour=12, minute=0, second=0, microsecond=0)
    last = month_start - 10 * DAY
    names = ["a1", "a2", "a3", "a4", "a5", "v1", "v2", "v3", "v4", "c1", "c2", "c3", "c4", "lead"]
    people = {name: UserFactory(name=f"Person {name}", email=f"{name}@people.example.org") for name in names}
    company = OrganizationFactory(name="Keila Robotics")
    MembershipFactory(organization=company, user=people["lead"])

    ideas = {
        "i1": _idea("i1", people["a1"], last, district=1),
        "i2": _idea("i2", people["a2"], now, district=1, goals=("health", "sustainability")),
        "i3": _idea("i3", people["a3"], now, district=2),
        "i4": _idea("i4", people["a4"], now),
        "i5": _idea("i5", people["a5"], now, district=7, goals=("vitality",)),
    }
    engagement.vote_cast(actor=people["v1"], target=ideas["i1"], now=last + DAY)
    engagement.vote_cast(actor=people["v2"], target=ideas["i1"], now=now)
    engagement.vote_cast(actor=people["v1"], target=ideas["i2"], now=now)
    engagement.vote_cast(actor=people["v3"], target=ideas["i4"], now=now)
    engagement.vote_cast(actor=people["v4"], target=ideas["i3"], now=now)
    engagement.comment_create(actor=people["c1"], target=ideas["i1"], body="Yes!", now=now)
    hidden = engagement.comment_create(actor=people["c2"], target=ideas["i1"], body="Rude words", now=now)
    deleted = engagement.comment_create(actor=people["c3"], target=ideas["i1"], body="Oops", now=now)
    engagement.comment_create(actor=people["c4"], target=ideas["i3"], body="On the hidden one", now=now)
    engagement.moderation_hide(actor=moderator, target=hidden, reason="Offensive")
    engagement.comment_delete(actor=people["c3"], comment=deleted)
    engagement.moderation_hide(actor=moderator, target=ideas["i3"], reason="Spam")
    # The city promised to answer i1 (for the answers data set).
    from ideas.models import AnswerPromise, Department

    AnswerPromise.objects.create(
        idea=ideas["i1"], department=Department.objects.create(name="Urban Environment"),
        promised_at=last, due_on=timezone.localdate(last + 30 * DAY),
    )  # fmt: skip
    for idea in ideas.values():
        idea.refresh_from_db()

    promoted = ChallengeFactory(phase=Phase.IDEAS, title="Promoted from i1", goals=["health"])
    promoted.published_at = last + 30 * DAY
    promoted.save(update_fields=["published_at"])
    Idea.objects.filter(pk=ideas["i1"].pk).update(promoted_challenge=promoted)

    challenge = ChallengeFactory(phase=Phase.PILOTING, title="Greener commuting")
    challenge.published_at = now - 100 * DAY
    challenge.save(update_fields=["published_at"])
    lead = people["lead"]

    def pilot(key, status, **fields):
        return PilotFactory(
            challenge=challenge, created_by=lead, status=status, title=f"Pilot {key}", kpis=0, **fields
        )

    pilots = {
        "draft": pilot("draft", Pilot.Status.DRAFT),
        "submitted": pilot(
            "submitted", Pilot.Status.SUBMITTED, organization=company, submitted_at=now - 60 * DAY
        ),
        "accepted": pilot(
            "accepted", Pilot.Status.ACCEPTED, submitted_at=now - 60 * DAY, decided_at=now - 56 * DAY
        ),
        "scaled": pilot(
            "scaled",
            Pilot.Status.COMPLETED,
            submitted_at=now - 60 * DAY,
            decided_at=now - 58 * DAY,
            results_published_at=now - 8 * DAY,
            next_step=Pilot.NextStep.SCALE_UP,
        ),
        "stopped": pilot(
            "stopped",
            Pilot.Status.COMPLETED,
            submitted_at=now - 60 * DAY,
            decided_at=now - 54 * DAY,
            results_published_at=now - 14 * DAY,
            next_step=Pilot.NextStep.STOP,
        ),
    }
    KPI.objects.create(
        pilot=pilots["scaled"], name="Trips replaced", unit="trips", target=100, outcome=120, position=0
    )
    KPI.objects.create(
        pilot=pilots["scaled"], name="Families reached", unit="families", target=50, outcome=25, position=1
    )
    ParticipantFactory(pilot=pilots["accepted"], user=people["v1"], consented_at=now)
    return Garden(
        now=now,
        last=last,
        people=people,
        ideas=ideas,
        pilots=pilots,
        challenge=challenge,
        promoted=promoted,
        company=company,
    )


def at_month(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m")


__all__ = ["DAY", "Decimal", "at_month"]
