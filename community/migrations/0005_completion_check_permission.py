"""The secretariat reads the layer-2 completion checks; nobody edits them by hand."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def setup(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    secretariat, _ = Group.objects.get_or_create(name="事務局(審査)")
    secretariat.permissions.add(
        Permission.objects.get(content_type__app_label="community", codename="view_completioncheck")
    )


class Migration(migrations.Migration):
    dependencies = [("community", "0004_completion_check")]

    operations = [migrations.RunPython(setup, migrations.RunPython.noop)]
