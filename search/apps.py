from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Course search")

    def ready(self):
        from . import signal_handlers  # noqa: F401
        from .analysis import set_synonym_loader
        from .models import Synonym

        set_synonym_loader(Synonym.mapping)
