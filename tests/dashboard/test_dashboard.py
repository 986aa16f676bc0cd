"""The secretariat's dashboard and annual report against a known dataset of fiscal year 2026."""

import datetime
import io
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from catalogue.models import Course, PerformanceReport, ReportRequest
from catalogue.report_requests import open_reporting_period
from catalogue.services import cancel_listing
from community.models import Enrolment
from dashboard.figures import dashboard_sections
from dashboard.fiscal_year import FiscalYear, parse_fiscal_year
from quest.models import Application, ApplicationChoice
from tests.catalogue.factories import (
    PartnerFactory,
    PartnerUserFactory,
    ReportingPeriodFactory,
    SecretariatUserFactory,
    listed_course,
)
from tests.community.factories import AssertionFactory, CohortFactory, MemberFactory
from tests.quest.factories import ProgrammePageFactory, RecruitmentRoundFactory

pytestmark = pytest.mark.django_db
JST = datetime.timezone(datetime.timedelta(hours=9))


def travel(*args):
    return time_machine.travel(datetime.datetime(*args, 10, 0, tzinfo=JST), tick=False)


def apply(round_, programme, prefecture):
    application = Application.objects.create(
        email=f"apply{Application.objects.count()}@example.jp",
        recruitment_round=round_,
        name="応募 花子",
        name_kana="オウボ ハナコ",
        prefecture=prefecture,
        occupation="employee",
        age_band="30s",
        weekly_hours=8,
        statement="-",
        consented_at=timezone.now(),
    )
    ApplicationChoice.objects.create(application=application, programme=programme, rank=1)


@pytest.fixture
def dataset(quest_tree):
    """FY2026 (令和8年度): 3 listings (1 later cancelled), a period with 1 of 3 reports filed,
    3 applications (2 from Tokyo), a cohort with 2 approved members and 1 badge."""
    partner = PartnerFactory()
    with travel(2026, 6, 15):
        literacy = listed_course(partner=partner, level=1, course_type="literacy")
        practical = listed_course(partner=partner, level=2, course_type="practical")
        cancelled = listed_course(partner=partner, level=2, course_type="practical")
        round_ = RecruitmentRoundFactory(name="令和8年度募集")
        programme = ProgrammePageFactory(
            parent=quest_tree["programmes"],
            title="ケーススタディ教育プログラム",
            recruitment_round=round_,
        )
        apply(round_, programme, "13")
        apply(round_, programme, "13")
        apply(round_, programme, "27")
    with travel(2026, 9, 1):
        period = ReportingPeriodFactory(title="令和8年度上期", due_date=datetime.date(2026, 10, 31))
        open_reporting_period(period)
        PerformanceReport.objects.create(
            course=literacy,
            reporting_period=period,
            period_start=period.period_start,
            period_end=period.period_end,
        )
    with travel(2026, 11, 20):
        cancel_listing(cancelled, SecretariatUserFactory(), "b", "実績報告の未提出")
    cohort = CohortFactory(name="令和8年度 ケーススタディ", fiscal_year=2026)
    members = [MemberFactory(), MemberFactory(), MemberFactory()]
    for member, state in zip(members, ["approved", "approved", "invited"], strict=True):
        Enrolment.objects.create(member=member, cohort=cohort, state=state)
    AssertionFactory(member=members[0])
    from community.models import SurveyInvitation, SurveyPage

    with travel(2026, 7, 1):
        survey = SurveyPage(
            title="令和8年度 修了者調査",
            slug="survey-2026",
            opens_at=timezone.now(),
            closes_at=timezone.now() + datetime.timedelta(days=30),
        )
        quest_tree["home"].add_child(instance=survey)
        for i in range(4):
            invitation, _token = SurveyInvitation.issue(survey, f"s{i}@example.jp", "修了者")
            if i < 3:
                SurveyInvitation.objects.filter(pk=invitation.pk).update(answered_at=timezone.now())
    return {"literacy": literacy, "practical": practical}


def figures():
    with travel(2027, 1, 15):
        return {s.key: s for s in dashboard_sections(FiscalYear(2026))}


