"""Quest operations: fair scheduling of programme pages, applications, operator groups."""

import datetime

from django.contrib.auth.models import Group, Permission
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from wagtail.models import GroupPagePermission, Revision

from manabi.groups import OPERATOR_GROUP
from manabi.mail import send_templated_mail

from .models import Application, ApplicationChoice, ProgrammePage


def reschedule_round(recruitment_round, previous_moment=None):
    """Move every waiting programme page of a round to the round's announcement moment.

    A page waiting for publication holds its go-live moment twice: on the
    scheduled revision (``approved_go_live_at``, what ``publish_scheduled``
    reads) and inside that revision's content (``go_live_at``, which
    publication re-applies). Both move, whichever direction the moment moved,
    so the whole round still goes live in one scheduler run. A page scheduled
    for its own moment after both the old and the new announcement keeps it.
    Returns the number of pages moved.
    """
    moment = recruitment_round.announcement_at
    pages = ProgrammePage.objects.filter(recruitment_round=recruitment_round)
    page_ids = [str(pk) for pk in pages.values_list("pk", flat=True)]
    if not page_ids:
        return 0

    def follows_the_round(go_live_at):
        return go_live_at < moment or previous_moment is None or go_live_at <= previous_moment

    moved = 0
    scheduled = Revision.page_revisions.filter(
        object_id__in=page_ids, approved_go_live_at__isnull=False
    )
    for revision in scheduled:
        if not follows_the_round(revision.approved_go_live_at):
            continue
        revision.approved_go_live_at = moment
        # Written as Wagtail writes revision content: the database's UTC value through
        # DjangoJSONEncoder ("Z"), whatever zone the round's form gave the moment in.
        revision.content["go_live_at"] = DjangoJSONEncoder().default(
            moment.astimezone(datetime.UTC)
        )
        revision.save(update_fields=["approved_go_live_at", "content"])
        moved += 1
    for page in pages.filter(live=False, go_live_at__isnull=False):
        if follows_the_round(page.go_live_at):
            ProgrammePage.objects.filter(pk=page.pk).update(go_live_at=moment)
    return moved


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


@transaction.atomic
def submit_company_intake(intake):
    """Store a company's intake with the moment of consent, then confirm it by e-mail."""
    intake.consented_at = timezone.now()
    intake.save()
    transaction.on_commit(
        lambda: send_templated_mail(
            "quest/emails/company_intake_received.txt", {"intake": intake}, [intake.email]
        )
    )
    return intake


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
