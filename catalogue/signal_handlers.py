"""Reactions to Wagtail's publication and workflow signals for courses and partners."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.models import ModelLogEntry
from wagtail.signals import (
    published,
    task_rejected,
    unpublished,
    workflow_approved,
    workflow_submitted,
)
from wagtail.users.models import UserProfile

from .models import ChangeNotice, Course, DeletedCourse, Partner, PartnerMember
from .notifications import notify_partner, notify_secretariat
from .renewal import extend_on_publication, reopen_on_approval
from .services import start_listing_period


@receiver(published, sender=Course)
def start_listing_on_first_publication(sender, instance, revision, **kwargs):
    start_listing_period(instance)
    extend_on_publication(instance)


@receiver(workflow_approved)
def reopen_an_approved_renewal(sender, instance, user, **kwargs):
    obj = instance.content_object
    if isinstance(obj, Course):
        reopen_on_approval(obj)


@receiver(workflow_approved)
def tell_partner_the_registration_is_approved(sender, instance, user, **kwargs):
    obj = instance.content_object
    if isinstance(obj, Partner):
        notify_partner(obj, "partner_approved", {"object": obj})


@receiver(published, sender=Course)
def tell_partner_the_course_is_listed(sender, instance, revision, **kwargs):
    """The partner hears when approved content goes live, once per revision.

    Resuming a suspended listing republishes a revision that was live before;
    that resumption has its own e-mail, so it is not announced twice.
    """
    already_live_before = (
        ModelLogEntry.objects.for_instance(instance)
        .filter(action="wagtail.publish", revision=revision)
        .exists()
    )
    if not already_live_before:
        notify_partner(instance.partner, "course_published", {"course": instance})


@receiver(unpublished, sender=Course)
def mark_unpublished_course_changed(sender, instance, **kwargs):
    """Unpublishing saves only the publication fields; the API's sync needs the moment it left."""
    Course.objects.filter(pk=instance.pk).update(updated_at=timezone.now())


@receiver(post_delete, sender=Course)
def record_deleted_course(sender, instance, **kwargs):
    """A published course deleted outright leaves a tombstone, or mirrors would keep it.

    Django sends ``post_delete`` for every course row it deletes, inside the deleting
    transaction: the admin's delete view (``instance.delete()``), the bulk delete action
    (a queryset delete) and any cascade alike. A partner that still has courses cannot
    be deleted (``Course.partner`` is ``PROTECT``).
    """
    if instance.first_published_at is not None:
        # One INSERT … ON CONFLICT a course: bulk deletes of many courses stay cheap.
        DeletedCourse.objects.bulk_create(
            [DeletedCourse(course_id=instance.pk, deleted_at=timezone.now())],
            update_conflicts=True,
            unique_fields=["course_id"],
            update_fields=["deleted_at"],
        )


@receiver(unpublished, sender=Partner)
def mark_courses_of_unpublished_partner_changed(sender, instance, **kwargs):
    """A partner's courses leave the listing with it (``Course.objects.listed``)."""
    Course.objects.filter(partner=instance).update(updated_at=timezone.now())


def _partner_of(obj):
    if isinstance(obj, Course):
        return obj.partner
    if isinstance(obj, Partner):
        return obj
    return None


@receiver(workflow_submitted)
def acknowledge_submission(sender, instance, user, **kwargs):
    obj = instance.content_object
    partner = _partner_of(obj)
    if partner is not None:
        notify_partner(partner, "review_received", {"object": obj})


@receiver(task_rejected)
def send_change_request(sender, instance, user, **kwargs):
    """A reviewer asked for changes: the partner gets the reviewer's comment."""
    workflow_state = instance.workflow_state
    # Only a request for changes leaves the workflow waiting for changes; a
    # decline rejects the task without that (CriteriaChecklistTask.decline)
    # and sends its own e-mail.
    if workflow_state.status != workflow_state.STATUS_NEEDS_CHANGES:
        return
    obj = workflow_state.content_object
    partner = _partner_of(obj)
    if partner is not None:
        notify_partner(
            partner, "review_changes_requested", {"object": obj, "comment": instance.get_comment()}
        )


@receiver(post_save, sender=PartnerMember)
def replace_wagtail_review_notices(sender, instance, created, **kwargs):
    """Partners get this module's Japanese review e-mails, not Wagtail's generic ones too."""
    if created:
        profile = UserProfile.get_for_user(instance.user)
        profile.approved_notifications = False
        profile.rejected_notifications = False
        profile.save(update_fields=["approved_notifications", "rejected_notifications"])


@receiver(post_save, sender=ChangeNotice)
def tell_secretariat_of_a_new_notice(sender, instance, created, **kwargs):
    if created:
        notify_secretariat("change_notice_received", {"notice": instance})


@receiver(workflow_submitted)
def link_change_notices_to_the_re_review(sender, instance, user, **kwargs):
    """A partner resubmitting a course after a 変更 notice starts the notice's re-review (対応中)."""
    obj = instance.content_object
    if not isinstance(obj, Course):
        return
    ChangeNotice.objects.filter(
        course=obj,
        kind=ChangeNotice.Kind.CHANGE,
        status__in=[ChangeNotice.Status.RECEIVED, ChangeNotice.Status.IN_PROGRESS],
        resulting_review__isnull=True,
    ).update(resulting_review=instance, status=ChangeNotice.Status.IN_PROGRESS)


@receiver(published, sender=Course)
def complete_change_notices_on_publication(sender, instance, revision, **kwargs):
    """The re-reviewed change is listed: its notices are 完了."""
    ChangeNotice.objects.filter(
        course=instance,
        status=ChangeNotice.Status.IN_PROGRESS,
        resulting_review__isnull=False,
    ).update(status=ChangeNotice.Status.PROCESSED, processed_at=timezone.now())
