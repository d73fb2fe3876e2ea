from django.db import migrations

GOALS = ["health", "sustainability", "participation", "vitality"]


def load(apps, schema_editor):
    Goal = apps.get_model("portal", "Goal")
    for slug in GOALS:
        Goal.objects.get_or_create(slug=slug)


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_goal")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
