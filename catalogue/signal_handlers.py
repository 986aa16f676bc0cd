"""Reactions to Wagtail's publication and workflow signals for courses and partners."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.signals import published, task_rejected, unpublished, workflow_submitted
from wagtail.users.models import UserProfile

from .models import Course, Partner, PartnerMember
from .notifications import notify_partner
from .services import start_listing_period


@receiver(published, sender=Course)
def start_listing_on_first_publication(sender, instance, revision, **kwargs):
    start_listing_period(instance)


@receiver(unpublished, sender=Course)
def mark_unpublished_course_changed(sender, instance, **kwargs):
    """Unpublishing saves only the publication fields; the API's sync needs the moment it left."""
    Course.objects.filter(pk=instance.pk).update(updated_at=timezone.now())


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
