from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="District",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.PositiveSmallIntegerField(unique=True, verbose_name="code")),
                ("slug", models.SlugField(unique=True, verbose_name="slug")),
                ("name_fi", models.CharField(max_length=80, verbose_name="name in Finnish")),
                ("name_sv", models.CharField(max_length=80, verbose_name="name in Swedish")),
                ("name_en", models.CharField(max_length=80, verbose_name="name in English")),
                ("population", models.PositiveIntegerField(verbose_name="population")),
                ("population_date", models.DateField(verbose_name="population counted on")),
            ],
            options={"ordering": ["code"], "verbose_name": "district", "verbose_name_plural": "districts"},
        ),
    ]
