"""Both staff groups may upload sheets and see the import runs; which sheet each may confirm
follows from its own permissions (imports.models.SHEET_PERMISSIONS): IRM researchers the
participation and score sheets; the commitment sheet needs both groups' rights."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Editors", "IRM researchers"]
CODENAMES = ["add_importrun", "view_importrun"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("imports")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="imports", codename__in=CODENAMES
    )
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="imports", codename__in=CODENAMES
    )
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0005_report_title_help"),
        ("irm", "0003_staff_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
