"""The libpq environment (PGHOST, PGUSER…) for Django's database settings, for pg_dump and friends."""

import os


def pg_environment(database: dict) -> dict[str, str]:
    env = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"),
                          ("PASSWORD", "PGPASSWORD"), ("NAME", "PGDATABASE")):  # fmt: skip
        if database.get(key):
            env[variable] = str(database[key])
    return env
