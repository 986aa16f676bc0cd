"""Domain operations on partners and courses, as plain functions.

Each records what it did in the object's history (Wagtail's log) with the
user and the reason, and tells the partner by e-mail where the rules say so.
"""

import datetime
import json
import logging
import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.workflows import publish_workflow_state

from .models import ChangeNotice, Course, ListingAction, Role, SkillStandard
from .notifications import notify_partner

logger = logging.getLogger(__name__)


class CourseNotPublishable(PermissionDenied):
    """Raised on any path that tries to publish a course the rules keep offline."""


def ensure_publishable(course, revision):
    """Refuse publication unless the partner is approved and this revision passed review."""
    partner = course.partner
    if not partner.live:
        raise CourseNotPublishable(
            _(
                "The partner '%(partner)s' has not been approved yet, so its courses cannot be published."
            )
            % {"partner": partner.name}
        )
    if course.listing_state != Course.ListingState.ACTIVE:
        raise CourseNotPublishable(
            _("This listing is %(state)s; it cannot be published.")
            % {"state": course.get_listing_state_display()}
        )
    if revision is None or not matches_approved_revision(course, revision):
        raise CourseNotPublishable(
            _(
                "Only the revision approved in review can be published. Submit the course for review first."
            )
        )


# Revision keys that describe state, not the content a reviewer approved.
NON_CONTENT_KEYS = frozenset(
    {
        "pk",
        "id",
        "live",
        "has_unpublished_changes",
        "first_published_at",
        "last_published_at",
        "live_revision",
        "latest_revision",
        "go_live_at",
        "expire_at",
        "expired",
        "locked",
        "locked_at",
        "locked_by",
        "updated_at",
        *Course.LISTING_FIELDS,
        *(field.removesuffix("_id") for field in Course.LISTING_FIELDS),
    }
)


BLOCK_KEY = re.compile(r' data-block-key="[^"]*"')


def reviewed_content(revision):
    """The approved content of a revision; Draftail's block keys are editor state, not content.

    A revision just created still holds Python values (Decimal); one read back
    from the database holds their JSON form, so both are compared as JSON.
    """
    content = json.loads(json.dumps(revision.content, cls=DjangoJSONEncoder))
    return {
        k: BLOCK_KEY.sub("", v) if isinstance(v, str) else v
        for k, v in content.items()
        if k not in NON_CONTENT_KEYS
    }


def matches_approved_revision(course, revision):
    """True for the approved revision, or a later one with exactly the approved content.

    Saving in the editor before publishing makes a new revision; what matters
    is that nothing a reviewer approved has changed since.
    """
    approved = course.approved_revision
    if approved is None:
        return False
    return revision.pk == approved.pk or reviewed_content(revision) == reviewed_content(approved)


def roles_for_level(level, standards):
    """A DSS-P level-2 course teaches what every role shares, so it maps to every role.

    Returns the roles to set, or None where the partner's own choice stands.
    """
    dss_p = [s for s in standards if s.family == SkillStandard.Family.DSS_P]
    if level != Course.Level.LEVEL_2 or not dss_p:
        return None
    return Role.objects.filter(category__standard__in=dss_p)


def listing_years():
    return settings.CATALOGUE_LISTING_YEARS


def start_listing_period(course, today=None):
    """On first publication: the listing runs for 3 years (or the Reskill certification period)."""
    if course.listed_from:
        return
    today = today or timezone.localdate()
    course.listed_from = today
    course.listed_until = course.listing_end_for(today, listing_years())
    Course.objects.filter(pk=course.pk).update(
        listed_from=course.listed_from, listed_until=course.listed_until
    )


# --------------------------------------------------------------------------- review


def finish_workflow_state(workflow_state, user=None):
    """``WAGTAIL_FINISH_WORKFLOW_ACTION``: approval of a course does not publish it.

    Publication of a course is a separate reviewer action (STEP5); every other
    moderated object (partners, pages) is published on approval as usual.
    """
    obj = workflow_state.content_object
    if not isinstance(obj, Course):
        return publish_workflow_state(workflow_state, user=user)
    revision = workflow_state.current_task_state.revision
    Course.objects.filter(pk=obj.pk).update(approved_revision=revision)
    obj.approved_revision = revision
    log(instance=obj, action="catalogue.course.approved", user=user, revision=revision)
    notify_partner(obj.partner, "course_approved", {"course": obj})
    return None


@transaction.atomic
def decline_review(task_state, user, reason):
    """End a review with a rejection; the partner receives the reason."""
    if not reason or not reason.strip():
        raise ValidationError(_("Enter the reason; it is sent to the partner."))
    workflow_state = task_state.workflow_state
    obj = workflow_state.content_object
    task_state.reject(user=user, comment=reason)
    workflow_state.refresh_from_db()
    workflow_state.cancel(user=user)
    log(instance=obj, action="catalogue.review.declined", user=user, data={"reason": reason})
    partner = obj.partner if isinstance(obj, Course) else obj
    notify_partner(partner, "review_declined", {"object": obj, "reason": reason})


# -------------------------------------------------------------------------- listing


def _record_listing_action(course, action, user, reason, reason_category=""):
    if not reason or not reason.strip():
        raise ValidationError({"reason": _("Enter the reason for this action.")})
    entry = ListingAction.objects.create(
        course=course,
        action=action,
        created_by=user,
        reason=reason,
        reason_category=reason_category,
    )
    log(
        instance=course,
        action=f"catalogue.listing.{action}",
        user=user,
        data={
            "reason": reason,
            "reason_category": reason_category,
            "reason_category_label": str(entry.get_reason_category_display()),
        },
    )
    return entry


