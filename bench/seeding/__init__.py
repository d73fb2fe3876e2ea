"""Seeding a city of a given size for the benchmark, fast.

The demo (loaded through the services first) gives challenges in every phase and pilots at every
stage with reviews; this module multiplies that graph with `bulk_create` and writes the bulk of
the city (people, ideas, votes, comments, follows) with PostgreSQL's COPY, ids chosen here so
rows can point at each other without a round trip. Counters and search vectors are then set by a
few set-based UPDATEs, the same values the services would have kept.

Ideas come in stages (`ideas_up_to`), each with its share of votes, comments and follows, so the
benchmark can measure the same pages at 1,000, 10,000 and 100,000 ideas in one database.

By kind of data: `rows` (ids, COPY, distributions), `texts`, `city_base` (people, organizations,
challenges, pilots), `ideas` (ideas, votes, comments, follows, counters); `city` puts the seeder
together.
"""

from bench.seeding.city import CitySeeder, CitySize, growth_steps
from bench.seeding.rows import (
    BENCH_PASSWORD,
    FIRST_COMMENT_ID,
    FIRST_IDEA_ID,
    FIRST_USER_ID,
    HOT_IDEA_COMMENTS,
    copy_rows,
    field_values,
    heavy_tailed_counts,
    reset_sequence,
    without_row_checks,
)

__all__ = [
    "BENCH_PASSWORD",
    "FIRST_COMMENT_ID",
    "FIRST_IDEA_ID",
    "FIRST_USER_ID",
    "HOT_IDEA_COMMENTS",
    "CitySeeder",
    "CitySize",
    "copy_rows",
    "field_values",
    "growth_steps",
    "heavy_tailed_counts",
    "reset_sequence",
    "without_row_checks",
]
