"""Performance report totals against hand-computed numbers, the XLSX export, and bad input."""

import datetime
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from catalogue.models import PerformanceReportRow
from catalogue.reports import aggregate_reports
from tests.catalogue.factories import (
    CourseFactory,
    PartnerUserFactory,
    PerformanceReportFactory,
    PerformanceReportRowFactory,
    SecretariatUserFactory,
)

pytestmark = pytest.mark.django_db
APRIL, SEPTEMBER = datetime.date(2026, 4, 1), datetime.date(2026, 9, 30)


@pytest.fixture
def reports():
    first = PerformanceReportFactory(period_start=APRIL, period_end=datetime.date(2026, 6, 30))
    second = PerformanceReportFactory(period_start=datetime.date(2026, 7, 1), period_end=SEPTEMBER)
    outside = PerformanceReportFactory(
        period_start=datetime.date(2026, 10, 1), period_end=datetime.date(2026, 12, 31)
    )
    for report, prefecture, gender, learners, completers in [
        (first, "13", "female", 10, 8),
        (first, "13", "male", 12, 9),
        (first, "27", "female", 5, 5),
        (second, "13", "female", 7, 3),
        (second, "01", "other", 2, 0),
        (outside, "13", "female", 100, 100),
    ]:
        PerformanceReportRowFactory(
            report=report,
            prefecture=prefecture,
            gender=gender,
            learners=learners,
            completers=completers,
        )


def test_totals_match_hand_computed_numbers(reports):
    totals = aggregate_reports(APRIL, SEPTEMBER)

    assert totals.report_count == 2
    tokyo_female = totals.cell("13", "female")
    assert (tokyo_female.learners, tokyo_female.completers) == (17, 11)
    tokyo = totals.prefecture_total("13")
    assert (tokyo.learners, tokyo.completers) == (29, 20)
    female = totals.gender_total("female")
    assert (female.learners, female.completers) == (22, 16)
    grand = totals.grand_total
    assert (grand.learners, grand.completers) == (36, 25)


def test_admin_view_shows_totals_and_exports_xlsx(client, reports):
    client.force_login(SecretariatUserFactory())
    params = {"period_start": "2026-04-01", "period_end": "2026-09-30"}
    html = client.get("/admin/catalogue/reports/totals/", params).content.decode()
    assert "この期間の実績報告は 2 件です。" in html
    assert "<td>36</td><td>25</td>" in html

    response = client.get("/admin/catalogue/reports/totals/", {**params, "format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True)}
    assert rows["東京都"][3:5] == (17, 11)  # female learners, completers
    assert rows["合計"][-2:] == (36, 25)


def test_bad_period_is_explained(client, reports):
    client.force_login(SecretariatUserFactory())
    html = client.get(
        "/admin/catalogue/reports/totals/",
        {"period_start": "2026-09-30", "period_end": "2026-04-01"},
    ).content.decode()
    assert "期間の終了日が開始日より前になっています。" in html
    garbage = client.get(
        "/admin/catalogue/reports/totals/", {"period_start": "x", "period_end": ""}
    )
    assert garbage.status_code == 200
    assert "日付を正しく入力してください。" in garbage.content.decode()


def test_partner_cannot_see_totals_across_partners(client, reports):
    client.force_login(PartnerUserFactory(partner=CourseFactory().partner))
    response = client.get(
        "/admin/catalogue/reports/totals/",
        {"period_start": "2026-04-01", "period_end": "2026-09-30"},
    )
    assert response.status_code in (302, 403)


def test_completers_cannot_outnumber_learners():
    row = PerformanceReportRow(
        report=PerformanceReportFactory(), prefecture="13", gender="male", learners=3, completers=4
    )
    with pytest.raises(ValidationError) as exc:
        row.full_clean()
    assert "修了者数が受講者数を上回ることはできません" in str(exc.value)


def test_report_counts_cannot_be_negative_through_the_admin(client, site):
    from catalogue.models import PerformanceReport
    from tests.catalogue.admin import snippet_url

    course = CourseFactory()
    client.force_login(PartnerUserFactory(partner=course.partner))
    response = client.post(
        snippet_url(PerformanceReport, "add"),
        {
            "course": course.pk,
            "period_start": "2026-04-01",
            "period_end": "2026-03-01",
            "sessions_held": "-1",
            "rows-TOTAL_FORMS": "1",
            "rows-INITIAL_FORMS": "0",
            "rows-MIN_NUM_FORMS": "0",
            "rows-MAX_NUM_FORMS": "1000",
            "rows-0-prefecture": "13",
            "rows-0-gender": "female",
            "rows-0-learners": "-5",
            "rows-0-completers": "2",
            "rows-0-ORDER": "1",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "sessions_held" in form.errors
    assert "期間の終了日が開始日より前になっています。" in form.errors["period_end"]
    assert "learners" in form.formsets["rows"].forms[0].errors
    assert not PerformanceReport.objects.exists()
