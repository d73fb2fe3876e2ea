"""Full-text and trigram search indexes for ideas, on PostgreSQL only.

The embedded default runs on SQLite, where search falls back to a substring match: there these
operations do nothing.
"""

from django.db import migrations

POSTGRESQL_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS idea_search_vector ON ideas_idea USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS idea_title_trigram ON ideas_idea USING gin (title gin_trgm_ops)",
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS idea_title_trigram",
    "DROP INDEX IF EXISTS idea_search_vector",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("ideas", "0001_initial")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
