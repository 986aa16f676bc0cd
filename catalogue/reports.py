"""Totals of performance reports: learners and completers by prefecture and gender."""

from dataclasses import dataclass, field
from io import BytesIO

from django.db.models import Sum
from django.utils.translation import gettext as _
from openpyxl import Workbook

from manabi.prefectures import Prefecture

from .models import PerformanceReport, PerformanceReportRow, ReportingItem
from .models.reports import Gender


@dataclass
class Cell:
    learners: int = 0
    completers: int = 0

    def add(self, other):
        self.learners += other.learners
        self.completers += other.completers


@dataclass
class ReportTotals:
    period_start: object
    period_end: object
    report_count: int = 0
    cells: dict = field(default_factory=dict)  # (prefecture, gender) -> Cell

    def cell(self, prefecture, gender):
        return self.cells.get((prefecture, gender), Cell())

    def prefecture_total(self, prefecture):
        total = Cell()
        for gender in Gender.values:
            total.add(self.cell(prefecture, gender))
        return total

    def gender_total(self, gender):
        total = Cell()
        for prefecture in Prefecture.values:
            total.add(self.cell(prefecture, gender))
        return total

    @property
    def grand_total(self):
        total = Cell()
        for cell in self.cells.values():
            total.add(cell)
        return total

    def table(self):
        """Rows for display: (prefecture label, [cell per gender], prefecture total)."""
        return [
            (label, [self.cell(code, g) for g in Gender.values], self.prefecture_total(code))
            for code, label in Prefecture.choices
        ]


def aggregate_reports(period_start, period_end):
    """Sum every report whose period lies within [period_start, period_end], in one query."""
    rows = (
        PerformanceReportRow.objects.filter(
            report__period_start__gte=period_start, report__period_end__lte=period_end
        )
        .values("prefecture", "gender")
        .annotate(learners=Sum("learners"), completers=Sum("completers"))
    )
    totals = ReportTotals(period_start, period_end)
    for row in rows:
        totals.cells[(row["prefecture"], row["gender"])] = Cell(row["learners"], row["completers"])
    totals.report_count = PerformanceReport.objects.filter(
        period_start__gte=period_start, period_end__lte=period_end
    ).count()
    return totals


def totals_to_xlsx(totals):
    """An XLSX workbook of the totals table, as bytes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Totals")
    sheet.append([_("Period"), f"{totals.period_start:%Y-%m-%d}〜{totals.period_end:%Y-%m-%d}"])
    header = [_("Prefecture")]
    for _code, label in Gender.choices:
        header += [f"{label} {_('learners')}", f"{label} {_('completers')}"]
    header += [_("Total learners"), _("Total completers")]
    sheet.append(header)
    for label, cells, total in totals.table():
        row = [label]
        for cell in cells:
            row += [cell.learners, cell.completers]
        sheet.append([*row, total.learners, total.completers])
    footer = [_("Total")]
    for gender in Gender.values:
        cell = totals.gender_total(gender)
        footer += [cell.learners, cell.completers]
    grand = totals.grand_total
    sheet.append([*footer, grand.learners, grand.completers])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- reports (#13): complaints and the secretariat's extra items in the totals -------------------


def complaint_summary(period_start, period_end):
    """Every report in the period that records a complaint: (course, partner, text), one query."""
    return list(
        PerformanceReport.objects.filter(period_start__gte=period_start, period_end__lte=period_end)
        .exclude(complaints="")
        .select_related("course__partner")
        .order_by("course__partner__name", "course__title")
    )


@dataclass
class ExtraItemSummary:
    label: str
    kind: str
    answered: int = 0
    total: object = None  # the sum of a number item
    answers: list = field(default_factory=list)  # (course title, text) of a text item


def extra_item_summary(period_start, period_end):
    """Each extra item of the periods in range, with the number of answers and their sum or texts."""
    from decimal import Decimal, InvalidOperation

    items = list(
        ReportingItem.objects.filter(
            period__period_start__gte=period_start, period__period_end__lte=period_end
        ).select_related("period")
    )
    reports = PerformanceReport.objects.filter(
        reporting_period__in={item.period_id for item in items}
    ).select_related("course")
    summaries = {
        item.pk: ExtraItemSummary(f"{item.period.title}: {item.label}", item.kind) for item in items
    }
    for report in reports:
        for key, value in (report.extra or {}).items():
            summary = summaries.get(int(key)) if str(key).isdigit() else None
            if summary is None or value in ("", None):
                continue
            summary.answered += 1
            if summary.kind == "number":
                try:
                    summary.total = (summary.total or Decimal(0)) + Decimal(str(value))
                except InvalidOperation:
                    continue
            else:
                summary.answers.append((report.course.title, value))
    return list(summaries.values())
