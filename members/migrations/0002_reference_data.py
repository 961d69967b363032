"""Seed OGP's four regions and the resource types staff start from."""

from django.db import migrations
from django.utils.text import slugify

REGIONS = [
    "Africa and the Middle East",
    "Americas",
    "Asia and the Pacific",
    "Europe",
]

RESOURCE_TYPES = [
    "Action Plan",
    "IRM Report",
    "Report Comments",
    "Self Assessment",
    "Letter",
    "Endorsement Letter",
    "Statement",
    "Other",
]


def seed(apps, schema_editor):
    Region = apps.get_model("members", "Region")
    ResourceType = apps.get_model("members", "ResourceType")
    for position, name in enumerate(REGIONS, start=1):
        Region.objects.update_or_create(
            slug=slugify(name), defaults={"name": name, "position": position}
        )
    for name in RESOURCE_TYPES:
        ResourceType.objects.get_or_create(slug=slugify(name), defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