def test_figures_match_the_known_dataset(dataset):
    sections = figures()
    levels = dict(sections["courses_level"].rows)
    assert levels["レベル1"] == [1, 0]
    assert levels["レベル2"] == [0, 1]  # the cancelled one is not listed any more
    changes = dict(sections["listing_changes"].rows)
    assert changes["2026年6月"] == [3, 0, 0]
    assert changes["2026年11月"] == [0, 0, 1]
    assert dict(sections["reporting"].rows)["令和8年度上期"] == [3, 1, 2]
    assert dict(sections["applications_programme"].rows)["ケーススタディ教育プログラム"] == [3]
    assert dict(sections["applications_region"].rows) == {"東京都": [2], "大阪府": [1]}
    assert dict(sections["applications_round"].rows) == {"令和8年度募集": [3]}
    assert dict(sections["community"].rows) == {"令和8年度 ケーススタディ": [2, 1]}
    assert dict(sections["surveys"].rows) == {"令和8年度 修了者調査": [4, 3]}


def test_another_fiscal_year_is_empty(dataset):
    with travel(2027, 1, 15):
        sections = {s.key: s for s in dashboard_sections(FiscalYear(2025))}
    assert sections["applications_round"].rows == []
    assert sections["reporting"].rows == []


@pytest.mark.parametrize(
    "text,year",
    [
        ("2026", 2026),
        ("2026年度", 2026),
        ("令和8年度", 2026),
        ("R8", 2026),
        ("令和元年度", 2019),
        ("令和８", 2026),
    ],
)
def test_fiscal_year_in_ad_or_reiwa(text, year):
    assert parse_fiscal_year(text).year == year


def test_dashboard_shows_charts_and_tables_for_a_reiwa_year(client, site, dataset):
    with travel(2027, 1, 15):
        client.force_login(SecretariatUserFactory())  # sessions time out: sign in "then"
        html = client.get("/admin/dashboard/", {"year": "令和8年度"}).content.decode()
    assert "令和8年度（2026年度）" in html
    charts = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    assert len(charts) >= 8
    for chart in charts:
        assert "<script" not in chart
        # Only XML namespace names mention another host; nothing is loaded from one.
        assert not re.search(r'(?:href|src)="https?://', chart)
        assert "@import" not in chart and "googleapis" not in chart
    assert '<th scope="row">令和8年度上期</th><td>3</td><td>1</td><td>2</td>' in html
    assert '<th scope="row">東京都</th><td>2</td>' in html


def test_bad_fiscal_year_is_explained(client, site):
    client.force_login(SecretariatUserFactory())
    for bad in ["令和", "abc", "1899", "R0"]:
        response = client.get("/admin/dashboard/", {"year": bad})
        assert response.status_code == 200
        assert "2026 や 令和8年度 のように年度を入力してください。" in response.content.decode()
        assert bad in response.content.decode()  # what was typed stays in the field
        pdf = client.get("/admin/dashboard/annual-report.pdf", {"year": bad})
        assert pdf["Content-Type"].startswith("text/html")


def test_partners_cannot_see_the_dashboard(client, site):
    client.force_login(PartnerUserFactory(partner=PartnerFactory()))
    assert client.get("/admin/dashboard/").status_code in (302, 403)
    assert client.get("/admin/dashboard/annual-report.pdf").status_code in (302, 403)


def test_annual_report_pdf_has_a_text_layer_with_the_figures(client, site, dataset):
    with travel(2027, 1, 15):
        client.force_login(SecretariatUserFactory())
        response = client.get("/admin/dashboard/annual-report.pdf", {"year": "2026"})
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    compact = "".join(text.split())
    assert "マナビDX年次報告" in compact
    assert "令和8年度（2026年度）" in compact
    assert "目次" in compact
    assert "実績報告の提出状況" in compact
    assert "令和8年度上期312" in compact  # requested, filed, overdue
    assert "東京都2" in compact and "大阪府1" in compact
    assert "令和8年度ケーススタディ21" in compact
    assert "令和8年度修了者調査43" in compact
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in (page["/Resources"].get("/Font") or {}).values()
    }
    assert any("Noto" in name and "CJK" in name for name in fonts), fonts


def test_dashboard_query_count_does_not_grow_with_data(client, site, quest_tree):
    partner = PartnerFactory()

    def count():
        client.get("/admin/dashboard/", {"year": "2026"})
        with CaptureQueriesContext(connection) as context:
            assert client.get("/admin/dashboard/", {"year": "2026"}).status_code == 200
        return len(context)

    with travel(2026, 6, 15):
        client.force_login(SecretariatUserFactory())
        listed_course(partner=partner)
        one = count()
        for _ in range(9):
            listed_course(partner=partner)
        assert Course.objects.count() == 10
        assert count() == one
    assert ReportRequest.objects.count() == 0
