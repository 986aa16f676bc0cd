"""The audit log in the admin: read-only for whoever has the view permission (the secretariat)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet

from .models import AuditEvent


class AuditEventViewSet(ModelViewSet):
    model = AuditEvent
    icon = "history"
    menu_label = _("Audit log")
    menu_order = 910
    add_to_settings_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        DateColumn("at", label=_("At")),
        Column("action", label=_("Action"), accessor="get_action_display"),
        "username",
        "ip_address",
        "subject",
    ]
    list_filter = ["action"]
    search_fields = ["username", "subject", "path"]
    form_fields = ["action"]  # never used: nobody may add or change an event
    list_export = ["at", "action", "username", "ip_address", "path", "subject"]
    export_filename = "audit-log"
