"""Create the one data version row, so a write only ever updates it."""

from django.db import migrations
from django.utils import timezone


def create_row(apps, schema_editor):
    DataVersion = apps.get_model("ogp", "DataVersion")
    DataVersion.objects.get_or_create(
        pk=1, defaults={"token": "initial", "changed_at": timezone.now()}
    )


class Migration(migrations.Migration):
    dependencies = [("ogp", "0001_initial")]
    operations = [migrations.RunPython(create_row, migrations.RunPython.noop)]
