"""What state a course is in, in the words partners and reviewers use.

One function answers for one course (``course_status``); one queryset
annotation (``with_review_status``) lets a listing show it for every row
with no query per row. The listing lifecycle (停止中, 取消, 期限切れ, 取下げ)
comes first; otherwise the review decides (審査中, 修正依頼, 承認済・掲載待ち)
and only then publication (掲載中, 下書き).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Cast
from django.utils.translation import pgettext_lazy
from wagtail.models import WorkflowState

from .models import Course


class CourseStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("course status", "Draft")
    IN_REVIEW = "in_review", pgettext_lazy("course status", "In review")
    CHANGES_REQUESTED = "changes_requested", pgettext_lazy("course status", "Changes requested")
    APPROVED = "approved", pgettext_lazy("course status", "Approved, awaiting publication")
    LISTED = "listed", pgettext_lazy("course status", "Listed")
    SUSPENDED = "suspended", pgettext_lazy("course status", "Suspended")
    CANCELLED = "cancelled", pgettext_lazy("course status", "Cancelled")
    EXPIRED = "expired", pgettext_lazy("course status", "Expired")
    WITHDRAWN = "withdrawn", pgettext_lazy("course status", "Withdrawn")


LIFECYCLE_STATUS = {
    Course.ListingState.SUSPENDED: CourseStatus.SUSPENDED,
    Course.ListingState.CANCELLED: CourseStatus.CANCELLED,
    Course.ListingState.EXPIRED: CourseStatus.EXPIRED,
    Course.ListingState.WITHDRAWN: CourseStatus.WITHDRAWN,
}


def active_workflow_states():
    return WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Course),
        status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES],
    )


def with_review_status(queryset):
    """Annotate ``review_workflow_status`` (in_progress / needs_changes / None) on each course."""
    states = active_workflow_states().filter(
        object_id=Cast(models.OuterRef("pk"), models.CharField())
    )
    return queryset.annotate(review_workflow_status=models.Subquery(states.values("status")[:1]))


def approved_content_waiting(course):
    """True when the course's latest content is what review approved and it is not online yet.

    Acting from the editor saves a revision before each workflow action, so
    the approved revision and the latest one can differ in id but not in content.
    """
    if not course.approved_revision_id or course.latest_revision_id is None:
        return False
    if not course.matches_approved_revision(course.latest_revision):
        return False
    return not (
        course.live
        and course.live_revision_id
        and course.matches_approved_revision(course.live_revision)
    )


def awaiting_publication(queryset):
    """Approved courses whose approved content is not online yet: the 「掲載する」 queue."""
    in_review = active_workflow_states().values_list("object_id", flat=True)
    candidates = (
        queryset.filter(
            listing_state=Course.ListingState.ACTIVE,
            approved_revision__isnull=False,
            partner__live=True,
        )
        .exclude(pk__in=[int(pk) for pk in in_review])
        .select_related("approved_revision", "latest_revision", "live_revision")
    )
    waiting = [course.pk for course in candidates if approved_content_waiting(course)]
    return queryset.filter(pk__in=waiting)


def course_status(course):
    """The state of one course (a ``CourseStatus``)."""
    if course.listing_state in LIFECYCLE_STATUS:
        return LIFECYCLE_STATUS[course.listing_state]
    workflow_status = getattr(course, "review_workflow_status", None)
    if not hasattr(course, "review_workflow_status"):
        state = course.current_workflow_state
        workflow_status = state.status if state else None
    if workflow_status == WorkflowState.STATUS_NEEDS_CHANGES:
        return CourseStatus.CHANGES_REQUESTED
    if workflow_status == WorkflowState.STATUS_IN_PROGRESS:
        return CourseStatus.IN_REVIEW
    if approved_content_waiting(course):
        return CourseStatus.APPROVED
    if course.live:
        return CourseStatus.LISTED
    return CourseStatus.DRAFT


def course_status_label(course):
    return CourseStatus(course_status(course)).label
