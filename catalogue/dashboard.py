"""Dashboard panels: the partner's home and the secretariat's queue.

Each panel answers one question with links that lead to the next step, so
nobody has to know where in the menu the work is.
"""

import datetime

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import WorkflowState

from .models import ChangeNotice, Course, Partner, PerformanceReport, ReportRequest
from .permissions import is_partner_user, partner_for
from .review_status import (
    CourseStatus,
    active_workflow_states,
    awaiting_publication,
    course_status,
    with_review_status,
)

EXPIRING_DAYS = 60
QUEUE_ROWS = 10


def _url(model, name, *args):
    return reverse(model.snippet_viewset.get_url_name(name), args=args)


class PartnerHomePanel(Component):
    """My courses by state, notices and their status, listings ending soon (with renewal)."""

    name = "partner_home"
    template_name = "catalogue/admin/partner_home_panel.html"
    order = 50

    def __init__(self, partner):
        self.partner = partner

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        courses = list(
            with_review_status(Course.objects.filter(partner=self.partner))
            .select_related("latest_revision", "approved_revision", "live_revision")
            .order_by("title")
        )
        by_status = {}
        for course in courses:
            course.status_label = CourseStatus(course_status(course)).label
            by_status.setdefault(course_status(course), []).append(course)
        ending = [
            c
            for c in courses
            if c.listed_until
            and c.listing_state in (Course.ListingState.ACTIVE, Course.ListingState.EXPIRED)
            and c.listed_until <= today + datetime.timedelta(days=EXPIRING_DAYS)
            and course_status(c) not in (CourseStatus.IN_REVIEW, CourseStatus.CHANGES_REQUESTED)
        ]
        return {
            "partner": self.partner,
            "status_counts": [
                (status.label, len(by_status.get(status, [])), status.value)
                for status in CourseStatus
                if by_status.get(status)
            ],
            "attention": by_status.get(CourseStatus.CHANGES_REQUESTED, []),
            "ending": ending,
            "notices": ChangeNotice.objects.filter(course__partner=self.partner)
            .select_related("course")
            .order_by("-submitted_at")[:QUEUE_ROWS],
            "reports": PerformanceReport.objects.filter(course__partner=self.partner)
            .select_related("course")
            .order_by("-period_end")[:5],
            "course_list_url": _url(Course, "list"),
            "course_add_url": _url(Course, "add"),
            "notice_add_url": _url(ChangeNotice, "add"),
            "report_add_url": _url(PerformanceReport, "add"),
            "renew_url_name": "catalogue_admin:renew_listing",
            "csrf_token": parent_context.get("csrf_token"),
            "request": parent_context.get("request"),
        }


class SecretariatQueuePanel(Component):
    """Registrations and courses awaiting review, approved awaiting publication, notices to process,
    and performance reports overdue (the cancellation form's ground (イ))."""

    name = "secretariat_queue"
    template_name = "catalogue/admin/secretariat_queue_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        partner_states = WorkflowState.objects.active().filter(
            base_content_type__app_label="catalogue",
            base_content_type__model="partner",
            status=WorkflowState.STATUS_IN_PROGRESS,
        )
        partner_ids = [int(pk) for pk in partner_states.values_list("object_id", flat=True)]
        in_review = active_workflow_states().filter(status=WorkflowState.STATUS_IN_PROGRESS)
        course_ids = [int(pk) for pk in in_review.values_list("object_id", flat=True)]
        approved = awaiting_publication(Course.objects.all()).select_related("partner")
        notices = ChangeNotice.objects.exclude(status=ChangeNotice.Status.PROCESSED)
        overdue = ReportRequest.objects.overdue().select_related("period", "course__partner")
        return {
            "overdue_reports": overdue.order_by("period__due_date", "course__title")[:QUEUE_ROWS],
            "overdue_count": overdue.count(),
            "overdue_list_url": reverse("catalogue_admin:report_requests") + "?overdue=1",
            "registrations": Partner.objects.filter(pk__in=partner_ids).order_by("name")[
                :QUEUE_ROWS
            ],
            "registration_count": len(partner_ids),
            "in_review": Course.objects.filter(pk__in=course_ids)
            .select_related("partner")
            .order_by("updated_at")[:QUEUE_ROWS],
            "in_review_count": len(course_ids),
            "approved": approved.order_by("updated_at")[:QUEUE_ROWS],
            "approved_count": approved.count(),
            "notices": notices.select_related("course").order_by("submitted_at")[:QUEUE_ROWS],
            "notice_counts": dict(
                notices.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
            ),
            "course_list_url": _url(Course, "list"),
            "notice_list_url": _url(ChangeNotice, "list"),
            "partner_list_url": _url(Partner, "list"),
            "csrf_token": parent_context.get("csrf_token"),
            "request": parent_context.get("request"),
        }


def panels_for(request):
    """The panel for the signed-in user's role, or nothing."""
    user = request.user
    if is_partner_user(user):
        partner = partner_for(user)
        return [PartnerHomePanel(partner)] if partner else []
    if user.has_perm("catalogue.publish_course"):
        return [SecretariatQueuePanel()]
    return []
