"""Admin views outside the snippet viewsets: listing actions and report totals."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from manabi.permission_policies import policy_for

from . import services
from .forms import DeclineForm, ListingActionForm, ReportAggregateForm
from .models import Course, ListingAction, ListingCriterion, Partner
from .models.review import decline_review
from .permissions import is_partner_user
from .renewal import request_renewal
from .report_requests import overdue_for_course, overdue_reason
from .reports import aggregate_reports, complaint_summary, extra_item_summary, totals_to_xlsx

ACTION_LABELS = {
    ListingAction.Action.SUSPEND: ListingAction.Action.SUSPEND.label,
    ListingAction.Action.RESUME: ListingAction.Action.RESUME.label,
    ListingAction.Action.CANCEL: ListingAction.Action.CANCEL.label,
}


def available_listing_actions(course):
    """The listing actions the lifecycle table allows from the course's state.

    Beyond the table (``services.LISTING_TRANSITIONS``): only a live listing can
    be suspended, and only a course once published can be cancelled.
    """
    actions = [
        action
        for action in ACTION_LABELS
        if course.listing_state in services.LISTING_TRANSITIONS[action][0]
    ]
    if not course.live and ListingAction.Action.SUSPEND in actions:
        actions.remove(ListingAction.Action.SUSPEND)
    if not course.first_published_at and ListingAction.Action.CANCEL in actions:
        actions.remove(ListingAction.Action.CANCEL)
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


def _back(request, default):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default)


@require_POST
def publish_approved(request, pk):
    """「掲載する」 from the approved-awaiting-publication queue: publish exactly what was approved."""
    require_secretariat(request.user, "catalogue.publish_course")
    course = get_object_or_404(
        Course.objects.select_related("partner", "approved_revision", "latest_revision"), pk=pk
    )
    listing = reverse(Course.snippet_viewset.get_url_name("list")) + "?status=approved"
    if course.approved_revision is None:
        messages.error(request, _("This course has not been approved in review."))
        return _back(request, listing)
    # The latest revision when it holds exactly the approved content (the editor
    # saves one before each workflow action), so nothing is left unpublished.
    revision = course.approved_revision
    if course.latest_revision and course.matches_approved_revision(course.latest_revision):
        revision = course.latest_revision
    try:
        revision.publish(user=request.user)
    except services.CourseNotPublishable as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("'%(course)s' is now listed. The partner has been told by e-mail.")
            % {"course": course.title},
        )
    return _back(request, listing)


@require_POST
def renew_listing(request, pk):
    """「掲載を更新」: the partner (or the secretariat) sends the course to review as a renewal."""

    course = get_object_or_404(Course.objects.select_related("partner"), pk=pk)
    if not policy_for(Course).user_has_permission_for_instance(request.user, "change", course):
        raise PermissionDenied
    try:
        request_renewal(course, request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("'%(course)s' has been submitted for review as a renewal.")
            % {"course": course.title},
        )
    return _back(request, reverse("wagtailadmin_home"))


def decline_partner(request, pk):
    """The secretariat declines a partner registration with a reason the partner receives."""

    require_secretariat(request.user, "catalogue.publish_course")
    partner = get_object_or_404(Partner, pk=pk)
    state = partner.current_workflow_state
    listing = reverse(Partner.snippet_viewset.get_url_name("list"))
    if state is None or state.status != state.STATUS_IN_PROGRESS:
        messages.error(request, _("This registration is not awaiting review."))
        return redirect(listing)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decline_review(
            state.current_task_state, user=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request,
            _("The registration of '%(partner)s' was not approved. The partner has been told why.")
            % {"partner": partner.name},
        )
        return redirect(listing)
    return TemplateResponse(
        request, "catalogue/admin/decline_partner.html", {"partner": partner, "form": form}
    )


def listing_criteria(request):
    """The 掲載基準 as a page partners can read before they submit (reviewers tick the same list)."""

    return TemplateResponse(
        request,
        "catalogue/admin/listing_criteria.html",
        {"criteria": ListingCriterion.objects.filter(is_active=True)},
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
    path("courses/<int:pk>/publish/", publish_approved, name="publish_approved"),
    path("courses/<int:pk>/renew/", renew_listing, name="renew_listing"),
    path("listing-criteria/", listing_criteria, name="listing_criteria"),
    path("partners/<int:pk>/decline/", decline_partner, name="decline_partner"),
    path("courses/<int:pk>/listing/<str:action>/", listing_action, name="listing_action"),
    path("reports/totals/", report_aggregate, name="report_aggregate"),
]
