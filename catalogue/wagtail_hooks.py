"""Registration only: viewsets, admin URLs, menu items, listing buttons and log actions."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import ListingButton
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet

from . import admin_views, dashboard, report_admin_views, review_status
from .models import Course, CourseNotPublishable, Partner, PartnerMember, ReportingPeriod
from .permissions import (
    NO_PARTNER_MESSAGE,
    is_partner_user,
    partner_for,
    register_partner_policies,
)
from .report_panels import ReportTasksPanel
from .services import roles_for_level
from .viewsets import PARTNER_PREFILL_SESSION_KEY, CatalogueViewSetGroup, TaxonomyViewSetGroup

# Before the viewsets: Wagtail would otherwise give the models a model-only fallback policy.
register_partner_policies()
register_snippet(CatalogueViewSetGroup)
register_snippet(TaxonomyViewSetGroup)


@hooks.register("register_admin_urls")
def register_catalogue_admin_urls():
    # reports (#13): the report-request views share the catalogue_admin namespace.
    urls = admin_views.urlpatterns + report_admin_views.urlpatterns
    return [path("catalogue/", include((urls, "catalogue_admin")))]


class SecretariatMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("catalogue.view_performancereport") and not is_partner_user(
            request.user
        )


@hooks.register("register_admin_menu_item")
def register_report_aggregate_menu_item():
    return SecretariatMenuItem(
        _("Report totals"),
        reverse("catalogue_admin:report_aggregate"),
        icon_name="table",
        order=170,
    )


@hooks.register("register_snippet_listing_buttons")
def decline_registration_button(snippet, user, next_url=None):
    """「不承認」 for a partner registration under review, beside Wagtail's own actions."""
    if not isinstance(snippet, Partner) or is_partner_user(user):
        return
    if not user.has_perm("catalogue.publish_course"):
        return
    state = snippet.current_workflow_state
    if state is not None and state.status == state.STATUS_IN_PROGRESS:
        yield ListingButton(
            pgettext("review action", "Decline registration"),
            reverse("catalogue_admin:decline_partner", args=[snippet.pk]),
            priority=60,
        )


@hooks.register("register_snippet_listing_buttons")
def listing_action_buttons(snippet, user, next_url=None):
    if not isinstance(snippet, Course) or not user.has_perm("catalogue.publish_course"):
        return
    for action, label in admin_views.available_listing_actions(snippet):
        yield ListingButton(
            label,
            reverse("catalogue_admin:listing_action", args=[snippet.pk, action]),
            priority=50,
        )


@hooks.register("before_create_snippet")
def one_partner_per_user(request, model):
    if model is Partner and is_partner_user(request.user) and partner_for(request.user):
        messages.error(request, _("Your organisation is already registered."))
        return redirect(reverse(Partner.snippet_viewset.get_url_name("list")))
    if (
        model is not Partner
        and model._meta.app_label == "catalogue"
        and is_partner_user(request.user)
        and partner_for(request.user) is None
    ):
        messages.error(request, NO_PARTNER_MESSAGE)
        return redirect(reverse(Partner.snippet_viewset.get_url_name("add")))
    return None


@hooks.register("before_publish")
def refuse_unpublishable_course(request, obj):
    """Turn the publish guard into a message in the editor rather than an error page."""
    if not isinstance(obj, Course):
        return None
    obj.refresh_from_db()
    try:
        obj.ensure_publishable(obj.latest_revision)
    except CourseNotPublishable as exc:
        messages.error(request, str(exc))
        return redirect(reverse(Course.snippet_viewset.get_url_name("edit"), args=[obj.pk]))
    return None


@hooks.register("after_create_snippet")
def link_registering_user_to_partner(request, instance):
    """A partner user who registers an organisation becomes its member.

    A gBizID user already has a membership without a partner (it holds the gBizID subject).
    """
    if (
        isinstance(instance, Partner)
        and is_partner_user(request.user)
        and not partner_for(request.user)
    ):
        PartnerMember.objects.update_or_create(user=request.user, defaults={"partner": instance})
        request.user._partner_cache = instance
        request.session.pop(PARTNER_PREFILL_SESSION_KEY, None)


class ReasonLogFormatter(LogFormatter):
    """Shows the recorded reason (and ground ア–エ) as the history entry's comment."""

    def format_comment(self, log_entry):
        data = log_entry.data or {}
        reason = data.get("reason", "")
        category = data.get("reason_category_label", "")
        return f"{category}：{reason}" if category else reason


