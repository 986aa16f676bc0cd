"""Performance-report requests: opening a reporting period, reminders, and the overdue list.

Services as plain functions; the admin views and the daily command call them.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Course, ReportingPeriod, ReportRequest
from .notifications import notify_partner


def _by_partner(requests):
    grouped = defaultdict(list)
    for request in requests:
        grouped[request.course.partner].append(request.course)
    return grouped


@transaction.atomic
def open_reporting_period(period, user=None, today=None):
    """Ask every partner with courses listed today for a report on each such course.

    Creates one request per listed course and e-mails each partner once, listing its courses.
    Opening twice is refused: the requests and e-mails already went out.
    """
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if period.opened_at is not None:
        raise ValidationError(_("This reporting period has already been opened."))
    courses = Course.objects.listed(today).select_related("partner").order_by("partner", "title")
    requests = ReportRequest.objects.bulk_create(
        [ReportRequest(period=period, course=course) for course in courses]
    )
    for request, course in zip(requests, courses, strict=True):
        request.course = course
    period.opened_at = timezone.now()
    period.save(update_fields=["opened_at"])
    for partner, partner_courses in _by_partner(requests).items():
        transaction.on_commit(
            lambda p=partner, c=partner_courses: notify_partner(
                p, "report_requested", {"period": period, "courses": c}
            )
        )
    return requests


def send_report_reminders(today=None):
    """Daily: remind partners before the due date, then tell them once a report is overdue.

    Idempotent: each request records when its reminder and its overdue notice went out.
    """
    today = today or timezone.localdate()
    before = datetime.timedelta(days=settings.CATALOGUE_REPORT_REMINDER_DAYS)
    outstanding = (
        ReportRequest.objects.outstanding()
        .filter(period__opened_at__isnull=False)
        .select_related("period", "course__partner")
    )
    due_soon = list(
        outstanding.filter(
            reminded_at__isnull=True,
            period__due_date__gte=today,
            period__due_date__lte=today + before,
        )
    )
    overdue = list(outstanding.filter(overdue_notified_at__isnull=True, period__due_date__lt=today))
    now = timezone.now()
    for template, requests, field in [
        ("report_reminder", due_soon, "reminded_at"),
        ("report_overdue", overdue, "overdue_notified_at"),
    ]:
        by_period = defaultdict(list)
        for request in requests:
            by_period[request.period].append(request)
        for period, period_requests in by_period.items():
            for partner, courses in _by_partner(period_requests).items():
                notify_partner(partner, template, {"period": period, "courses": courses})
        ReportRequest.objects.filter(pk__in=[r.pk for r in requests]).update(**{field: now})
    return {"reminded": len(due_soon), "overdue": len(overdue)}


def overdue_requests(today=None):
    """Every overdue request, by partner and course, for the secretariat's list."""
    return (
        ReportRequest.objects.overdue(today)
        .select_related("period", "course__partner")
        .order_by("course__partner__name", "course__title", "period__due_date")
    )


def overdue_for_course(course, today=None):
    return ReportRequest.objects.overdue(today).filter(course=course).select_related("period")


def overdue_reason(requests):
    """The reason text citing each overdue request, for the cancellation or suspension form."""
    lines = [_("Performance reports not filed by their due date:")]
    lines += [
        _("%(period)s (due %(due)s)")
        % {"period": r.period.title, "due": f"{r.period.due_date:%Y-%m-%d}"}
        for r in requests
    ]
    return "\n".join(lines)
