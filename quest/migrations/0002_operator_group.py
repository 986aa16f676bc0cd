"""The プログラム運営者 group and the secretariat's rights on Quest data."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

OPERATOR_GROUP = "プログラム運営者"
SECRETARIAT = "事務局(審査)"
QUEST_MODELS = ["application", "companyintake", "operator", "recruitmentround"]


def setup(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perm(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    operators, _ = Group.objects.get_or_create(name=OPERATOR_GROUP)
    operators.permissions.add(
        perm("wagtailadmin", "access_admin"),
        perm("quest", "view_application"),
        perm("quest", "change_application"),
    )
    secretariat = Group.objects.get(name=SECRETARIAT)
    for model in QUEST_MODELS:
        for action in ("add", "change", "delete", "view"):
            secretariat.permissions.add(perm("quest", f"{action}_{model}"))
    # The export log is evidence: readable, never edited by hand.
    secretariat.permissions.add(perm("quest", "view_exportlog"))


class Migration(migrations.Migration):
    dependencies = [
        ("quest", "0001_initial"),
        ("catalogue", "0003_groups_and_workflows"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(setup, migrations.RunPython.noop)]
