from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    """Headers, sign-in protection (lockout, second factor) and the audit log of personal data."""

    name = "security"
    verbose_name = _("Security")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from . import audit  # noqa: F401 - connects the sign-in signal receivers
        from .models import AuditEvent
        from .permissions import ReadOnlyPermissionPolicy

        register_permission_policy(AuditEvent, ReadOnlyPermissionPolicy(AuditEvent))
