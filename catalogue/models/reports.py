"""Performance reports: learners and completers by prefecture and gender, per course and period."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel

from manabi.prefectures import Prefecture

from ..panels import ExtraItemsPanel
from .courses import Course


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    OTHER = "other", _("Other / not answered")


class PerformanceReport(ClusterableModel):
    """One course's results for one reporting period."""

    course = models.ForeignKey(
        Course,
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="performance_reports",
    )
    reporting_period = models.ForeignKey(
        "catalogue.ReportingPeriod",
        verbose_name=_("reporting period"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    sessions_held = models.PositiveIntegerField(_("sessions held"), default=0)
    evaluation_summary = models.TextField(_("learner evaluations"), blank=True)
    comments = models.TextField(_("learner comments"), blank=True)
    complaints = models.TextField(_("complaints and how they were handled"), blank=True)
    # Items the secretariat adds to the form later, stored without a schema change.
    extra = models.JSONField(_("other items"), default=dict, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    panels = [
        FieldPanel("course"),
        FieldPanel("reporting_period"),
        FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
        FieldPanel("sessions_held"),
        InlinePanel("rows", heading=_("Learners and completers"), label=_("row")),
        MultiFieldPanel(
            [FieldPanel("evaluation_summary"), FieldPanel("comments"), FieldPanel("complaints")],
            heading=_("Evaluations and complaints"),
        ),
        ExtraItemsPanel(heading=_("Other items the secretariat defines")),
    ]

    class Meta:
        verbose_name = _("performance report")
        verbose_name_plural = _("performance reports")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "period_start", "period_end"], name="unique_report_period"
            )
        ]

    def __str__(self):
        return f"{self.course} {self.period_start:%Y-%m-%d}〜{self.period_end:%Y-%m-%d}"

    def extra_answers(self):
        """(label, answer) for each extra item of the report's period, in the period's order."""
        if self.reporting_period_id is None:
            return []
        answers = self.extra or {}
        return [
            (item.label, answers.get(str(item.pk), ""))
            for item in self.reporting_period.extra_items.all()
        ]

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period ends before it starts.")})


class PerformanceReportRow(models.Model):
    report = ParentalKey(PerformanceReport, on_delete=models.CASCADE, related_name="rows")
    prefecture = models.CharField(_("prefecture"), max_length=2, choices=Prefecture.choices)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    learners = models.PositiveIntegerField(_("learners"), default=0)
    completers = models.PositiveIntegerField(_("completers"), default=0)

    panels = [
        FieldRowPanel(
            [
                FieldPanel("prefecture"),
                FieldPanel("gender"),
                FieldPanel("learners"),
                FieldPanel("completers"),
            ]
        )
    ]

    class Meta:
        verbose_name = _("report row")
        verbose_name_plural = _("report rows")
        ordering = ["prefecture", "gender"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "prefecture", "gender"], name="unique_report_cell"
            ),
            models.CheckConstraint(
                condition=models.Q(completers__lte=models.F("learners")),
                name="completers_not_more_than_learners",
            ),
        ]

    def __str__(self):
        return f"{self.get_prefecture_display()} {self.get_gender_display()}"

    def clean(self):
        super().clean()
        if (
            self.completers is not None
            and self.learners is not None
            and self.completers > self.learners
        ):
            raise ValidationError(
                {
                    "completers": _(
                        "Completers cannot outnumber learners in the same prefecture and gender."
                    )
                }
            )
