"""Requests from applicants and companies to see or erase their personal data."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonalDataRequest(models.Model):
    """A disclosure or deletion request received by the secretariat (by e-mail or post).

    The secretariat records it in the admin and marks it done there; marking a
    deletion request done erases the data (``quest.privacy.carry_out``).
    """

    class Kind(models.TextChoices):
        DELETION = "deletion", _("Deletion")
        DISCLOSURE = "disclosure", _("Disclosure")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    email = models.EmailField(_("e-mail of the person"))
    kind = models.CharField(_("request"), max_length=20, choices=Kind.choices)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True, editable=False)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
    )
    result = models.TextField(_("result"), blank=True, editable=False)

    class Meta:
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.email}"
