"""The city before its ideas: people, organizations, challenges, pilots (multiplied from the
demo's) and the followers of the fan-out challenge.
"""

from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import Membership, Organization, User
from bench.seeding.rows import (
    BENCH_PASSWORD,
    FIRST_USER_ID,
    copy_rows,
    field_values,
    reset_sequence,
    without_row_checks,
)
from challenges.models import Challenge, Criterion, EvaluatorAppointment
from engagement.models import Follow
from notifications.models import Preference
from pilots.models import KPI, Participant, Pilot, ProgressUpdate, Review, Score, TeamMember, Transition


class CityBaseSeeding:
    """`CitySeeder`'s first stage (`seed_base`)."""

    def seed_base(self, log=print) -> None:
        with transaction.atomic():
            without_row_checks()
            self._users()
            log(f"  {self.size.users:,} people")
            self._organizations()
            log(f"  {self.size.organizations:,} organizations")
            self._challenges()
            log(f"  {Challenge.objects.count():,} challenges")
            self._pilots()
            log(f"  {Pilot.objects.count():,} pilots, {Review.objects.count():,} reviews")
            self._fanout_audience()
            log(f"  {self.size.users:,} followers of the fan-out challenge")

    def user_ids(self) -> range:
        return range(FIRST_USER_ID, FIRST_USER_ID + self.size.users)

    def _users(self) -> None:
        password = make_password(BENCH_PASSWORD)
        languages = ["fi"] * 6 + ["sv"] * 2 + ["en"] * 2
        joined = self.now - timedelta(days=400)
        rows = (
            (
                pk,
                f"person{pk}@bench.example",
                f"Person {pk}",
                languages[pk % 10],
                password,
                False,
                False,
                False,
                False,
                True,
                joined + timedelta(minutes=pk % 500_000),
            )
            for pk in self.user_ids()
        )
        copy_rows(
            User,
            [
                "id",
                "email",
                "name",
                "language",
                "password",
                "is_official",
                "is_moderator",
                "is_staff",
                "is_superuser",
                "is_active",
                "date_joined",
            ],
            rows,
        )
        reset_sequence(User)

    def _organizations(self) -> None:
        kinds = (
            [Organization.Kind.COMPANY] * 5
            + [Organization.Kind.COMMUNITY] * 3
            + [Organization.Kind.RESEARCH] * 2
        )
        organizations = Organization.objects.bulk_create(
            Organization(
                name=f"Bench organization {n}",
                slug=f"bench-organization-{n}",
                kind=kinds[n % len(kinds)],
                description="An organization of the benchmark city.",
                created_by_id=FIRST_USER_ID + n,
            )
            for n in range(self.size.organizations)
        )
        Membership.objects.bulk_create(
            Membership(organization=o, user_id=FIRST_USER_ID + n, role=Membership.Role.ADMIN)
            for n, o in enumerate(organizations)
        )

    def _challenges(self) -> None:
        """Copies of the demo's challenges (every phase) until there are `size.challenges`."""
        originals = list(Challenge.objects.prefetch_related("goals", "curators", "criteria", "appointments"))
        missing = self.size.challenges - len(originals)
        for n in range(max(0, missing)):
            original = originals[n % len(originals)]
            copy = Challenge.objects.get(pk=original.pk)
            copy.pk = None
            copy.title = f"{original.title} ({n + 2})"
            copy.slug = f"{original.slug[:60]}-{n + 2}"
            copy.save()
            copy.goals.set(original.goals.all())
            copy.curators.set(original.curators.all())
            Criterion.objects.bulk_create(
                Criterion(
                    challenge=copy,
                    name=c.name,
                    description=c.description,
                    weight=c.weight,
                    min_score=c.min_score,
                    position=c.position,
                )
                for c in original.criteria.all()
            )
            EvaluatorAppointment.objects.bulk_create(
                EvaluatorAppointment(
                    challenge=copy, evaluator_id=a.evaluator_id, appointed_by_id=a.appointed_by_id
                )
                for a in original.appointments.all()
            )

    def _pilots(self) -> None:
        """Copies of the demo's pilots, each into a copy of its own challenge, to `size.pilots`."""
        originals = list(
            Pilot.objects.select_related("challenge").prefetch_related(
                "team_members", "kpis", "transitions", "updates", "participants", "reviews__scores__criterion"
            )
        )
        if not originals:
            return
        by_title = {}
        for challenge in Challenge.objects.prefetch_related("criteria"):
            base = challenge.title.rsplit(" (", 1)[0] if challenge.title.endswith(")") else challenge.title
            by_title.setdefault(base, []).append(challenge)
        missing = self.size.pilots - len(originals)
        copies = []
        for n in range(max(0, missing)):
            original = originals[n % len(originals)]
            homes = by_title.get(original.challenge.title, [original.challenge])
            copies.append((original, homes[n % len(homes)]))
        skip = {"id", "challenge"}
        new_pilots = Pilot.objects.bulk_create(
            Pilot(
                **{
                    f.attname: getattr(o, f.attname)
                    for f in Pilot._meta.concrete_fields
                    if f.name not in skip
                },
                challenge=home,
            )
            for o, home in copies
        )
        team, kpis, transitions, updates, participants, reviews = [], [], [], [], [], []
        review_sources = []
        for (original, home), pilot in zip(copies, new_pilots, strict=True):
            team += [
                TeamMember(pilot=pilot, user_id=m.user_id, role=m.role) for m in original.team_members.all()
            ]
            kpis += [
                KPI(
                    pilot=pilot,
                    name=k.name,
                    unit=k.unit,
                    target=k.target,
                    outcome=k.outcome,
                    note=k.note,
                    position=k.position,
                )
                for k in original.kpis.all()
            ]
            transitions += [
                Transition(
                    pilot=pilot,
                    from_status=t.from_status,
                    to_status=t.to_status,
                    actor_id=t.actor_id,
                    at=t.at,
                    note=t.note,
                )
                for t in original.transitions.all()
            ]
            updates += [
                ProgressUpdate(**field_values(u, skip={"id", "pilot"}), pilot=pilot)
                for u in original.updates.all()
            ]
            participants += [
                Participant(
                    pilot=pilot,
                    user_id=p.user_id,
                    consented_at=p.consented_at,
                    data_statement_version=p.data_statement_version,
                    withdrawn_at=p.withdrawn_at,
                )
                for p in original.participants.all()
            ]
            criteria = {c.position: c for c in home.criteria.all()}
            for r in original.reviews.all():
                reviews.append(
                    Review(
                        pilot=pilot,
                        evaluator_id=r.evaluator_id,
                        conflict_of_interest=r.conflict_of_interest,
                        conflict_note=r.conflict_note,
                        comment=r.comment,
                        submitted_at=r.submitted_at,
                    )
                )
                review_sources.append((r, criteria))
        TeamMember.objects.bulk_create(team)
        KPI.objects.bulk_create(kpis)
        Transition.objects.bulk_create(transitions)
        ProgressUpdate.objects.bulk_create(updates)
        Participant.objects.bulk_create(participants)
        Review.objects.bulk_create(reviews)
        Score.objects.bulk_create(
            Score(review=review, criterion=criteria[s.criterion.position], score=s.score, comment=s.comment)
            for review, (original, criteria) in zip(reviews, review_sources, strict=True)
            for s in original.scores.all()
            if s.criterion.position in criteria
        )

    @staticmethod
    def fanout_challenge() -> Challenge:
        return Challenge.objects.published().order_by("pk").first()

    def _fanout_audience(self) -> None:
        """Everybody follows one challenge; one in twenty wants its decisions by email at once."""
        challenge = self.fanout_challenge()
        created = self.now - timedelta(days=30)
        copy_rows(
            Follow,
            ["user", "content_type", "object_id", "created_at"],
            ((pk, self.challenge_type.pk, challenge.pk, created) for pk in self.user_ids()),
        )
        Challenge.objects.filter(pk=challenge.pk).update(
            follower_count=Follow.objects.filter(
                content_type=self.challenge_type, object_id=challenge.pk
            ).count()
        )
        copy_rows(
            Preference,
            ["user", "kind", "frequency"],
            ((pk, "challenge.decision", "immediate") for pk in self.user_ids() if pk % 20 == 0),
        )
