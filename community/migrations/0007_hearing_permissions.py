"""Hearings are the secretariat's only (#13)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("community")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="事務局(審査)")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="community",
            codename__in=[f"{a}_hearing" for a in ("add", "change", "delete", "view")],
        )
    )


class Migration(migrations.Migration):
    dependencies = [("community", "0006_hearings")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
