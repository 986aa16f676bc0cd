"""Spreadsheets open correctly in Excel and cannot run formulas; e-mails are plain text."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from catalogue.models import Course, Partner
from catalogue.notifications import notify_partner
from manabi.mail import send_templated_mail
from quest.models import Application
from tests.catalogue.factories import CourseFactory, PartnerFactory, SecretariatUserFactory

pytestmark = pytest.mark.django_db
JST = ZoneInfo("Asia/Tokyo")


def csv_rows(response):
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf"), "Excel needs a BOM to read UTF-8"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.fixture
def secretariat(client):
    client.force_login(SecretariatUserFactory(is_superuser=True))
    return client


@pytest.mark.parametrize(
    "payload", ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
)
def test_course_csv_neutralises_formulas_and_carries_labels(secretariat, site, payload):
    CourseFactory(title=payload, partner=PartnerFactory(name="@株式会社テスト"), level=2)
    response = secretariat.get(
        "/admin/snippets/catalogue/course/?export=csv", headers={"accept-language": "ja"}
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, row = csv_rows(response)
    cells = dict(zip(header, row, strict=True))
    assert cells["講座名"] == "'" + payload
    assert cells["講座提供事業者"] == "'@株式会社テスト"
    assert cells["レベル"] == str(Course.Level(2).label)
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)


def test_partner_csv_has_labels_and_yes_no(secretariat, site):
    PartnerFactory(name="株式会社R&D", prefecture="27", live=True)
    header, row = csv_rows(secretariat.get("/admin/snippets/catalogue/partner/?export=csv"))
    cells = dict(zip(header, row, strict=True))
    assert cells[str(Partner._meta.get_field("prefecture").verbose_name)] == "大阪府"
    assert "はい" in row


def test_application_csv_has_labels_japan_time_and_a_bom(secretariat, site):
    from quest.models import ApplicationChoice
    from tests.quest.factories import ProgrammePageFactory, RecruitmentRoundFactory

    round_ = RecruitmentRoundFactory()
    application = Application.objects.create(
        recruitment_round=round_,
        name='=HYPERLINK("http://evil")',
        name_kana="テスト",
        email="a@example.jp",
        prefecture="13",
        occupation="employee",
        age_band="30s",
        weekly_hours=8,
        statement="-",
        consented_at=timezone.now(),
    )
    Application.objects.filter(pk=application.pk).update(
        created_at=datetime.datetime(2026, 4, 1, 23, 30, tzinfo=datetime.UTC)
    )
    programme = ProgrammePageFactory(parent=site.root_page, recruitment_round=round_)
    ApplicationChoice.objects.create(application=application, programme=programme, rank=1)

    header, row = csv_rows(secretariat.get("/admin/quest_applications/?export=csv"))
    cells = dict(zip(header, row, strict=True))
    assert cells[str(Application._meta.get_field("name").verbose_name)].startswith("'=")
    assert "東京都" in row
    assert str(Application.Occupation("employee").label) in row
    assert "2026-04-02 08:30" in row  # 23:30 UTC is 08:30 the next morning in Japan
    assert "employee" not in row and "13" not in row


def test_plain_text_e_mail_is_not_html_escaped(site):
    partner = PartnerFactory(name='R&D <研究開発> "株式会社"', contact_email="p@example.jp")
    notify_partner(partner, "review_declined", {"object": partner, "reason": "A & B < C"})
    message = mail.outbox[-1]
    assert 'R&D <研究開発> "株式会社"' in message.body
    assert "A & B < C" in message.body
    assert "&amp;" not in message.body and "&lt;" not in message.body
    assert "&amp;" not in message.subject


def test_a_line_break_in_a_subject_value_cannot_add_a_header(site, tmp_path, settings):
    template = tmp_path / "subject.txt"
    template.write_text("件名：{{ value }}\n本文")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    send_templated_mail("subject.txt", {"value": "x\r\nBcc: victim@example.jp"}, ["a@example.jp"])
    message = mail.outbox[-1]
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.bcc == []
    assert "Bcc:" not in message.message().as_string().split("\n\n", 1)[0].replace(
        message.subject, ""
    )
