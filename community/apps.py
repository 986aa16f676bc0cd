from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Completers' community")

    def ready(self):
        from . import signal_handlers  # noqa: F401
