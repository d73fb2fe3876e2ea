"""The city's ideas, in stages, each with its share of votes, comments and follows, and the
counters and search vectors set after them.
"""

import random
from datetime import timedelta

from django.db import connection, transaction

from bench.seeding.rows import (
    FIRST_COMMENT_ID,
    FIRST_IDEA_ID,
    HOT_IDEA_COMMENTS,
    copy_rows,
    heavy_tailed_counts,
    reset_sequence,
    without_row_checks,
)
from bench.seeding.texts import COMMENT_HTML, COMMENTS, idea_text
from challenges.models import Challenge
from engagement.models import Comment, Follow, Vote
from ideas.models import SEARCH_CONFIGS, Idea
from portal.markdown import render_markdown
from portal.models import District, Goal


class IdeaSeeding:
    """`CitySeeder`'s stages of ideas (`seed_ideas`)."""

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
