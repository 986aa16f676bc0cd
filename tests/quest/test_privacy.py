"""Truthful privacy policy, retention and disclosure/deletion requests (#14 item 5)."""

import datetime
import io
import logging

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from manabi.models import SiteSettings
from quest.models import Application, CompanyIntake, PersonalDataRequest
from tests.catalogue.factories import SecretariatUserFactory
from tests.manabi.factories import StandardPageFactory
from tests.quest.factories import OperatorFactory, RecruitmentRoundFactory

pytestmark = pytest.mark.django_db


def make_application(email="hanako@example.jp", **kwargs):
    return Application.objects.create(
        recruitment_round=kwargs.pop("recruitment_round", None) or RecruitmentRoundFactory(),
        name="山田 花子",
        name_kana="ヤマダ ハナコ",
        email=email,
        prefecture="13",
        occupation="employee",
        age_band="30s",
        weekly_hours=8,
        statement="志望動機",
        consented_at=timezone.now(),
        **kwargs,
    )


def make_intake(email="sato@example.co.jp"):
    return CompanyIntake.objects.create(
        company_name="株式会社サンプル",
        contact_name="佐藤",
        email=email,
        phone="03-1234-5678",
        prefecture="01",
        dx_stage="pattern1",
        challenge="課題",
        consented_at=timezone.now(),
    )


def test_privacy_policy_names_the_operators_and_the_retention_period(client, site, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 365
    OperatorFactory(name="北海道DX推進機構")
    policy = StandardPageFactory(
        parent=site.root_page,
        title="プライバシーポリシー",
        slug="privacy",
        body=[("data_recipients", None), ("retention_period", None)],
    )
    settings_obj = SiteSettings.for_site(site)
    settings_obj.privacy_policy_page = policy
    settings_obj.save()

    html = client.get(policy.url).content.decode()

    assert "北海道DX推進機構" in html
    assert "選んだ各プログラムの運営事業者に提供されます" in html
    assert "受付から365日間保存します" in html


def test_retention_anonymises_old_applications_and_deletes_old_intakes(caplog, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 30
    with time_machine.travel(timezone.now() - datetime.timedelta(days=31)):
        old_application = make_application("old@example.jp")
        make_intake("old@example.co.jp")
    recent_application = make_application("new@example.jp")
    recent_intake = make_intake("new@example.co.jp")

    with caplog.at_level(logging.INFO, logger="quest.privacy"):
        out = io.StringIO()
        call_command("apply_retention", stdout=out)
        call_command("apply_retention", stdout=io.StringIO())  # idempotent

    old_application.refresh_from_db()
    assert old_application.name == "（削除済み）"
    assert old_application.email.endswith("@erased.invalid")
    assert old_application.statement == ""
    assert old_application.prefecture == "13"  # statistics stay
    assert old_application.anonymised_at is not None
    recent_application.refresh_from_db()
    assert recent_application.name == "山田 花子"
    assert list(CompanyIntake.objects.all()) == [recent_intake]
    assert "1 applications anonymised, 1 company intakes deleted" in out.getvalue()
    assert "retention (30 days" in caplog.text


def test_deletion_request_is_carried_out_from_the_admin(client, site):
    user = SecretariatUserFactory()
    application = make_application("hanako@example.jp")
    make_intake("hanako@example.jp")
    other = make_application("other@example.jp")
    client.force_login(user)

    client.post(
        reverse("quest_personal_data_requests:add"),
        {
            "email": "Hanako@example.jp",
            "kind": "deletion",
            "note": "メールで受付",
            "status": "open",
        },
    )
    request_record = PersonalDataRequest.objects.get()
    assert Application.objects.get(pk=application.pk).name == "山田 花子"  # not yet

    response = client.post(
        reverse("quest_personal_data_requests:edit", args=[request_record.pk]),
        {
            "email": "Hanako@example.jp",
            "kind": "deletion",
            "note": "メールで受付",
            "status": "done",
        },
    )

    assert response.status_code == 302
    request_record.refresh_from_db()
    assert request_record.handled_by == user
    assert request_record.result == "応募 1 件を匿名化、企業登録 1 件を削除しました。"
    assert Application.objects.get(pk=application.pk).name == "（削除済み）"
    assert Application.objects.get(pk=other.pk).name == "山田 花子"
    assert not CompanyIntake.objects.filter(email="hanako@example.jp").exists()


def test_disclosure_request_records_what_is_held(client, site):
    client.force_login(SecretariatUserFactory())
    make_application("hanako@example.jp")
    record = PersonalDataRequest.objects.create(email="hanako@example.jp", kind="disclosure")

    client.post(
        reverse("quest_personal_data_requests:edit", args=[record.pk]),
        {"email": "hanako@example.jp", "kind": "disclosure", "note": "", "status": "done"},
    )

    record.refresh_from_db()
    assert "山田 花子" in record.result and "東京都" in record.result
    assert Application.objects.get().name == "山田 花子"  # disclosure erases nothing


def test_personal_data_request_form_refuses_a_bad_e_mail(client, site):
    client.force_login(SecretariatUserFactory())

    response = client.post(
        reverse("quest_personal_data_requests:add"),
        {"email": "not-an-address", "kind": "deletion", "status": "open"},
    )

    assert response.status_code == 200
    assert "有効なメールアドレスを入力してください" in response.content.decode()
    assert PersonalDataRequest.objects.count() == 0
