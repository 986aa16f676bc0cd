"""Registration only: the dashboard's admin URLs and menu item (secretariat only)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views


@hooks.register("register_admin_urls")
def register_dashboard_urls():
    return [path("dashboard/", include((views.urlpatterns, "dashboard")))]


class SecretariatOnlyMenuItem(MenuItem):
    def is_shown(self, request):
        return views.is_secretariat(request.user)


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return SecretariatOnlyMenuItem(
        _("Secretariat dashboard"), reverse("dashboard:index"), icon_name="view", order=120
    )
