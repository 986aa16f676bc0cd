"""Hearings: interviews the secretariat held with completers or companies. Secretariat only."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable


class Hearing(ClusterableModel):
    """One interview held: who, which organisation, when, the notes and files, and what came of it."""

    held_on = models.DateField(_("held on"))
    interviewee = models.CharField(pgettext_lazy("hearing", "interviewee"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    member = models.ForeignKey(
        "community.Member",
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hearings",
    )
    company = models.ForeignKey(
        "quest.CompanyIntake",
        verbose_name=_("company"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hearings",
    )
    interviewer = models.CharField(_("interviewer"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    interview_page = models.ForeignKey(
        "quest.InterviewPage",
        verbose_name=_("interview article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hearings",
        help_text=_("The interview article this hearing led to, if any."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldRowPanel([FieldPanel("held_on"), FieldPanel("interviewer")]),
        MultiFieldPanel(
            [
                FieldPanel("interviewee"),
                FieldPanel("organisation"),
                FieldPanel("member"),
                FieldPanel("company"),
            ],
            heading=_("Who"),
        ),
        FieldPanel("notes"),
        InlinePanel("attachments", heading=_("Attachments"), label=_("attachment")),
        FieldPanel("interview_page"),
    ]

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.interviewee}"


class HearingAttachment(Orderable):
    hearing = ParentalKey(Hearing, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE
    )

    panels = [FieldPanel("document")]
