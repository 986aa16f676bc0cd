"""Registration only: the second-factor pages, the account menu item, the audit log viewset."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import views
from .otp import requires_second_factor
from .viewsets import AuditEventViewSet


@hooks.register("register_admin_urls")
def register_second_factor_urls():
    return [
        path("second-factor/", views.verify, name="security_otp_verify"),
        path("second-factor/setup/", views.setup, name="security_otp_setup"),
        path("second-factor/account/", views.account, name="security_otp_account"),
        path(
            "second-factor/recovery-codes/",
            views.recovery_codes,
            name="security_otp_recovery_codes",
        ),
    ]


@hooks.register("register_account_menu_item")
def second_factor_menu_item(request):
    if not requires_second_factor(request.user):
        return None
    return {
        "url": reverse("security_otp_account"),
        "label": _("Two-step verification"),
        "help_text": _("Authenticator app and recovery codes."),
    }


@hooks.register("register_admin_viewset")
def register_audit_log():
    return AuditEventViewSet("security_audit_log")
