"""Reporting periods: the secretariat asks partners for performance reports and tracks who filed."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel

from .courses import Course
from .reports import PerformanceReport


class ReportingPeriod(ClusterableModel):
    """One request for performance reports: what period, by when, and the period's extra items."""

    title = models.CharField(_("title"), max_length=100)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    due_date = models.DateField(_("due date"))
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True, editable=False)

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
        FieldPanel("due_date"),
        InlinePanel(
            "extra_items",
            heading=_("Other items the secretariat defines"),
            label=_("item"),
        ),
    ]

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["-due_date", "-pk"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The period ends before it starts.")
        if self.period_end and self.due_date and self.due_date < self.period_end:
            errors["due_date"] = _("The due date cannot be before the end of the period.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self):
        return self.opened_at is not None


class ReportingItem(models.Model):
    """An extra question of a period (item 5 of the operating rules), answered in the report form."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Free text")
        NUMBER = "number", _("Number")

    period = ParentalKey(ReportingPeriod, on_delete=models.CASCADE, related_name="extra_items")
    label = models.CharField(_("label"), max_length=200)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TEXT)
    required = models.BooleanField(_("required"), default=False)
    sort_order = models.PositiveIntegerField(default=0, editable=False)

    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("kind"), FieldPanel("required")]),
        FieldPanel("help_text"),
    ]

    class Meta:
        verbose_name = _("report item")
        verbose_name_plural = _("report items")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.label

    @property
    def field_name(self):
        return f"extra_{self.pk}"


class ReportRequestQuerySet(models.QuerySet):
    def with_filed(self):
        """Annotate ``filed``: a report of this course for this period exists (the one source)."""
        reports = PerformanceReport.objects.filter(
            course=models.OuterRef("course"), reporting_period=models.OuterRef("period")
        )
        return self.annotate(
            filed=models.Exists(reports), report_id=models.Subquery(reports.values("pk")[:1])
        )

    def outstanding(self):
        return self.with_filed().filter(filed=False)

    def overdue(self, today=None):
        """Requests past their due date with no report filed: ground (b) for cancelling a listing."""
        today = today or timezone.localdate()
        return self.outstanding().filter(period__due_date__lt=today)


class ReportRequest(models.Model):
    """A period's request to one listed course; filed once a report of that course names the period."""

    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        on_delete=models.CASCADE,
        related_name="requests",
    )
    course = models.ForeignKey(
        Course,
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="report_requests",
    )
    # When each reminder went out, so a second run of the daily job sends nothing twice.
    reminded_at = models.DateTimeField(null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)

    objects = ReportRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("report request")
        verbose_name_plural = _("report requests")
        ordering = ["period__due_date", "course__partner__name", "course__title"]
        constraints = [
            models.UniqueConstraint(fields=["period", "course"], name="unique_request_per_course")
        ]

    def __str__(self):
        return f"{self.period} / {self.course}"
