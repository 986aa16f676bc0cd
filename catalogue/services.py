"""Domain operations on partners and courses, as plain functions.

Each records what it did in the object's history (Wagtail's log) with the
user and the reason, and tells the partner by e-mail where the rules say so.
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from wagtail.log_actions import log
from wagtail.workflows import publish_workflow_state

from .models import ChangeNotice, Course, ListingAction, Role, SkillStandard
from .notifications import notify_partner

logger = logging.getLogger(__name__)


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


State = Course.ListingState

# The listing lifecycle as one table: action -> (states it may start from,
# state it leads to, message when the course is in another state). Every
# change of ``listing_state`` goes through ``change_listing_state``.
LISTING_TRANSITIONS = {
    "suspend": (
        {State.ACTIVE},
        State.SUSPENDED,
        _lazy("Only a listed course can be suspended."),
    ),
    "resume": (
        {State.SUSPENDED},
        State.ACTIVE,
        _lazy("Only a suspended course can be resumed."),
    ),
    # An expired or withdrawn listing has already ended; there is nothing left to cancel.
    "cancel": (
        {State.ACTIVE, State.SUSPENDED},
        State.CANCELLED,
        _lazy("This action is not available for the course in its current state."),
    ),
    "expire": ({State.ACTIVE}, State.EXPIRED, _lazy("Only a listed course can expire.")),
    # A withdrawal or abolition notice ends the listing whatever its state.
    "withdraw": (set(State), State.WITHDRAWN, ""),
}


def ensure_listing_transition(course, action):
    """Refuse ``action`` unless the table allows it from the course's state; return the new state."""
    sources, target, refusal = LISTING_TRANSITIONS[action]
    if course.listing_state not in sources:
        raise ValidationError(str(refusal))
    return target


def change_listing_state(course, action, user=None):
    """Apply one lifecycle action: check the transition, store the state, take the course off or on line.

    Leaving ``active`` unpublishes the live course; returning to ``active``
    republishes the approved revision (through the publication rule).
    """
    target = ensure_listing_transition(course, action)
    course.listing_state = target
    course.updated_at = timezone.now()
    Course.objects.filter(pk=course.pk).update(listing_state=target, updated_at=course.updated_at)
    if target != State.ACTIVE and course.live:
        course.unpublish(user=user, log_action=True)
    elif target == State.ACTIVE and course.approved_revision_id:
        course.approved_revision.publish(user=user, skip_permission_checks=True)


@transaction.atomic
def suspend_listing(course, user, reason_category, reason):
    """Take a listing offline temporarily while a ground (ア–エ) is highly probable."""
    ensure_listing_transition(course, "suspend")
    entry = _record_listing_action(
        course, ListingAction.Action.SUSPEND, user, reason, reason_category
    )
    change_listing_state(course, "suspend", user)
    notify_partner(course.partner, "listing_action", {"course": course, "entry": entry})
    return entry


@transaction.atomic
def resume_listing(course, user, reason):
    """Bring a suspended listing back online with its approved content."""
    ensure_listing_transition(course, "resume")
    entry = _record_listing_action(course, ListingAction.Action.RESUME, user, reason)
    change_listing_state(course, "resume", user)
    notify_partner(course.partner, "listing_action", {"course": course, "entry": entry})
    return entry


@transaction.atomic
def cancel_listing(course, user, reason_category, reason):
    """End a listing for one of the grounds ア–エ."""
    ensure_listing_transition(course, "cancel")
    if not reason_category:
        raise ValidationError({"reason_category": _("Choose the ground for cancellation.")})
    entry = _record_listing_action(
        course, ListingAction.Action.CANCEL, user, reason, reason_category
    )
    change_listing_state(course, "cancel", user)
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
            change_listing_state(course, "expire")
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
            change_listing_state(course, "withdraw")
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
