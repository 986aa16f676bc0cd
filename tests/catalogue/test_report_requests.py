"""Reporting periods: opening sends requests, reminders on frozen time, overdue list, filing."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.models import PerformanceReport, ReportRequest
from catalogue.report_requests import open_reporting_period, send_report_reminders
from tests.catalogue.admin import snippet_url
from tests.catalogue.factories import (
    CourseFactory,
    PartnerFactory,
    PartnerUserFactory,
    PerformanceReportFactory,
    ReportingItemFactory,
    ReportingPeriodFactory,
    SecretariatUserFactory,
    listed_course,
)

pytestmark = pytest.mark.django_db
OPENED = datetime.datetime(2026, 10, 1, 10, 0, tzinfo=datetime.UTC)
DUE = datetime.date(2026, 10, 31)


def at(day):
    """Freeze time at 10:00 JST on ``day``."""
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(1, 0), tzinfo=datetime.UTC), tick=False
    )


@pytest.fixture
def opened(django_capture_on_commit_callbacks):
    """Two partners with listed courses (one has two), one unlisted course; the period opened."""
    first, second = PartnerFactory(name="一の株式会社"), PartnerFactory(name="二の株式会社")
    a1 = listed_course(partner=first, title="講座A1")
    a2 = listed_course(partner=first, title="講座A2")
    b1 = listed_course(partner=second, title="講座B1")
    CourseFactory(partner=second, title="未掲載講座")
    period = ReportingPeriodFactory(title="令和8年度上期", due_date=DUE)
    mail.outbox.clear()
    with at(datetime.date(2026, 10, 1)), django_capture_on_commit_callbacks(execute=True):
        open_reporting_period(period)
    return {"period": period, "a1": a1, "a2": a2, "b1": b1, "first": first, "second": second}


def test_opening_asks_each_listed_course_and_mails_each_partner_once(opened):
    requested = set(ReportRequest.objects.values_list("course__title", flat=True))
    assert requested == {"講座A1", "講座A2", "講座B1"}
    assert len(mail.outbox) == 2
    to_first = next(m for m in mail.outbox if opened["first"].contact_email in m.to)
    assert "実績報告" in to_first.subject
    assert "講座A1" in to_first.body and "講座A2" in to_first.body
    assert "2026年10月31日" in to_first.body


def test_opening_twice_is_refused(opened):
    with pytest.raises(ValidationError) as exc:
        open_reporting_period(opened["period"])
    assert "既に" in " ".join(exc.value.messages)
    assert ReportRequest.objects.count() == 3


def test_reminder_before_due_date_once_then_overdue_notice_once(opened):
    PerformanceReportFactory(course=opened["a1"], reporting_period=opened["period"])
    mail.outbox.clear()

    with at(datetime.date(2026, 10, 23)):  # 8 days before: too early
        assert send_report_reminders() == {"reminded": 0, "overdue": 0}
    with at(datetime.date(2026, 10, 24)):  # 7 days before
        assert send_report_reminders() == {"reminded": 2, "overdue": 0}
        assert send_report_reminders() == {"reminded": 0, "overdue": 0}
    reminded_bodies = " ".join(m.body for m in mail.outbox)
    assert "講座A2" in reminded_bodies and "講座B1" in reminded_bodies
    assert "講座A1" not in reminded_bodies  # filed
    assert len(mail.outbox) == 2

    mail.outbox.clear()
    with at(DUE):  # the due date itself is not overdue
        assert send_report_reminders()["overdue"] == 0
    with at(DUE + datetime.timedelta(days=1)):
        call_command("send_report_reminders")
        call_command("send_report_reminders")
    assert len(mail.outbox) == 2
    assert all("期限を過ぎ" in m.subject or "未提出" in m.subject for m in mail.outbox)


def test_reminder_command_rejects_a_bad_date():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_report_reminders", "--date", "2026-13-01")


def test_reminder_job_is_scheduled(settings):
    assert settings.SCHEDULED_JOBS["send_report_reminders"]["command"] == "send_report_reminders"


def test_overdue_list_per_partner_and_course(client, site, opened):
    PerformanceReportFactory(course=opened["a1"], reporting_period=opened["period"])
    client.force_login(SecretariatUserFactory())
    with at(DUE + datetime.timedelta(days=1)):
        html = client.get("/admin/catalogue/reports/requests/", {"overdue": "1"}).content.decode()
    assert "講座A2" in html and "講座B1" in html
    assert "講座A1" not in html
    assert html.index("一の株式会社") < html.index("二の株式会社")


def test_secretariat_queue_shows_the_overdue_reports(client, site, opened):
    """The secretariat's home lists the reports past their due date, linked to the full list."""
    PerformanceReportFactory(course=opened["a1"], reporting_period=opened["period"])
    secretariat = SecretariatUserFactory()
    # Signed in inside each moment: the idle timeout ends a session across days of time travel.
    with at(DUE - datetime.timedelta(days=1)):
        client.force_login(secretariat)
        before = client.get("/admin/").content.decode()
    with at(DUE + datetime.timedelta(days=1)):
        client.force_login(secretariat)
        after = client.get("/admin/").content.decode()
    assert "提出期限を過ぎた実績報告（0件）" in before
    assert "提出期限を過ぎた実績報告（2件）" in after
    assert "講座A2" in after and "講座B1" in after
    assert "/admin/catalogue/reports/requests/?overdue=1" in after


