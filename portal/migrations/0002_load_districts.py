"""Loads Espoo's seven major districts from portal/data/espoo-districts.csv (source in its README)."""

import csv
import datetime
from pathlib import Path

from django.db import migrations
from django.utils.text import slugify

DATA = Path(__file__).resolve().parent.parent / "data" / "espoo-districts.csv"


def load(apps, schema_editor):
    District = apps.get_model("portal", "District")
    with DATA.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            District.objects.update_or_create(
                code=int(row["code"]),
                defaults={
                    "slug": slugify(row["name_fi"]),
                    "name_fi": row["name_fi"],
                    "name_sv": row["name_sv"],
                    "name_en": row["name_en"],
                    "population": int(row["population"]),
                    "population_date": datetime.date.fromisoformat(row["date"]),
                },
            )


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
