from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestConfig(AppConfig):
    name = "quest"
    verbose_name = _("Manabi DX Quest")

    def ready(self):
        from . import signal_handlers  # noqa: F401
