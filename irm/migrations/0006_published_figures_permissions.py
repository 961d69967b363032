"""The staff groups and the published figures: IRM researchers keep them, editors view them
(as migration 0003 set for the other IRM records)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
IRM_RESEARCHERS = "IRM researchers"
ACTIONS = {IRM_RESEARCHERS: ["add", "change", "delete", "view"], EDITORS: ["view"]}


def _permissions(apps, actions):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label="irm",
        codename__in=[f"{action}_publishedfigures" for action in actions],
    )


def grant(apps, schema_editor):
    app_config = apps.get_app_config("irm")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=list(ACTIONS)):
        group.permissions.add(*_permissions(apps, ACTIONS[group.name]))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=list(ACTIONS)):
        group.permissions.remove(*_permissions(apps, ACTIONS[group.name]))


class Migration(migrations.Migration):
    dependencies = [
        ("irm", "0005_report_inception_availability_no_data_published_figures"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
