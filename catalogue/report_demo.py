"""Demo reporting periods: one past its due date with overdue partners, one still open.

Idempotent: does nothing when the demo periods exist.
"""

import datetime
import random

from django.utils import timezone

from .models import PerformanceReport, PerformanceReportRow, ReportingItem, ReportingPeriod
from .report_requests import open_reporting_period

PAST = "令和7年度下期 実績報告"
CURRENT = "令和8年度上期 実績報告"


def _file_some(period, share, rng):
    """File reports for ``share`` of the period's requests, with a few prefecture × gender rows."""
    requests = list(period.requests.select_related("course").order_by("pk"))
    chosen = requests[: int(len(requests) * share)]
    reports = PerformanceReport.objects.bulk_create(
        [
            PerformanceReport(
                course=r.course,
                reporting_period=period,
                period_start=period.period_start,
                period_end=period.period_end,
                sessions_held=rng.randint(1, 12),
                evaluation_summary="満足度 4.2 / 5",
                complaints="開講日の案内が遅れたとの指摘 1 件。案内手順を改めました。"
                if rng.random() < 0.1
                else "",
                extra={str(item.pk): str(rng.randint(0, 30)) for item in period.extra_items.all()},
            )
            for r in chosen
        ]
    )
    rows = []
    for report in reports:
        for prefecture in rng.sample(["13", "14", "27", "23", "01", "40"], 2):
            for gender in ("male", "female"):
                learners = rng.randint(0, 40)
                rows.append(
                    PerformanceReportRow(
                        report=report,
                        prefecture=prefecture,
                        gender=gender,
                        learners=learners,
                        completers=rng.randint(0, learners),
                    )
                )
    PerformanceReportRow.objects.bulk_create(rows)
    return len(reports)


def load(command):
    if ReportingPeriod.objects.filter(title=PAST).exists():
        command.log("reporting periods already present")
        return
    rng = random.Random(command.seed)  # noqa: S311 - reproducible demo data
    today = timezone.localdate()
    past = ReportingPeriod.objects.create(
        title=PAST,
        period_start=datetime.date(2025, 10, 1),
        period_end=datetime.date(2026, 3, 31),
        due_date=min(datetime.date(2026, 4, 30), today - datetime.timedelta(days=1)),
    )
    ReportingItem.objects.create(
        period=past, label="オンライン受講者数", kind=ReportingItem.Kind.NUMBER, required=True
    )
    current = ReportingPeriod.objects.create(
        title=CURRENT,
        period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2026, 9, 30),
        due_date=max(datetime.date(2026, 9, 30), today + datetime.timedelta(days=14)),
    )
    ReportingItem.objects.create(
        period=current,
        label="受講者の業種の内訳",
        help_text="製造業・小売業など、分かる範囲で記入してください。",
    )
    for period, share in ((past, 0.8), (current, 0.3)):
        open_reporting_period(period)
        filed = _file_some(period, share, rng)
        command.log(f"{period.title}: {period.requests.count()} requested, {filed} filed")
