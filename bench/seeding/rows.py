"""Writing the city's rows fast: the ids the benchmark's rows start at, PostgreSQL's COPY, the
sequences after it, and the heavy-tailed spread of votes and comments over ideas.
"""

import random

from django.db import DatabaseError, connection, transaction

BENCH_PASSWORD = "garden-bench"  # noqa: S105 - the benchmark's made-up people, never a real account
FIRST_USER_ID = 1_000_000  # bench people start here, clear of the demo's users
FIRST_IDEA_ID = 1_000_000
FIRST_COMMENT_ID = 10_000_000
HOT_IDEA_COMMENTS = 300  # the idea page the benchmark measures has this many comments


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
