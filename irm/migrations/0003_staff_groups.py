"""Create the two staff groups: editors (members, plans, commitments, resources) and IRM
researchers (IRM records). Both may view everything they need to pick related records."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
IRM_RESEARCHERS = "IRM researchers"

EDITOR_MODELS = {
    "members": ["member", "contact", "resource", "resourcetype", "post"],
    "commitments": ["actionplan", "commitment", "milestone", "policyarea", "policyareaalias"],
}
IRM_MODELS = {
    "irm": [
        "irmreport",
        "commitmentassessment",
        "participationassessment",
        "globalreportdimension",
        "thirdpartyscore",
    ],
}
VIEW_ONLY = {
    "members": ["member", "region", "contact", "resource", "resourcetype", "post"],
    "commitments": ["actionplan", "commitment", "milestone", "policyarea", "policyareaalias"],
    "irm": [
        "irmreport",
        "commitmentassessment",
        "participationassessment",
        "globalreportdimension",
        "thirdpartyscore",
    ],
}


def permissions(Permission, models_by_app, actions):
    codenames = [
        f"{action}_{model}"
        for models in models_by_app.values()
        for model in models
        for action in actions
    ]
    return Permission.objects.filter(
        content_type__app_label__in=list(models_by_app), codename__in=codenames
    )


def create_groups(apps, schema_editor):
    # Permissions are normally created after migrate; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    all_actions = ["add", "change", "delete", "view"]

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.set(
        list(permissions(Permission, EDITOR_MODELS, all_actions))
        + list(permissions(Permission, VIEW_ONLY, ["view"]))
    )
    researchers, _ = Group.objects.get_or_create(name=IRM_RESEARCHERS)
    researchers.permissions.set(
        list(permissions(Permission, IRM_MODELS, all_actions))
        + list(permissions(Permission, VIEW_ONLY, ["view"]))
    )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITORS, IRM_RESEARCHERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("irm", "0002_dimensions"),
        ("members", "0002_reference_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_groups, remove_groups)]
