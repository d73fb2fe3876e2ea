"""Write a backup of the database: `pg_dump` (custom format) on PostgreSQL, a copy on SQLite."""

import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from portal.management.database_url import pg_environment


class Command(BaseCommand):
    help = "Back up the database to a file (default: var/backups/garden-<time>.dump)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="file to write")

    def handle(self, *args, **options):
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        output = Path(options["output"] or settings.BASE_DIR / "var" / "backups" / f"garden-{stamp}.dump")
        output.parent.mkdir(parents=True, exist_ok=True)
        database = settings.DATABASES["default"]
        if connection.vendor == "postgresql":
            result = subprocess.run(
                ["pg_dump", "--format=custom", "--no-owner", "--file", str(output)],
                env=pg_environment(database),
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
        elif connection.vendor == "sqlite":
            source = sqlite3.connect(database["NAME"])
            with sqlite3.connect(output) as target:
                source.backup(target)
            source.close()
        else:
            raise CommandError(f"No backup method for {connection.vendor}.")
        self.stdout.write(str(output))
