"""Editors edit identifier prefixes (on the member's page); IRM researchers may view them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ACTIONS = {"Editors": ["add", "change", "delete", "view"], "IRM researchers": ["view"]}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("commitments")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=list(ACTIONS)):
        codenames = [f"{action}_identifierprefix" for action in ACTIONS[group.name]]
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="commitments", codename__in=codenames
            )
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="commitments", codename__endswith="_identifierprefix"
    )
    for group in Group.objects.filter(name__in=list(ACTIONS)):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0009_identifier_prefix"),
        ("irm", "0003_staff_groups"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
