"""Quest operations: fair scheduling of programme pages, applications, operator scoping."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from wagtail.models import GroupPagePermission, Revision

from manabi.groups import OPERATOR_GROUP
from manabi.mail import send_templated_mail

from .models import Application, ApplicationChoice, ProgrammePage


def reschedule_round(recruitment_round):
    """Move every scheduled programme page of a round to the round's announcement moment.

    Pages waiting for publication hold an approved go-live moment on their
    revision; changing the round's moment moves them all, so they still go
    live together.
    """
    pages = list(ProgrammePage.objects.filter(recruitment_round=recruitment_round))
    if not pages:
        return 0
    moment = recruitment_round.announcement_at
    page_ids = [str(page.pk) for page in pages]
    scheduled = Revision.page_revisions.filter(
        object_id__in=page_ids, approved_go_live_at__isnull=False
    )
    count = scheduled.update(approved_go_live_at=moment)
    ProgrammePage.objects.filter(
        pk__in=[p.pk for p in pages], live=False, go_live_at__isnull=False
    ).update(go_live_at=moment)
    return count


def is_operator_user(user):
    return user.is_authenticated and not user.is_superuser and user.quest_operators.exists()


def applications_for(user, queryset):
    """Operators see only applications naming one of their programmes."""
    if is_operator_user(user):
        return queryset.filter(choices__programme__operator__users=user).distinct()
    return queryset


@transaction.atomic
def submit_application(recruitment_round, data, ranked_programmes):
    """Store an application and its ranked choices, then send the confirmation e-mail."""
    application = Application.objects.create(
        recruitment_round=recruitment_round, consented_at=timezone.now(), **data
    )
    ApplicationChoice.objects.bulk_create(
        ApplicationChoice(application=application, programme=programme, rank=rank)
        for rank, programme in enumerate(ranked_programmes, start=1)
    )
    transaction.on_commit(lambda: send_confirmation(application))
    return application


def send_confirmation(application):
    send_templated_mail(
        "quest/emails/application_received.txt", {"application": application}, [application.email]
    )


def sync_operator_permissions(operator):
    """Give an operator's users edit rights on exactly its own programme pages.

    One group per operator holds page permissions (add, change) on each of its
    programme pages; without publish rights, edits go to moderation.
    """
    group, _created = Group.objects.get_or_create(name=f"運営者: {operator.name}"[:150])
    base = Group.objects.get(name=OPERATOR_GROUP)
    wanted = set(operator.programmes.values_list("pk", flat=True))
    GroupPagePermission.objects.filter(group=group).exclude(page_id__in=wanted).delete()
    for codename in ("add_page", "change_page"):
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        for page_id in wanted:
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=page_id, permission=permission
            )
    for user in operator.users.all():
        user.groups.add(group, base)
    return group
