"""Reactions to Wagtail's publication and workflow signals for courses and partners."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import published, task_rejected, workflow_submitted
from wagtail.users.models import UserProfile

from .models import Course, Partner, PartnerMember
from .notifications import notify_partner
from .services import start_listing_period


@receiver(published, sender=Course)
def start_listing_on_first_publication(sender, instance, revision, **kwargs):
    start_listing_period(instance)


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
    # A decline also rejects the task first; it sends its own e-mail after cancelling.
    if workflow_state.status == workflow_state.STATUS_CANCELLED:
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
