"""Only the secretariat may see or change community data: members' personal data stays with it.

Programme operators get nothing here (see community/README in the report): the
completers' community is run by the secretariat, and a completer's data is not
needed to run a programme.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SECRETARIAT = "事務局(審査)"
FULL = ["cohort", "member", "completion", "enrolment", "issuer", "badgeclass"]


def setup(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perm(codename):
        return Permission.objects.get(content_type__app_label="community", codename=codename)

    secretariat, _ = Group.objects.get_or_create(name=SECRETARIAT)
    for model in FULL:
        for action in ("add", "change", "delete", "view"):
            secretariat.permissions.add(perm(f"{action}_{model}"))
    # Awards are revoked with a reason, never deleted; the history is read-only.
    for codename in ("add_assertion", "change_assertion", "view_assertion", "view_enrolmentevent"):
        secretariat.permissions.add(perm(codename))


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0001_initial"),
        ("catalogue", "0003_groups_and_workflows"),
    ]

    operations = [migrations.RunPython(setup, migrations.RunPython.noop)]
