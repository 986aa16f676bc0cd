"""Registration only: viewsets, admin URLs, menu items, listing buttons and log actions."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import ListingButton
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet

from . import admin_views, report_admin_views
from .models import Course, Partner, PartnerMember
from .permissions import (
    NO_PARTNER_MESSAGE,
    is_partner_user,
    partner_for,
    register_partner_policies,
)
from .services import CourseNotPublishable, ensure_publishable
from .viewsets import CatalogueViewSetGroup, TaxonomyViewSetGroup

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
        ensure_publishable(obj, obj.latest_revision)
    except CourseNotPublishable as exc:
        messages.error(request, str(exc))
        return redirect(reverse(Course.snippet_viewset.get_url_name("edit"), args=[obj.pk]))
    return None


@hooks.register("after_create_snippet")
def link_registering_user_to_partner(request, instance):
    """A partner user who registers an organisation becomes its member."""
    if (
        isinstance(instance, Partner)
        and is_partner_user(request.user)
        and not partner_for(request.user)
    ):
        PartnerMember.objects.create(partner=instance, user=request.user)
        request.user._partner_cache = instance


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
]


@hooks.register("register_log_actions")
def register_catalogue_log_actions(actions):
    for action, label, message in CATALOGUE_LOG_ACTIONS:
        actions.register_action(action)(
            type(
                "CatalogueLogFormatter", (ReasonLogFormatter,), {"label": label, "message": message}
            )
        )


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
    from .report_panels import ReportTasksPanel

    if is_partner_user(request.user):
        panels.append(ReportTasksPanel(request.user))


@hooks.register("register_snippet_listing_buttons")
def open_reporting_period_button(snippet, user, next_url=None):
    from .models import ReportingPeriod

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
