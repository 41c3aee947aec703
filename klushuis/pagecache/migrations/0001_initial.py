from django.db import migrations, models


def first_row(apps, schema_editor):
    apps.get_model("pagecache", "ContentVersion").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.BigIntegerField(default=0)),
            ],
            options={"verbose_name": "content version"},
        ),
        migrations.RunPython(first_row, migrations.RunPython.noop),
    ]
