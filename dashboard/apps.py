from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """The secretariat's dashboard and annual report: figures read from catalogue, quest, community."""

    name = "dashboard"
    verbose_name = _("Secretariat dashboard")
    default_auto_field = "django.db.models.BigAutoField"
