"""The check of a Quest application's declared layer-2 completion against the members list."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CompletionCheck(models.Model):
    """One application that declared completing the case-study programme, and what the list says.

    Written by community.signal_handlers when quest stores an application, so
    quest never imports community.
    """

    class Result(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed in the members list")
        NOT_FOUND = "not_found", _("E-mail not in the members list")
        NO_LAYER2 = "no_layer2", _("Member found, but no layer-2 completion")

    application = models.OneToOneField(
        "quest.Application",
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="completion_check",
    )
    member = models.ForeignKey(
        "community.Member",
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="completion_checks",
    )
    result = models.CharField(_("result"), max_length=20, choices=Result.choices)
    checked_at = models.DateTimeField(_("checked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("layer-2 completion check")
        verbose_name_plural = _("layer-2 completion checks")
        ordering = ["-checked_at"]

    def __str__(self):
        return f"{self.application} – {self.get_result_display()}"
