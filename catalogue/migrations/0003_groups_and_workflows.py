"""Groups (事務局(審査), 編集者, 講座提供事業者), their permissions, and the review workflows."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SECRETARIAT = "事務局(審査)"
EDITOR = "編集者"
PARTNER = "講座提供事業者"

CATALOGUE_MODELS = [
    "partner", "course", "performancereport", "changenotice", "listingaction", "skillstandard",
    "rolecategory", "role", "skillcategory", "reskillfield", "exam", "subsidy", "listingcriterion",
]

PERMISSIONS = {
    SECRETARIAT: [
        *(f"catalogue.{action}_{model}" for model in CATALOGUE_MODELS for action in ("add", "change", "delete", "view")),
        "catalogue.publish_course",
        "catalogue.publish_partner",
        "catalogue.lock_course",
        "catalogue.unlock_course",
        "wagtailadmin.access_admin",
    ],
    EDITOR: [
        "wagtailadmin.access_admin",
        "catalogue.view_course",
        "catalogue.view_partner",
    ],
    PARTNER: [
        "wagtailadmin.access_admin",
        "catalogue.add_partner",
        "catalogue.change_partner",
        "catalogue.view_partner",
        "catalogue.add_course",
        "catalogue.change_course",
        "catalogue.view_course",
        "catalogue.add_performancereport",
        "catalogue.change_performancereport",
        "catalogue.view_performancereport",
        "catalogue.add_changenotice",
        "catalogue.view_changenotice",
        "catalogue.view_listingaction",
    ],
}


def setup(apps, schema_editor):
    # Permissions are normally created after migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")

    groups = {}
    for name, codes in PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        groups[name] = group

    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    CriteriaChecklistTask = apps.get_model("catalogue", "CriteriaChecklistTask")

    def task(model, name):
        content_type = ContentType.objects.get_for_model(model)
        obj, created = model.objects.get_or_create(
            name=name, defaults={"content_type": content_type, "active": True}
        )
        obj.groups.add(groups[SECRETARIAT])
        return obj

    course_workflow, _ = Workflow.objects.get_or_create(name="講座審査", defaults={"active": True})
    if not WorkflowTask.objects.filter(workflow=course_workflow).exists():
        WorkflowTask.objects.create(
            workflow=course_workflow, task=task(CriteriaChecklistTask, "掲載基準の確認"), sort_order=0
        )
        WorkflowTask.objects.create(
            workflow=course_workflow, task=task(GroupApprovalTask, "事務局承認"), sort_order=1
        )
    partner_workflow, _ = Workflow.objects.get_or_create(
        name="講座提供事業者登録審査", defaults={"active": True}
    )
    if not WorkflowTask.objects.filter(workflow=partner_workflow).exists():
        WorkflowTask.objects.create(
            workflow=partner_workflow, task=task(GroupApprovalTask, "事業者登録の承認"), sort_order=0
        )
    for model_name, workflow in (("course", course_workflow), ("partner", partner_workflow)):
        content_type = ContentType.objects.get(app_label="catalogue", model=model_name)
        WorkflowContentType.objects.update_or_create(
            content_type=content_type, defaults={"workflow": workflow}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0002_initial_taxonomies"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(setup, migrations.RunPython.noop)]