CATALOGUE_LOG_ACTIONS = [
    ("catalogue.course.approved", _("Approve course"), _("Course approved in review")),
    ("catalogue.criteria_confirmed", _("Confirm criteria"), _("Listing criteria confirmed")),
    ("catalogue.review.declined", _("Decline"), _("Declined in review")),
    ("catalogue.listing.suspend", _("Suspend listing"), _("Listing suspended")),
    ("catalogue.listing.resume", _("Resume listing"), _("Listing resumed")),
    ("catalogue.listing.cancel", _("Cancel listing"), _("Listing cancelled")),
    ("catalogue.listing.expired", _("Listing expired"), _("Listing period ended")),
    (
        "catalogue.listing.expiry_notified",
        _("Expiry notice"),
        _("Partner told the listing ends soon"),
    ),
    ("catalogue.listing.withdrawn", _("Withdrawn"), _("Withdrawn by the partner's notice")),
    ("catalogue.listing.renewal_requested", _("Renewal requested"), _("Renewal sent to review")),
    ("catalogue.listing.renewed", _("Listing renewed"), _("Listing period extended")),
]


@hooks.register("register_log_actions")
def register_catalogue_log_actions(actions):
    for action, label, message in CATALOGUE_LOG_ACTIONS:
        actions.register_action(action)(
            type(
                "CatalogueLogFormatter", (ReasonLogFormatter,), {"label": label, "message": message}
            )
        )


# ------------------------------------------------------------------ workflow words


@hooks.register("construct_snippet_action_menu")
def truthful_course_actions(menu_items, request, context):
    """The course editor's buttons say what they do.

    Approval does not publish a course (WAGTAIL_FINISH_WORKFLOW_ACTION), so
    Wagtail's 「承認と公開」 becomes 「承認する」; 「公開」 is offered only once the
    content is approved; a partner's main button is 「審査を申請」.
    """
    if context.get("model") is not Course:
        return
    instance = context.get("instance")
    # The editor shows the latest revision's content; the state is the stored row's.
    course = Course.objects.filter(pk=instance.pk).first() if instance and instance.pk else None
    state = instance.current_workflow_state if instance and instance.pk else None
    if state is not None and state.is_at_final_task:
        # Wagtail calls the last task's approval "… and Publish"; for a course it is not.
        for item in menu_items:
            if getattr(item, "name", "") == "approve":
                item.label = (
                    pgettext("review action", "Approve with comment (publish separately)")
                    if getattr(item, "launch_modal", False)
                    else pgettext("review action", "Approve (publish separately)")
                )
    if course is None or review_status.course_status(course) != review_status.CourseStatus.APPROVED:
        menu_items[:] = [i for i in menu_items if getattr(i, "name", "") != "action-publish"]
    for item in menu_items:
        if getattr(item, "name", "") == "action-publish":
            item.label = pgettext("review action", "List on the site")
            item.template_name = "catalogue/admin/publish_menu_item.html"
    if is_partner_user(request.user):
        submit = [i for i in menu_items if getattr(i, "name", "") == "action-submit"]
        menu_items[:] = submit + [i for i in menu_items if i not in submit]


@hooks.register("before_edit_snippet")
def show_the_reviewers_request(request, instance):
    """The partner reads the reviewer's change request on the edit screen itself."""
    if not isinstance(instance, (Course, Partner)) or request.method != "GET":
        return None
    state = instance.current_workflow_state
    if state is None or state.status != state.STATUS_NEEDS_CHANGES:
        return None
    task_state = state.current_task_state
    comment = task_state.get_comment() if task_state else ""
    if comment:
        messages.warning(
            request,
            pgettext("review", "Changes requested by the reviewer: %(comment)s")
            % {"comment": comment},
        )
    return None


@hooks.register("construct_homepage_panels")
def catalogue_dashboard_panels(request, panels):
    """Partners see their home; the secretariat sees its queue, above Wagtail's own panels."""
    panels[:0] = dashboard.panels_for(request)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def say_when_roles_were_linked_automatically(request, instance):
    """A level-2 DSS-P course gets every role; the partner is told rather than surprised."""

    # A reviewer's workflow action saves the form too, but the partner chose the level.
    if not isinstance(instance, Course) or "action-workflow-action" in request.POST:
        return None
    if roles_for_level(instance.level, list(instance.standards.all())) is not None:
        messages.info(
            request,
            pgettext(
                "course form",
                "As a level-2 DX promotion skill standard (DSS-P) course, it has been linked "
                "to all %(count)s roles.",
            )
            % {"count": instance.roles.count()},
        )
    return None


# --- reports (#13): report requests in the menu and as a task on the partner's dashboard ---------


class ReportRequestsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("catalogue.view_reportrequest")


@hooks.register("register_admin_menu_item")
def register_report_requests_menu_item():
    return ReportRequestsMenuItem(
        _("Report requests"),
        reverse("catalogue_admin:report_requests"),
        icon_name="tasks",
        order=171,
    )


@hooks.register("construct_homepage_panels")
def add_report_tasks_panel(request, panels):
    if is_partner_user(request.user):
        panels.append(ReportTasksPanel(request.user))


@hooks.register("register_snippet_listing_buttons")
def open_reporting_period_button(snippet, user, next_url=None):
    if (
        isinstance(snippet, ReportingPeriod)
        and snippet.opened_at is None
        and user.has_perm("catalogue.change_reportingperiod")
    ):
        yield ListingButton(
            _("Open and send the requests"),
            reverse("catalogue_admin:open_reporting_period", args=[snippet.pk]),
            priority=40,
        )
