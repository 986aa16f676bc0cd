"""Reporting periods are the secretariat's; partners see their own report requests."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = {
    "事務局(審査)": [
        *(
            f"{action}_{model}"
            for model in ("reportingperiod", "reportrequest")
            for action in ("add", "change", "delete", "view")
        ),
    ],
    "講座提供事業者": ["view_reportrequest"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("catalogue")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="catalogue", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0005_reporting_periods")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
