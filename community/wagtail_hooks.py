"""Registration only."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from . import admin_views, survey_admin_views
from .models import Assertion, CompletionCheck, Enrolment, SurveyPage
from .viewsets import CommunityViewSetGroup, ReadOnlyPermissionPolicy

for model in (Enrolment, Assertion, CompletionCheck):
    register_permission_policy(model, ReadOnlyPermissionPolicy(model))


@hooks.register("register_admin_viewset")
def register_community_viewsets():
    return CommunityViewSetGroup()


@hooks.register("register_admin_urls")
def register_community_admin_urls():
    return [path("community/", include((admin_views.urlpatterns, "community_admin")))]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("community.add_member")


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Import member lists"), reverse("community_admin:import"), icon_name="upload", order=261
    )


# --- reports (#13): survey administration ---------------------------------------------------------


@hooks.register("register_admin_urls")
def register_survey_admin_urls():
    return [
        path("community/surveys/", include((survey_admin_views.urlpatterns, "community_surveys")))
    ]


@hooks.register("register_page_header_buttons")
def survey_results_button(page, user, view_name=None, next_url=None):
    from wagtail.admin.widgets import Button

    if isinstance(page.specific_deferred, SurveyPage) and user.has_perm(
        "community.view_surveyresponse"
    ):
        yield Button(
            _("Invitations and results"),
            reverse("community_surveys:detail", args=[page.pk]),
            icon_name="table",
            priority=30,
        )
