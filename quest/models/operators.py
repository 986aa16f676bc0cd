"""Programme operators and recruitment rounds.

A round holds the announcement moment; the fairness rule that enforces it lives on
``ProgrammePage.with_content_json`` (quest/models/pages.py), which every publication of a
programme page passes through, and ``quest.services.reschedule_round`` moves scheduled pages.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from manabi.prefectures import Prefecture


class ProgrammeKind(models.TextChoices):
    CASE_STUDY = "case_study", _("Case-study education programme")
    REGIONAL = "regional", _("Regional company collaboration programme")


class Operator(models.Model):
    """An organisation running programmes: a case-study operator or a regional hub."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ProgrammeKind.choices)
    regions = models.JSONField(
        _("regions"), default=list, blank=True, help_text=_("Prefecture codes the operator covers.")
    )
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("users"),
        blank=True,
        related_name="quest_operators",
    )

    panels = [FieldPanel("name"), FieldPanel("kind"), FieldPanel("regions"), FieldPanel("users")]

    class Meta:
        verbose_name = _("operator")
        verbose_name_plural = _("operators")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name

    def region_names(self):
        labels = dict(Prefecture.choices)
        return [labels.get(code, code) for code in self.regions]

    def clean(self):
        unknown = [code for code in self.regions if code not in dict(Prefecture.choices)]
        if unknown:
            raise ValidationError(
                {
                    "regions": _("Unknown prefecture codes: %(codes)s")
                    % {"codes": ", ".join(unknown)}
                }
            )


class RecruitmentRound(models.Model):
    """One recruitment (e.g. 令和6年度): one announcement moment and one application window for all."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    announcement_at = models.DateTimeField(
        _("announcement moment"),
        help_text=_(
            "Every programme page of the round goes live together at this moment, not before."
        ),
    )
    applications_open_at = models.DateTimeField(_("applications open"))
    applications_close_at = models.DateTimeField(_("applications close"))

    panels = [
        FieldPanel("name"),
        FieldPanel("announcement_at"),
        FieldRowPanel([FieldPanel("applications_open_at"), FieldPanel("applications_close_at")]),
    ]

    class Meta:
        verbose_name = _("recruitment round")
        verbose_name_plural = _("recruitment rounds")
        ordering = ["-announcement_at"]

    def __str__(self):
        return self.name

    # The moment as read from the database: moving it reschedules the round's
    # pages (quest.signal_handlers.round_moment_moved).
    loaded_announcement_at = None

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance.loaded_announcement_at = instance.__dict__.get("announcement_at")
        return instance

    def clean(self):
        errors = {}
        if (
            self.applications_open_at
            and self.applications_close_at
            and self.applications_close_at <= self.applications_open_at
        ):
            errors["applications_close_at"] = _("Applications must close after they open.")
        if (
            self.announcement_at
            and self.applications_open_at
            and self.applications_open_at < self.announcement_at
        ):
            errors["applications_open_at"] = _("Applications cannot open before the announcement.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self):
        now = timezone.now()
        return self.applications_open_at <= now < self.applications_close_at

    @classmethod
    def current(cls):
        """The round whose application window is open now, else the next one."""
        now = timezone.now()
        return (
            cls.objects.filter(applications_open_at__lte=now, applications_close_at__gt=now).first()
            or cls.objects.filter(applications_open_at__gt=now)
            .order_by("applications_open_at")
            .first()
        )
