from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GbizidConfig(AppConfig):
    name = "manabi.gbizid"
    label = "gbizid"
    verbose_name = _("gBizID sign-in")
