from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = _("Course catalogue")

    def ready(self):
        from . import signal_handlers  # noqa: F401