def _take_offline(course, user):
    if course.live:
        course.unpublish(user=user, log_action=True)


@transaction.atomic
def suspend_listing(course, user, reason_category, reason):
    """Take a listing offline temporarily while a ground (ア–エ) is highly probable."""
    if course.listing_state != Course.ListingState.ACTIVE:
        raise ValidationError(_("Only a listed course can be suspended."))
    entry = _record_listing_action(
        course, ListingAction.Action.SUSPEND, user, reason, reason_category
    )
    course.listing_state = Course.ListingState.SUSPENDED
    Course.objects.filter(pk=course.pk).update(listing_state=course.listing_state)
    _take_offline(course, user)
    notify_partner(course.partner, "listing_action", {"course": course, "entry": entry})
    return entry


@transaction.atomic
def resume_listing(course, user, reason):
    """Bring a suspended listing back online with its approved content."""
    if course.listing_state != Course.ListingState.SUSPENDED:
        raise ValidationError(_("Only a suspended course can be resumed."))
    entry = _record_listing_action(course, ListingAction.Action.RESUME, user, reason)
    course.listing_state = Course.ListingState.ACTIVE
    Course.objects.filter(pk=course.pk).update(listing_state=course.listing_state)
    if course.approved_revision_id:
        course.approved_revision.publish(user=user, skip_permission_checks=True)
    notify_partner(course.partner, "listing_action", {"course": course, "entry": entry})
    return entry


@transaction.atomic
def cancel_listing(course, user, reason_category, reason):
    """End a listing for one of the grounds ア–エ."""
    if course.listing_state == Course.ListingState.CANCELLED:
        raise ValidationError(_("This listing is already cancelled."))
    if not reason_category:
        raise ValidationError({"reason_category": _("Choose the ground for cancellation.")})
    entry = _record_listing_action(
        course, ListingAction.Action.CANCEL, user, reason, reason_category
    )
    course.listing_state = Course.ListingState.CANCELLED
    Course.objects.filter(pk=course.pk).update(listing_state=course.listing_state)
    _take_offline(course, user)
    notify_partner(course.partner, "listing_action", {"course": course, "entry": entry})
    return entry


# -------------------------------------------------------------- daily lifecycle run


def expiry_notice_days():
    return settings.CATALOGUE_EXPIRY_NOTICE_DAYS


def notify_expiring(today):
    """Warn partners once, N days before their listing ends."""
    horizon = today + datetime.timedelta(days=expiry_notice_days())
    due = Course.objects.filter(
        live=True,
        listing_state=Course.ListingState.ACTIVE,
        listed_until__isnull=False,
        listed_until__lte=horizon,
        listed_until__gte=today,
        expiry_notified_at__isnull=True,
    ).select_related("partner")
    count = 0
    for course in due:
        with transaction.atomic():
            # Claim the course first so a second run on the same day sends nothing.
            claimed = Course.objects.filter(pk=course.pk, expiry_notified_at__isnull=True).update(
                expiry_notified_at=timezone.now()
            )
            if not claimed:
                continue
            log(
                instance=course,
                action="catalogue.listing.expiry_notified",
                data={"listed_until": course.listed_until.isoformat()},
            )
            notify_partner(course.partner, "listing_expiring", {"course": course})
        count += 1
    return count


def expire_listings(today):
    """Unpublish listings whose period has ended."""
    due = (
        Course.objects.filter(listing_state=Course.ListingState.ACTIVE, listed_until__lt=today)
        # An approved renewal waiting for publication already ended once (catalogue.renewal).
        .exclude(live=False, renewal_requested_at__isnull=False)
        .select_related("partner")
    )
    count = 0
    for course in due:
        with transaction.atomic():
            course.listing_state = Course.ListingState.EXPIRED
            Course.objects.filter(pk=course.pk).update(listing_state=course.listing_state)
            _take_offline(course, None)
            log(
                instance=course,
                action="catalogue.listing.expired",
                data={"listed_until": course.listed_until.isoformat()},
            )
            notify_partner(course.partner, "listing_expired", {"course": course})
        count += 1
    return count


def apply_due_change_notices(today):
    """Withdrawals and abolitions take the course offline on their effective date."""
    due = ChangeNotice.objects.filter(
        status=ChangeNotice.Status.RECEIVED,
        kind__in=[ChangeNotice.Kind.WITHDRAWAL, ChangeNotice.Kind.ABOLITION],
        effective_date__lte=today,
    ).select_related("course", "course__partner")
    count = 0
    for notice in due:
        with transaction.atomic():
            course = notice.course
            course.listing_state = Course.ListingState.WITHDRAWN
            Course.objects.filter(pk=course.pk).update(listing_state=course.listing_state)
            _take_offline(course, None)
            notice.status = ChangeNotice.Status.PROCESSED
            notice.processed_at = timezone.now()
            notice.save(update_fields=["status", "processed_at"])
            log(
                instance=course,
                action="catalogue.listing.withdrawn",
                data={"notice": notice.pk, "kind": notice.kind, "reason": notice.description},
            )
            notify_partner(
                course.partner, "listing_withdrawn", {"course": course, "notice": notice}
            )
        count += 1
    return count


def run_daily_lifecycle(today=None):
    """The daily run: idempotent, so running it twice on one day changes nothing more."""
    today = today or timezone.localdate()
    return {
        "notified": notify_expiring(today),
        "expired": expire_listings(today),
        "withdrawn": apply_due_change_notices(today),
    }
