"""Restore a backup written by `manage.py backup` into the configured (empty or old) database."""

import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from portal.management.database_url import pg_environment


class Command(BaseCommand):
    help = "Restore the database from a backup file. Replaces what the database holds."

    def add_arguments(self, parser):
        parser.add_argument("file", help="backup file written by `manage.py backup`")

    def handle(self, *args, **options):
        backup = Path(options["file"])
        if not backup.is_file():
            raise CommandError(f"No such backup file: {backup}")
        database = settings.DATABASES["default"]
        if connection.vendor == "postgresql":
            connection.close()
            result = subprocess.run(
                ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                 "--dbname", database["NAME"], str(backup)],
                env=pg_environment(database),
                capture_output=True,
                text=True,
            )  # fmt: skip
            if result.returncode != 0:
                raise CommandError(f"pg_restore failed: {result.stderr.strip()}")
        elif connection.vendor == "sqlite":
            connection.close()
            shutil.copyfile(backup, database["NAME"])
        else:
            raise CommandError(f"No restore method for {connection.vendor}.")
        self.stdout.write(self.style.SUCCESS(f"Restored {backup}"))