def test_partner_sees_only_its_own_requests(client, site, opened):
    client.force_login(PartnerUserFactory(partner=opened["second"]))
    html = client.get("/admin/catalogue/reports/requests/").content.decode()
    assert "講座B1" in html
    assert "講座A1" not in html and "講座A2" not in html


def test_partner_cannot_open_a_period(client, site):
    period = ReportingPeriodFactory()
    client.force_login(PartnerUserFactory(partner=PartnerFactory()))
    response = client.post(f"/admin/catalogue/reports/periods/{period.pk}/open/")
    assert response.status_code in (302, 403)
    period.refresh_from_db()
    assert period.opened_at is None


def test_secretariat_opens_a_period_from_the_admin(
    client, site, django_capture_on_commit_callbacks
):
    listed_course(partner=PartnerFactory(), title="講座X")
    period = ReportingPeriodFactory()
    client.force_login(SecretariatUserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/catalogue/reports/periods/{period.pk}/open/", follow=True)
    assert "1 件の講座に実績報告を依頼しました" in response.content.decode()
    again = client.post(f"/admin/catalogue/reports/periods/{period.pk}/open/", follow=True)
    assert "既に" in again.content.decode()


def test_period_with_due_date_before_its_end_is_refused(client, site):
    from catalogue.models import ReportingPeriod

    client.force_login(SecretariatUserFactory())
    response = client.post(
        snippet_url(ReportingPeriod, "add"),
        {
            "title": "令和8年度",
            "period_start": "2026-04-01",
            "period_end": "2026-09-30",
            "due_date": "2026-09-01",
            "extra_items-TOTAL_FORMS": "0",
            "extra_items-INITIAL_FORMS": "0",
            "extra_items-MIN_NUM_FORMS": "0",
            "extra_items-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200
    assert "提出期限" in str(response.context["form"].errors["due_date"])
    assert not ReportingPeriod.objects.exists()


def report_post(report_request, **extra):
    return {
        "course": report_request.course_id,
        "reporting_period": report_request.period_id,
        "sessions_held": "3",
        "rows-TOTAL_FORMS": "1",
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "1000",
        "rows-0-prefecture": "13",
        "rows-0-gender": "female",
        "rows-0-learners": "12",
        "rows-0-completers": "9",
        "rows-0-ORDER": "1",
        "complaints": "教材の誤字の指摘1件。修正済み。",
        **extra,
    }


def test_partner_files_a_report_with_the_period_extra_items(client, site, opened):
    item = ReportingItemFactory(period=opened["period"], label="受講者の業種の内訳")
    number = ReportingItemFactory(
        period=opened["period"], label="オンライン受講者数", kind="number"
    )
    report_request = ReportRequest.objects.get(course=opened["b1"])
    user = PartnerUserFactory(partner=opened["second"])
    client.force_login(user)
    add = snippet_url(PerformanceReport, "add")

    form_html = client.get(add, {"request": report_request.pk}).content.decode()
    assert "受講者の業種の内訳" in form_html and "オンライン受講者数" in form_html

    # Bad input: missing required item, a word for a number; what was typed stays.
    bad = client.post(
        add, report_post(report_request, **{item.field_name: ""}, **{number.field_name: "多数"})
    )
    assert bad.status_code == 200
    errors = bad.context["form"].errors
    assert "この項目を記入してください。" in str(errors[item.field_name])
    assert "数値を入力してください。" in str(errors[number.field_name])
    assert "教材の誤字の指摘1件。修正済み。" in bad.content.decode()
    assert not PerformanceReport.objects.exists()

    response = client.post(
        add,
        report_post(
            report_request, **{item.field_name: "製造業 6 / 小売業 6", number.field_name: "8"}
        ),
    )
    assert response.status_code == 302
    report = PerformanceReport.objects.get()
    assert report.submitted_by == user
    assert (report.period_start, report.period_end) == (
        opened["period"].period_start,
        opened["period"].period_end,
    )
    assert report.extra_answers() == [
        ("受講者の業種の内訳", "製造業 6 / 小売業 6"),
        ("オンライン受講者数", "8"),
    ]
    assert not ReportRequest.objects.outstanding().filter(pk=report_request.pk).exists()

    detail = client.get(snippet_url(PerformanceReport, "inspect", report.pk)).content.decode()
    for text in [
        "東京都",
        "女性",
        "12",
        "9",
        "教材の誤字の指摘1件。修正済み。",
        "製造業 6 / 小売業 6",
    ]:
        assert text in detail
    listing = client.get(snippet_url(PerformanceReport, "list")).content.decode()
    assert snippet_url(PerformanceReport, "inspect", report.pk) in listing


def test_secretariat_filing_on_behalf_is_recorded(client, site, opened):
    report_request = ReportRequest.objects.get(course=opened["a2"])
    staff = SecretariatUserFactory()
    client.force_login(staff)
    response = client.post(snippet_url(PerformanceReport, "add"), report_post(report_request))
    assert response.status_code == 302
    assert PerformanceReport.objects.get().submitted_by == staff


def test_partner_dashboard_shows_the_report_task(client, site, opened):
    client.force_login(PartnerUserFactory(partner=opened["first"]))
    html = client.get("/admin/").content.decode()
    assert "提出が必要な実績報告" in html
    assert "講座A1" in html and "講座B1" not in html


def test_cancellation_form_cites_the_overdue_reports(client, site, opened):
    client.force_login(SecretariatUserFactory())
    with at(DUE + datetime.timedelta(days=3)):
        html = client.get(
            f"/admin/catalogue/courses/{opened['b1'].pk}/listing/cancel/"
        ).content.decode()
    assert "期限を過ぎた実績報告" in html
    assert "令和8年度上期" in html
    assert 'value="b" selected' in html


def count_queries(client, url, params):
    client.get(url, params)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize("who", ["secretariat", "partner"])
def test_request_list_query_count_is_flat(client, site, who, django_capture_on_commit_callbacks):
    partner = PartnerFactory()
    user = SecretariatUserFactory() if who == "secretariat" else PartnerUserFactory(partner=partner)
    client.force_login(user)
    url = "/admin/catalogue/reports/requests/"
    first = ReportingPeriodFactory()
    ReportRequest.objects.create(period=first, course=CourseFactory(partner=partner))
    one = count_queries(client, url, {})
    for _ in range(49):
        ReportRequest.objects.create(period=first, course=CourseFactory(partner=partner))
    fifty = count_queries(client, url, {})
    assert one == fifty


def test_totals_summarise_complaints_and_extra_items(client, site):
    period = ReportingPeriodFactory(title="令和8年度上期")
    sector = ReportingItemFactory(period=period, label="業種の内訳")
    online = ReportingItemFactory(period=period, label="オンライン受講者数", kind="number")
    PerformanceReportFactory(
        course=CourseFactory(title="講座甲"),
        reporting_period=period,
        period_start=period.period_start,
        period_end=period.period_end,
        complaints="開始が遅れた。返金対応済み。",
        extra={str(sector.pk): "製造業", str(online.pk): "8"},
    )
    PerformanceReportFactory(
        course=CourseFactory(title="講座乙"),
        reporting_period=period,
        period_start=period.period_start,
        period_end=period.period_end,
        extra={str(online.pk): "4.5"},
    )
    client.force_login(SecretariatUserFactory())
    html = client.get(
        "/admin/catalogue/reports/totals/",
        {"period_start": "2026-04-01", "period_end": "2026-09-30"},
    ).content.decode()
    assert "開始が遅れた。返金対応済み。" in html
    assert "講座甲: 製造業" in html
    assert "<td>2</td><td>12.5</td>" in html  # two answers, 8 + 4.5


def test_demo_adds_an_overdue_period_and_an_open_one(django_capture_on_commit_callbacks):
    from types import SimpleNamespace

    from catalogue import report_demo
    from catalogue.models import ReportingPeriod

    for i in range(5):
        listed_course(title=f"デモ講座{i}")
    command = SimpleNamespace(seed=1, log=lambda message: None)
    with django_capture_on_commit_callbacks(execute=True):
        report_demo.load(command)
        report_demo.load(command)  # idempotent
    past = ReportingPeriod.objects.get(title=report_demo.PAST)
    current = ReportingPeriod.objects.get(title=report_demo.CURRENT)
    assert ReportRequest.objects.overdue().filter(period=past).count() == 1  # 4 of 5 filed
    assert not ReportRequest.objects.overdue().filter(period=current).exists()
    assert ReportRequest.objects.outstanding().filter(period=current).count() == 4
    assert PerformanceReport.objects.filter(reporting_period=past).count() == 4


def test_period_list_offers_to_open_an_unopened_period(client, site):
    from catalogue.models import ReportingPeriod

    period = ReportingPeriodFactory(title="令和9年度上期")
    client.force_login(SecretariatUserFactory())
    html = client.get(snippet_url(ReportingPeriod, "list")).content.decode()
    assert f"/admin/catalogue/reports/periods/{period.pk}/open/" in html
    assert "依頼を開始してメールを送る" in html


@pytest.mark.parametrize("who", ["secretariat", "partner"])
def test_report_list_query_count_is_flat(client, site, who):
    partner = PartnerFactory()
    user = SecretariatUserFactory() if who == "secretariat" else PartnerUserFactory(partner=partner)
    client.force_login(user)
    period = ReportingPeriodFactory()
    url = snippet_url(PerformanceReport, "list")

    def add(n):
        for _ in range(n):
            PerformanceReportFactory(course=CourseFactory(partner=partner), reporting_period=period)

    add(1)
    one = count_queries(client, url, {})
    add(49)
    assert count_queries(client, url, {}) == one
