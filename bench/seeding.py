"""Seeding a city of a given size for the benchmark, fast.

The demo (loaded through the services first) gives challenges in every phase and pilots at every
stage with reviews; this module multiplies that graph with `bulk_create` and writes the bulk of
the city (people, ideas, votes, comments, follows) with PostgreSQL's COPY, ids chosen here so
rows can point at each other without a round trip. Counters and search vectors are then set by a
few set-based UPDATEs, the same values the services would have kept.

Ideas come in stages (`ideas_up_to`), each with its share of votes, comments and follows, so the
benchmark can measure the same pages at 1,000, 10,000 and 100,000 ideas in one database.
"""

import math
import random
from dataclasses import dataclass, fields
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from accounts.models import Membership, Organization, User
from challenges.models import Challenge, Criterion, EvaluatorAppointment
from engagement.models import Comment, Follow, Vote
from ideas.models import SEARCH_CONFIGS, Idea
from notifications.models import Preference
from pilots.models import KPI, Participant, Pilot, ProgressUpdate, Review, Score, TeamMember, Transition
from portal.markdown import render_markdown
from portal.models import District, Goal

BENCH_PASSWORD = "garden-bench"  # noqa: S105 - the benchmark's made-up people, never a real account
FIRST_USER_ID = 1_000_000  # bench people start here, clear of the demo's users
FIRST_IDEA_ID = 1_000_000
FIRST_COMMENT_ID = 10_000_000
HOT_IDEA_COMMENTS = 300  # the idea page the benchmark measures has this many comments


@dataclass(frozen=True)
class CitySize:
    users: int = 100_000
    organizations: int = 300
    challenges: int = 60
    ideas: int = 100_000
    votes: int = 1_000_000
    comments: int = 300_000
    pilots: int = 2_000
    follows: int = 200_000

    @classmethod
    def scaled(cls, factor: float) -> "CitySize":
        base = cls()
        return cls(**{f.name: max(1, round(getattr(base, f.name) * factor)) for f in fields(cls)})


# --- COPY --------------------------------------------------------------------------------------


def copy_rows(model, columns: list[str], rows) -> int:
    """COPY `rows` (tuples in `columns` order) into `model`'s table; returns how many."""
    table = model._meta.db_table
    names = ", ".join(f'"{model._meta.get_field(c).column}"' for c in columns)
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3
        with raw.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def without_row_checks() -> None:
    """Skip the per-row foreign-key triggers for this transaction, as a restore of a dump does.

    The rows are generated consistent here; checking a million foreign keys at COMMIT would take
    longer than writing them. Needs a superuser (as on the benchmark's local PostgreSQL); without
    one the checks simply run.
    """
    with connection.cursor() as cursor:
        try:
            with transaction.atomic():
                cursor.execute("SET LOCAL session_replication_role = replica")
        except DatabaseError as error:
            print(f"  (foreign keys checked row by row: {error})")


def field_values(row, *, skip: set[str]) -> dict:
    """A row's stored values by attribute name, for a copy of it."""
    return {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields if f.name not in skip}


