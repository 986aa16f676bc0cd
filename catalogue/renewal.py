"""「掲載を更新」: a listing near or past its end goes through review again and runs 3 more years.

The renewal is a new review of the same course, so its history (revisions,
reviews, listing actions) stays in one place. Approval makes an expired
listing publishable again; publication of the approved content extends the
period by ``CATALOGUE_LISTING_YEARS`` from the old end (or from today when the
listing had already ended).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .models import Course

RENEWAL_WINDOW_DAYS = 60


def can_renew(course, today=None):
    """Listed and ending within the window, or expired; and not already in review."""
    today = today or timezone.localdate()
    if course.workflow_in_progress or course.renewal_requested_at:
        return False
    if course.listing_state == Course.ListingState.EXPIRED:
        return True
    return (
        course.listing_state == Course.ListingState.ACTIVE
        and course.listed_until is not None
        and course.listed_until <= today + datetime.timedelta(days=RENEWAL_WINDOW_DAYS)
    )


@transaction.atomic
def request_renewal(course, user):
    """Start the review of the course's current content as a renewal."""
    if not can_renew(course):
        raise ValidationError(
            _("This listing can be renewed within 60 days of its end or after it has expired.")
        )
    workflow = course.get_workflow()
    if workflow is None:
        raise ValidationError(_("No review workflow is set up for courses."))
    course.renewal_requested_at = timezone.now()
    Course.objects.filter(pk=course.pk).update(renewal_requested_at=course.renewal_requested_at)
    course.save_revision(user=user, log_action=True)
    log(
        instance=course,
        action="catalogue.listing.renewal_requested",
        user=user,
        data={"listed_until": course.listed_until.isoformat() if course.listed_until else ""},
    )
    return workflow.start(course, user)


def reopen_on_approval(course):
    """An approved renewal of an expired listing may be published again."""
    if course.renewal_requested_at and course.listing_state == Course.ListingState.EXPIRED:
        course.listing_state = Course.ListingState.ACTIVE
        Course.objects.filter(pk=course.pk).update(listing_state=course.listing_state)


def extend_on_publication(course, today=None):
    """On publication of a renewal: N more years from the old end (or from today if it ended)."""
    if not course.renewal_requested_at:
        return
    today = today or timezone.localdate()
    start = max(course.listed_until or today, today)
    course.listed_until = course.listing_end_for(start, settings.CATALOGUE_LISTING_YEARS)
    course.renewal_requested_at = None
    course.expiry_notified_at = None
    Course.objects.filter(pk=course.pk).update(
        listed_until=course.listed_until, renewal_requested_at=None, expiry_notified_at=None
    )
    log(
        instance=course,
        action="catalogue.listing.renewed",
        data={"listed_until": course.listed_until.isoformat()},
    )
