"""Cohorts: the groups of completers, per programme (layer) and year, linked to Quest where it exists."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel


class Layer(models.IntegerChoices):
    """The platform's layers a completer can have finished (layer 1 is the course portal)."""

    CASE_STUDY = 2, _("Layer 2: case-study programme")
    REGIONAL = 3, _("Layer 3: regional collaboration programme")


class Cohort(models.Model):
    """Completers of one programme in one year (e.g. 令和6年度 マナビDX Quest ケーススタディ).

    Earlier communities (AI Quest, 令和4・5年度) have no Quest programme page or
    round in this system, so both links are optional.
    """

    name = models.CharField(_("name"), max_length=150, unique=True)
    layer = models.PositiveSmallIntegerField(_("layer"), choices=Layer.choices)
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"), help_text=_("Western calendar year the fiscal year starts in.")
    )
    programme = models.ForeignKey(
        "quest.ProgrammePage",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="community_cohorts",
    )
    recruitment_round = models.ForeignKey(
        "quest.RecruitmentRound",
        verbose_name=_("recruitment round"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="community_cohorts",
    )
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("layer"), FieldPanel("fiscal_year")]),
        FieldRowPanel([FieldPanel("programme"), FieldPanel("recruitment_round")]),
        FieldPanel("description"),
    ]

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-fiscal_year", "layer", "name"]

    def __str__(self):
        return self.name
