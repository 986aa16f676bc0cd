"""The secretariat reads the audit log (view only; the model has no other permission)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SECRETARIAT = "事務局(審査)"


def grant(apps, schema_editor):
    app_config = apps.get_app_config("security")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    secretariat = Group.objects.filter(name=SECRETARIAT).first()
    if secretariat is not None:
        secretariat.permissions.add(
            Permission.objects.get(content_type__app_label="security", codename="view_auditevent")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("security", "0001_initial"),
        ("catalogue", "0003_groups_and_workflows"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
