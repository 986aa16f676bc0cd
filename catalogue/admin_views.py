"""Admin views outside the snippet viewsets: listing actions and report totals."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from . import services
from .forms import ListingActionForm, ReportAggregateForm
from .models import Course, ListingAction
from .permissions import is_partner_user
from .report_requests import overdue_for_course, overdue_reason
from .reports import aggregate_reports, complaint_summary, extra_item_summary, totals_to_xlsx

ACTION_LABELS = {
    ListingAction.Action.SUSPEND: ListingAction.Action.SUSPEND.label,
    ListingAction.Action.RESUME: ListingAction.Action.RESUME.label,
    ListingAction.Action.CANCEL: ListingAction.Action.CANCEL.label,
}


def available_listing_actions(course):
    """The listing actions that make sense for the course's current state."""
    state = course.listing_state
    actions = []
    if state == Course.ListingState.ACTIVE and course.live:
        actions.append(ListingAction.Action.SUSPEND)
    if state == Course.ListingState.SUSPENDED:
        actions.append(ListingAction.Action.RESUME)
    if (
        state in (Course.ListingState.ACTIVE, Course.ListingState.SUSPENDED)
        and course.first_published_at
    ):
        actions.append(ListingAction.Action.CANCEL)
    return [(a, ACTION_LABELS[a]) for a in actions]


def require_secretariat(user, permission):
    if is_partner_user(user) or not user.has_perm(permission):
        raise PermissionDenied


def listing_action(request, pk, action):
    require_secretariat(request.user, "catalogue.publish_course")
    course = get_object_or_404(Course.objects.select_related("partner"), pk=pk)
    if action not in dict(available_listing_actions(course)):
        messages.error(
            request, _("This action is not available for the course in its current state.")
        )
        return redirect(reverse(Course.snippet_viewset.get_url_name("list")))
    # reports (#13): overdue performance reports, cited as ground (b) in the proposed reason.
    overdue = list(overdue_for_course(course)) if action != ListingAction.Action.RESUME else []
    initial = {}
    if overdue:
        initial = {
            "reason_category": ListingAction.Reason.REPORTS_NOT_FILED,
            "reason": overdue_reason(overdue),
        }
    form = ListingActionForm(request.POST or None, action=action, initial=initial)
    if request.method == "POST" and form.is_valid():
        operation = {
            ListingAction.Action.SUSPEND: lambda: services.suspend_listing(
                course,
                request.user,
                form.cleaned_data["reason_category"],
                form.cleaned_data["reason"],
            ),
            ListingAction.Action.RESUME: lambda: services.resume_listing(
                course, request.user, form.cleaned_data["reason"]
            ),
            ListingAction.Action.CANCEL: lambda: services.cancel_listing(
                course,
                request.user,
                form.cleaned_data["reason_category"],
                form.cleaned_data["reason"],
            ),
        }[action]
        try:
            operation()
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("%(action)s: '%(course)s'. The partner has been told by e-mail.")
                % {"action": ACTION_LABELS[action], "course": course.title},
            )
            return redirect(reverse(Course.snippet_viewset.get_url_name("list")))
    return TemplateResponse(
        request,
        "catalogue/admin/listing_action.html",
        {
            "course": course,
            "form": form,
            "action_label": ACTION_LABELS[action],
            "action": action,
            "overdue_requests": overdue,
        },
    )


def report_aggregate(request):
    require_secretariat(request.user, "catalogue.view_performancereport")
    form = ReportAggregateForm(request.GET or None)
    totals = None
    complaints = extra_items = ()
    if form.is_bound and form.is_valid():
        totals = aggregate_reports(
            form.cleaned_data["period_start"], form.cleaned_data["period_end"]
        )
        complaints = complaint_summary(totals.period_start, totals.period_end)
        extra_items = extra_item_summary(totals.period_start, totals.period_end)
        if request.GET.get("format") == "xlsx":
            response = HttpResponse(
                totals_to_xlsx(totals),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            filename = f"report-totals-{totals.period_start:%Y%m%d}-{totals.period_end:%Y%m%d}.xlsx"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
    return TemplateResponse(
        request,
        "catalogue/admin/report_aggregate.html",
        {"form": form, "totals": totals, "complaints": complaints, "extra_items": extra_items},
    )


urlpatterns = [
    path("courses/<int:pk>/listing/<str:action>/", listing_action, name="listing_action"),
    path("reports/totals/", report_aggregate, name="report_aggregate"),
]
