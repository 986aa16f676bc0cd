"""The application form: every field's bad input, closed window, duplicates, honeypot, limit, e-mail."""

import datetime

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from quest.models import Application
from tests.quest.factories import ProgrammePageFactory, RecruitmentRoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_round(quest_tree):
    cache.clear()
    round_ = RecruitmentRoundFactory(name="令和8年度")
    programmes = quest_tree["programmes"]
    case_study = ProgrammePageFactory(
        parent=programmes,
        recruitment_round=round_,
        kind="case_study",
        title="ケーススタディ教育プログラム",
    )
    regional = ProgrammePageFactory(
        parent=programmes,
        recruitment_round=round_,
        title="北海道地域企業協働プログラム",
        requires_layer2_completion=True,
        min_weekly_hours=8,
    )
    yield {"round": round_, "case_study": case_study, "regional": regional}
    cache.clear()


def valid(open_round, **overrides):
    data = {
        "choice_1": open_round["case_study"].pk,
        "name": "学び 太郎",
        "name_kana": "マナビ タロウ",
        "email": "taro@example.jp",
        "prefecture": "01",
        "occupation": "employee",
        "age_band": "30s",
        "weekly_hours": "10",
        "statement": "データ活用で地元企業の役に立ちたいです。",
        "consent": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def post(client, data):
    return client.post("/quest/apply/", data)


def test_a_valid_application_is_stored_and_confirmed(
    client, open_round, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client, valid(open_round, choice_2=open_round["regional"].pk, layer2_completed="on")
        )
    assert response.status_code == 302
    application = Application.objects.get()
    assert [c.programme.title for c in application.choices.all()] == [
        "ケーススタディ教育プログラム",
        "北海道地域企業協働プログラム",
    ]
    assert application.consented_at is not None
    assert application.status == "received"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["taro@example.jp"]
    assert message.subject == "【マナビDX Quest】応募を受け付けました"
    assert "1. ケーススタディ教育プログラム" in message.body
    assert "2. 北海道地域企業協働プログラム" in message.body


def test_form_page_renders_in_japanese_with_csrf(client, open_round):
    html = client.get("/quest/apply/").content.decode()
    assert "csrfmiddlewaretoken" in html
    assert "第1志望" in html
    assert "プライバシーポリシーに同意します" in html


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"consent": None}, "consent", "プライバシーポリシーに同意のうえ応募してください。"),
        ({"email": "not-an-email"}, "email", "有効なメールアドレスを入力してください。"),
        ({"name": "太郎\r\nBcc: victim@example.com"}, "name", "この項目には改行を入力できません。"),
        ({"name_kana": "taro"}, "name_kana", "読みをカタカナまたはひらがなで入力してください。"),
        ({"statement": "あ" * 2001}, "statement", "2000"),
        ({"weekly_hours": "3"}, "weekly_hours", "6時間以上"),
        ({"choice_1": None}, "choice_1", "この項目は必須です"),
        ({"choice_1": "999999"}, "choice_1", "正しく選択してください"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_stored(
    client, open_round, overrides, field, message
):
    response = post(client, valid(open_round, **overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert any(message in e for e in errors[field]), errors
    assert 'value="学び 太郎"' in response.content.decode() or field == "name"
    assert not Application.objects.exists()
    assert mail.outbox == []


def test_regional_programme_needs_layer2_completion_and_its_hours(client, open_round):
    response = post(client, valid(open_round, choice_1=open_round["regional"].pk, weekly_hours="6"))
    errors = response.context["form"].errors
    assert "ケーススタディ教育プログラムの修了者" in errors["layer2_completed"][0]
    assert "8時間以上" in errors["weekly_hours"][0]


def test_same_programme_twice_is_refused(client, open_round):
    response = post(client, valid(open_round, choice_2=open_round["case_study"].pk))
    assert "同じプログラムは一度だけ選んでください。" in response.context["form"].errors["choice_2"]


def test_duplicate_email_within_a_round_is_refused(client, open_round):
    assert post(client, valid(open_round)).status_code == 302
    again = post(client, valid(open_round, email="TARO@example.jp"))
    assert (
        "このメールアドレスでは、この募集回にすでに応募を受け付けています。"
        in again.context["form"].errors["email"]
    )
    assert Application.objects.count() == 1


def test_outside_the_window_the_form_is_closed(client, quest_tree):
    RecruitmentRoundFactory(
        announcement_at=timezone.now() + datetime.timedelta(days=3),
        applications_open_at=timezone.now() + datetime.timedelta(days=3),
        applications_close_at=timezone.now() + datetime.timedelta(days=30),
    )
    page = client.get("/quest/apply/")
    assert "応募受付期間外です" in page.content.decode()
    client.post("/quest/apply/", {"name": "x"})
    assert not Application.objects.exists()


def test_honeypot_stores_nothing(client, open_round):
    response = post(client, valid(open_round, website="http://spam.example"))
    assert response.status_code == 302
    assert not Application.objects.exists()
    assert mail.outbox == []


def test_submissions_per_address_are_limited(client, open_round, settings):
    settings.QUEST_FORM_RATE_LIMIT = 2
    statuses = [
        post(client, valid(open_round, email=f"taro{n}@example.jp")).status_code for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert Application.objects.count() == 2


def test_posts_with_errors_do_not_use_up_the_quota(client, open_round, settings):
    """An applicant who corrects mistakes is never locked out by them (#9 item 7)."""
    settings.QUEST_FORM_RATE_LIMIT = 2
    mistakes = [post(client, valid(open_round, consent=None)).status_code for _ in range(5)]
    assert mistakes == [200] * 5
    assert post(client, valid(open_round)).status_code == 302
    assert Application.objects.count() == 1


def test_csrf_is_enforced():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/quest/apply/", {}).status_code == 403


def test_company_intake_explains_scope_and_validates(client, quest_tree):
    cache.clear()
    page = client.get("/quest/companies/").content.decode()
    assert "すでにDXを実装・運用している企業は、このプログラムの対象外です。" in page
    bad = client.post(
        "/quest/companies/", {"company_name": "株式会社A\nBcc: x", "dx_stage": "pattern9"}
    )
    errors = bad.context["form"].errors
    assert "company_name" in errors and "dx_stage" in errors and "consent" in errors
    good = client.post(
        "/quest/companies/",
        {
            "company_name": "株式会社みらい製作所",
            "contact_name": "佐藤",
            "email": "sato@mirai.example.jp",
            "phone": "011-000-0000",
            "prefecture": "01",
            "dx_stage": "pattern2",
            "challenge": "生産計画のデータ活用",
            "consent": "on",
        },
    )
    assert good.status_code == 302
    from quest.models import CompanyIntake

    assert CompanyIntake.objects.get().get_dx_stage_display() == "パターン2：設計・検証"
