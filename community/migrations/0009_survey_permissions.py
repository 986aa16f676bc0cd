"""Survey answers and invitations are the secretariat's (#13)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = [
    *(f"{a}_surveyinvitation" for a in ("add", "change", "view")),
    "view_surveyresponse",
    "delete_surveyresponse",
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("community")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="事務局(審査)")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="community", codename__in=CODENAMES)
    )


class Migration(migrations.Migration):
    dependencies = [("community", "0008_surveys")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
