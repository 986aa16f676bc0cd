from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ManabiConfig(AppConfig):
    name = "manabi"
    label = "manabi"
    verbose_name = _("Site")
