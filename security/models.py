"""The audit log: who signed in (or failed to), and who looked at or exported personal data."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AuditEvent(models.Model):
    """One security-relevant event. Written by code only; the secretariat reads it in the admin."""

    class Action(models.TextChoices):
        LOGIN_SUCCEEDED = "login_succeeded", _("Signed in")
        LOGIN_FAILED = "login_failed", _("Sign-in failed")
        LOCKED_OUT = "locked_out", _("Locked out after failed sign-ins")
        SECOND_FACTOR_PASSED = "otp_passed", _("Second factor confirmed")
        SECOND_FACTOR_FAILED = "otp_failed", _("Second factor failed")
        SECOND_FACTOR_ENROLLED = "otp_enrolled", _("Second factor registered")
        RECOVERY_CODES_ISSUED = "recovery_codes", _("Recovery codes issued")
        SECOND_FACTOR_RESET = "otp_reset", _("Second factor removed by an operator")
        PASSWORD_RESET_REQUESTED = "password_reset", _("Password reset requested")
        PASSWORD_RESET_THROTTLED = "password_reset_throttled", _("Password reset refused (limit)")
        PERSONAL_DATA_LISTED = "pd_listed", _("Personal data listed")
        PERSONAL_DATA_VIEWED = "pd_viewed", _("Personal data viewed")
        PERSONAL_DATA_EXPORTED = "pd_exported", _("Personal data exported")

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    action = models.CharField(
        pgettext_lazy("audit log", "action"), max_length=32, choices=Action.choices, db_index=True
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as typed or as it was: failed sign-ins have no user, and users may be deleted.
    username = models.CharField(_("user name"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    path = models.CharField(_("path"), max_length=500, blank=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]
        default_permissions = ("view",)  # evidence: nobody edits or deletes it by hand

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.get_action_display()} {self.username}"
