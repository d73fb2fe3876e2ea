"""Districts' names become a django-modeltranslation field: `name` is the base column (the Finnish
name, the portal's default language) and name_fi, name_sv and name_en stay as they were."""

from django.db import migrations, models


def copy_finnish_name(apps, schema_editor):
    District = apps.get_model("portal", "District")
    District.objects.update(name=models.F("name_fi"))


class Migration(migrations.Migration):
    dependencies = [("portal", "0005_audit_log")]

    operations = [
        migrations.AddField(
            model_name="district",
            name="name",
            field=models.CharField(default="", max_length=80, verbose_name="name"),
            preserve_default=False,
        ),
        migrations.RunPython(copy_finnish_name, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="district",
            name="name_fi",
            field=models.CharField(max_length=80, null=True, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="district",
            name="name_sv",
            field=models.CharField(max_length=80, null=True, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="district",
            name="name_en",
            field=models.CharField(max_length=80, null=True, verbose_name="name"),
        ),
    ]
