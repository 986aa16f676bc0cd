"""Admin views of performance-report requests: open a period, the request and overdue lists."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.snippets.views.snippets import CreateView

from manabi.permission_policies import can_reach, reachable

from .models import ReportingPeriod, ReportRequest
from .permissions import is_partner_user
from .report_requests import open_reporting_period


def require_secretariat(user, permission):
    if is_partner_user(user) or not user.has_perm(permission):
        raise PermissionDenied


def open_period(request, pk):
    """Confirm, then open a reporting period: requests and e-mails go to every listing partner."""
    require_secretariat(request.user, "catalogue.change_reportingperiod")
    period = get_object_or_404(ReportingPeriod, pk=pk)
    if request.method == "POST":
        try:
            created = open_reporting_period(period, request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Opened '%(period)s': %(count)d courses were asked for a report.")
                % {"period": period.title, "count": len(created)},
            )
        return redirect(reverse("catalogue_admin:report_requests") + f"?period={period.pk}")
    return TemplateResponse(request, "catalogue/admin/open_period.html", {"period": period})


def report_requests(request):
    """Each requested report and its state; a partner sees its own, the secretariat all.

    ``?overdue=1`` narrows to the overdue ones: the list the cancellation form cites for ground (b).
    """
    if not request.user.has_perm("catalogue.view_reportrequest"):
        raise PermissionDenied
    today = timezone.localdate()
    requests = reachable(
        request.user,
        ReportRequest.objects.with_filed().select_related("period", "course__partner"),
    ).order_by("course__partner__name", "course__title", "period__due_date")
    periods = ReportingPeriod.objects.filter(opened_at__isnull=False)
    period_id = request.GET.get("period", "")
    if period_id.isdigit():
        requests = requests.filter(period_id=period_id)
    overdue = request.GET.get("overdue") == "1"
    if overdue:
        requests = requests.filter(filed=False, period__due_date__lt=today)
    return TemplateResponse(
        request,
        "catalogue/admin/report_requests.html",
        {
            "requests": requests,
            "periods": periods,
            "period_id": period_id,
            "overdue": overdue,
            "today": today,
            "is_secretariat": not is_partner_user(request.user),
            "add_url": reverse("wagtailsnippets_catalogue_performancereport:add"),
        },
    )


class PerformanceReportCreateView(CreateView):
    """``?request=<id>`` files the report for that request: course and period come filled in."""

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance()
        request_id = self.request.GET.get("request", "")
        if not request_id.isdigit():
            return instance
        report_request = (
            ReportRequest.objects.select_related("period", "course").filter(pk=request_id).first()
        )
        if report_request is None or not can_reach(self.request.user, report_request):
            return instance
        instance = instance or self.model()
        instance.course = report_request.course
        instance.reporting_period = report_request.period
        instance.period_start = report_request.period.period_start
        instance.period_end = report_request.period.period_end
        return instance


urlpatterns = [
    path("reports/periods/<int:pk>/open/", open_period, name="open_reporting_period"),
    path("reports/requests/", report_requests, name="report_requests"),
]