def reset_sequence(model) -> None:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        # The table name comes from the model, not from input.
        sql = f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), (SELECT max(id) FROM \"{table}\"))"  # noqa: S608
        cursor.execute(sql)


# --- Texts ---------------------------------------------------------------------------------------

WORDS = {
    "fi": {
        "what": [
            "Lisää penkkejä",
            "Valaistus",
            "Pyöräparkki",
            "Kirjastobussi",
            "Leikkipuisto",
            "Kierrätyspiste",
            "Hiljainen tila",
            "Uimaranta",
            "Talviuinti",
            "Koirapuisto",
        ],
        "where": [
            "Tapiolaan",
            "Matinkylään",
            "Leppävaaraan",
            "Espoon keskukseen",
            "Otaniemeen",
            "Kalajärvelle",
            "Soukkaan",
            "Olariin",
            "Suurpeltoon",
            "Niittykumpuun",
        ],
        "body": "Ehdotan, että {what} tuodaan {where}. Asukkaat käyttäisivät sitä päivittäin, ja se "
        "tekisi alueesta viihtyisämmän kaikenikäisille. Kokeilu voisi alkaa keväällä.",
    },
    "sv": {
        "what": [
            "Fler bänkar",
            "Belysning",
            "Cykelparkering",
            "Bokbuss",
            "Lekpark",
            "Återvinningsstation",
            "Tyst rum",
            "Badstrand",
            "Vinterbad",
            "Hundpark",
        ],
        "where": [
            "till Hagalund",
            "till Mattby",
            "till Alberga",
            "till Esbo centrum",
            "till Otnäs",
            "till Kalax",
            "till Sökö",
            "till Olars",
            "till Storåkern",
            "till Ängskulla",
        ],
        "body": "Jag föreslår att {what} kommer {where}. Invånarna skulle använda den varje dag och "
        "området skulle bli trivsammare för alla åldrar. Försöket kunde börja i vår.",
    },
    "en": {
        "what": [
            "More benches",
            "Street lighting",
            "Bike parking",
            "A library bus",
            "A playground",
            "A recycling point",
            "A quiet room",
            "A beach",
            "Winter swimming",
            "A dog park",
        ],
        "where": [
            "for Tapiola",
            "for Matinkylä",
            "for Leppävaara",
            "for Espoo Centre",
            "for Otaniemi",
            "for Kalajärvi",
            "for Soukka",
            "for Olari",
            "for Suurpelto",
            "for Niittykumpu",
        ],
        "body": "I propose {what} {where}. Residents would use it every day and it would make the "
        "area a nicer place for people of every age. A pilot could start in the spring.",
    },
}

COMMENTS = [
    "Hyvä idea, kannatan!",
    "Tämä olisi tarpeen jo nyt.",
    "Bra idé, det här behövs.",
    "I would use this every week.",
    "Entä talvella? Pitäisi miettiä kunnossapito.",
    "Could this be tried first for a month?",
]
COMMENT_HTML = {text: render_markdown(text) for text in COMMENTS}


def idea_text(number: int, language: str) -> tuple[str, str]:
    words = WORDS[language]
    what = words["what"][number % len(words["what"])]
    where = words["where"][(number // len(words["what"])) % len(words["where"])]
    title = f"{what} {where} #{number}"
    return title, words["body"].format(what=what.lower(), where=where)


# --- Distributions -------------------------------------------------------------------------------


def heavy_tailed_counts(count: int, total: int, rng: random.Random, cap: int) -> list[int]:
    """`count` integers of at most `cap` summing to `total` (or `count * cap` if less): most small,
    a few in the thousands. A Pareto draw per item, scaled to the total; realistic for votes and
    comments on ideas. What the cap and the rounding cut off is handed out again one by one.
    """
    if count <= 0:
        return []
    total = min(total, count * cap)
    draws = [rng.paretovariate(1.15) for _ in range(count)]
    scale = total / sum(draws)
    counts = [min(cap, int(d * scale)) for d in draws]
    open_items = [i for i, c in enumerate(counts) if c < cap]
    for _ in range(total - sum(counts)):
        while True:
            i = rng.choice(open_items)
            if counts[i] < cap:
                break
        counts[i] += 1
    return counts


# --- The city ------------------------------------------------------------------------------------


class CitySeeder:
    def __init__(self, size: CitySize, seed: int = 2026):
        self.size = size
        self.rng = random.Random(seed)
        self.now = timezone.now()
        self.idea_type = ContentType.objects.get_for_model(Idea)
        self.challenge_type = ContentType.objects.get_for_model(Challenge)

    # People, organizations, challenges and pilots: the city before its ideas.

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

    # Ideas, with their votes, comments and follows, in stages.

    def ideas_seeded(self) -> int:
        return Idea.objects.filter(pk__gte=FIRST_IDEA_ID).count()

    def seed_ideas(self, up_to: int, log=print) -> None:
        """Add ideas until the city has `up_to` of its own, with their share of everything else."""
        start = self.ideas_seeded()
        if up_to <= start:
            return
        share = (up_to - start) / self.size.ideas
        ids = range(FIRST_IDEA_ID + start, FIRST_IDEA_ID + up_to)
        rng = random.Random(f"{self.rng.random()}-{up_to}")
        with transaction.atomic():
            without_row_checks()
            self._ideas(ids, rng)
            votes = self._votes(ids, round(self.size.votes * share), rng, first_stage=start == 0)
            comments = self._comments(ids, round(self.size.comments * share), rng, first_stage=start == 0)
            follows = self._idea_follows(ids, round((self.size.follows - self.size.users) * share), rng)
            self._counters(ids)
        log(f"  ideas {start:,} → {up_to:,}: {votes:,} votes, {comments:,} comments, {follows:,} follows")

    def _ideas(self, ids: range, rng: random.Random) -> None:
        districts = list(District.objects.values_list("pk", flat=True)) + [None] * 3
        challenges = list(Challenge.objects.published().values_list("pk", flat=True))
        statuses = (
            ["published"] * 80
            + ["under_consideration"] * 10
            + ["accepted"] * 4
            + ["implemented"] * 3
            + ["not_pursued"] * 3
        )
        languages = ["fi"] * 6 + ["sv"] * 2 + ["en"] * 2
        authors = self.user_ids()
        html_cache = {}

        def rows():
            for pk in ids:
                language = languages[pk % 10]
                title, body = idea_text(pk, language)
                key = (language, pk % 100)
                if key not in html_cache:
                    html_cache[key] = render_markdown(body)
                created = self.now - timedelta(minutes=rng.randrange(1, 365 * 24 * 60))
                challenge = rng.choice(challenges) if challenges and rng.random() < 0.3 else None
                yield (
                    pk,
                    title,
                    body,
                    html_cache[key],
                    language,
                    rng.choice(districts),
                    challenge,
                    rng.choice(authors),
                    rng.choice(statuses),
                    "",
                    "",
                    "",
                    0,
                    0,
                    0,
                    created,
                    created,
                )

        copy_rows(
            Idea,
            [
                "id",
                "title",
                "body",
                "body_html",
                "language",
                "district",
                "challenge",
                "author",
                "status",
                "official_answer",
                "official_answer_html",
                "hidden_reason",
                "vote_count",
                "comment_count",
                "follower_count",
                "created_at",
                "updated_at",
            ],
            rows(),
        )
        reset_sequence(Idea)
        goals = list(Goal.objects.values_list("pk", flat=True))
        copy_rows(
            Idea.goals.through,
            ["idea", "goal"],
            ((pk, goal) for pk in ids for goal in {goals[pk % len(goals)], goals[(pk // 7) % len(goals)]}),
        )
        with connection.cursor() as cursor:
            for language, config in SEARCH_CONFIGS.items():
                cursor.execute(
                    "UPDATE ideas_idea SET search_vector ="
                    " setweight(to_tsvector(%s::regconfig, coalesce(title, '')), 'A')"
                    " || setweight(to_tsvector(%s::regconfig, coalesce(body, '')), 'B')"
                    " WHERE id BETWEEN %s AND %s AND language = %s",
                    [config, config, ids.start, ids.stop - 1, language],
                )

    def _votes(self, ids: range, total: int, rng: random.Random, first_stage: bool) -> int:
        counts = heavy_tailed_counts(len(ids), total, rng, cap=self.size.users)
        if first_stage and counts:
            counts[0] = max(counts[0], min(self.size.users, max(3, self.size.votes // 200)))  # the favourite
        users = self.user_ids()
        ct = self.idea_type.pk

        def rows():
            for pk, count in zip(ids, counts, strict=True):
                for user in rng.sample(users, count):
                    when = self.now - timedelta(minutes=rng.randrange(1, 365 * 24 * 60))
                    yield (user, ct, pk, when)

        return copy_rows(Vote, ["user", "content_type", "object_id", "created_at"], rows())

    def _comments(self, ids: range, total: int, rng: random.Random, first_stage: bool) -> int:
        # 300 in the default city; fewer in a small one, whose pages are only checked to work.
        hot = min(HOT_IDEA_COMMENTS, max(10, self.size.comments // 1000))
        counts = heavy_tailed_counts(len(ids), total, rng, cap=hot)
        if first_stage and len(counts) > 1:
            counts[1] = hot  # the idea page the benchmark measures
        with connection.cursor() as cursor:
            cursor.execute("SELECT coalesce(max(id), %s) FROM engagement_comment", [FIRST_COMMENT_ID - 1])
            next_id = max(cursor.fetchone()[0] + 1, FIRST_COMMENT_ID)
        users = self.user_ids()
        ct = self.idea_type.pk

        def rows():
            nonlocal next_id
            for pk, count in zip(ids, counts, strict=True):
                first_in_thread = None
                when = self.now - timedelta(days=rng.randrange(1, 300))
                for n in range(count):
                    when += timedelta(minutes=rng.randrange(1, 600))
                    text = COMMENTS[(pk + n) % len(COMMENTS)]
                    reply = first_in_thread is not None and n % 4 == 3
                    yield (
                        next_id,
                        ct,
                        pk,
                        first_in_thread if reply else None,
                        1 if reply else 0,
                        rng.choice(users),
                        text,
                        COMMENT_HTML[text],
                        0,
                        when,
                        "",
                    )
                    if n % 4 == 0:
                        first_in_thread = next_id
                    next_id += 1

        written = copy_rows(
            Comment,
            [
                "id",
                "content_type",
                "object_id",
                "parent",
                "depth",
                "author",
                "body",
                "body_html",
                "like_count",
                "created_at",
                "hidden_reason",
            ],
            rows(),
        )
        reset_sequence(Comment)
        return written

    def _idea_follows(self, ids: range, total: int, rng: random.Random) -> int:
        counts = heavy_tailed_counts(len(ids), max(0, total), rng, cap=self.size.users)
        users = self.user_ids()
        ct = self.idea_type.pk
        when = self.now - timedelta(days=10)
        rows = (
            (user, ct, pk, when)
            for pk, count in zip(ids, counts, strict=True)
            for user in rng.sample(users, count)
        )
        return copy_rows(Follow, ["user", "content_type", "object_id", "created_at"], rows)

    def _counters(self, ids: range) -> None:
        """The counters the services keep, set once from the rows (as `engagement` would have)."""
        with connection.cursor() as cursor:
            for model, column in (
                (Vote, "vote_count"),
                (Comment, "comment_count"),
                (Follow, "follower_count"),
            ):
                cursor.execute(
                    f"UPDATE ideas_idea i SET {column} = c.n FROM ("  # noqa: S608 - names from this module
                    f" SELECT object_id, count(*) AS n FROM {model._meta.db_table}"
                    "  WHERE content_type_id = %s AND object_id BETWEEN %s AND %s GROUP BY object_id"
                    ") c WHERE i.id = c.object_id",
                    [self.idea_type.pk, ids.start, ids.stop - 1],
                )
            cursor.execute(
                "UPDATE ideas_idea SET engaged_at = created_at"
                " WHERE id BETWEEN %s AND %s AND (vote_count > 0 OR comment_count > 0)",
                [ids.start, ids.stop - 1],
            )
            cursor.execute("ANALYZE")


def growth_steps(ideas: int) -> list[int]:
    """The sizes the growth measurement visits: 1%, 10% and all of the city's ideas."""
    return sorted({max(1, math.ceil(ideas / 100)), max(1, math.ceil(ideas / 10)), ideas})
