"""Validation with bad input: each rule gives a Japanese message on the field it concerns."""

import pytest
from django.core.exceptions import ValidationError

from catalogue.models import Course, Partner
from catalogue.validators import corporate_number_check_digit, validate_corporate_number
from tests.catalogue.admin import snippet_url
from tests.catalogue.factories import CourseFactory, PartnerFactory, PartnerUserFactory, UserFactory


@pytest.mark.parametrize(
    "number",
    [
        "5835678256246",  # an arbitrary number whose check digit is right
        "7000012050002",  # the National Tax Agency itself
    ],
)
def test_valid_corporate_numbers(number):
    validate_corporate_number(number)


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("7000012050003", "チェックデジットが一致しません"),
        ("12345", "半角数字13桁"),
        ("７０００012050002", "半角数字13桁"),
        ("70000120500a2", "半角数字13桁"),
    ],
)
def test_invalid_corporate_numbers(number, message):
    with pytest.raises(ValidationError, match=message):
        validate_corporate_number(number)


def test_check_digit_formula_on_the_nta_example():
    # National Tax Agency's published example: 8700110005901 has check digit 8.
    assert corporate_number_check_digit("700110005901") == 8


def course_errors(**fields):
    course = CourseFactory.build(partner=PartnerFactory(), **fields)
    with pytest.raises(ValidationError) as exc:
        course.full_clean()
    return exc.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"fee_type": "free", "fee_yen": 500},
            "fee_yen",
            "無料の講座の受講料は0円にしてください。",
        ),
        (
            {"fee_type": "paid", "fee_yen": 0},
            "fee_yen",
            "有料の講座は受講料を1円以上で入力してください。",
        ),
        ({"summary": "あ" * 61}, "summary", "60"),
        ({"study_hours": 0}, "study_hours", "0.1"),
        ({"url": "ftp://example.jp/"}, "url", "http:// または https:// で始まるURL"),
        (
            {"level": 1, "course_type": "practical"},
            "course_type",
            "レベル1の講座はデジタルリテラシー講座です。",
        ),
        (
            {"level": 3, "course_type": "literacy"},
            "course_type",
            "レベル2〜4の講座はデジタル実践講座です。",
        ),
        ({"delivery": "classroom"}, "venue_prefecture", "講座を実施する都道府県を選んでください。"),
        ({"title": "改行\r\nBcc: x@example.jp"}, "title", "改行を入力できません"),
    ],
)
def test_course_rules(fields, field, message):
    errors = course_errors(**fields)
    assert any(message in e for e in errors[field]), errors


@pytest.mark.django_db
def test_level_and_standard_must_agree():
    from catalogue.models import SkillStandard

    course = CourseFactory.build(level=3)
    with pytest.raises(ValidationError, match="DSS-Lは選べません"):
        course.clean_standards([SkillStandard.objects.get(code="dss-l-1-2")])
    course.level = 1
    with pytest.raises(ValidationError, match="DXリテラシー標準（DSS-L）にのみ"):
        course.clean_standards([SkillStandard.objects.get(code="itss-3")])
    with pytest.raises(ValidationError, match="対応するデジタルスキル標準を選んでください"):
        course.clean_standards([])


@pytest.mark.django_db
def test_partner_registration_with_bad_input_keeps_what_was_typed(client, site):
    client.force_login(PartnerUserFactory())
    data = {
        "corporate_number": "7000012050003",
        "corporate_type": "corporation",
        "name": "株式会社テスト",
        "name_kana": "カブシキガイシャテスト",
        "prefecture": "13",
        "address": "千代田区",
        "website": "javascript:alert(1)",
        "contact_name": "担当",
        "contact_email": "not-an-email",
        "contact_phone": "03-0000-0000",
    }
    response = client.post(snippet_url(Partner, "add"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert (
        "この法人番号は正しくありません（チェックデジットが一致しません）。"
        in errors["corporate_number"]
    )
    assert "http:// または https:// で始まるURLを入力してください。" in errors["website"]
    assert "contact_email" in errors
    assert 'value="株式会社テスト"' in response.content.decode()
    assert not Partner.objects.exists()


@pytest.mark.django_db
def test_partner_registration_links_the_user_and_goes_to_review(client, site):
    user = PartnerUserFactory()
    client.force_login(user)
    data = {
        "corporate_number": "7000012050002",
        "corporate_type": "corporation",
        "name": "株式会社まなび",
        "name_kana": "カブシキガイシャマナビ",
        "prefecture": "27",
        "address": "大阪市北区1-1",
        "website": "https://manabi.example.jp/",
        "contact_name": "佐藤 花子",
        "contact_email": "sato@manabi.example.jp",
        "contact_phone": "06-0000-0000",
        "action-submit": "1",
    }
    response = client.post(snippet_url(Partner, "add"), data)
    assert response.status_code == 302
    partner = Partner.objects.get()
    assert partner.members.get().user == user
    assert partner.live is False
    assert partner.workflow_in_progress

    # A second registration by the same user is refused.
    again = client.get(snippet_url(Partner, "add"), follow=True)
    assert "事業者はすでに登録されています。" in again.content.decode()


@pytest.mark.django_db
def test_partner_user_without_organisation_is_sent_to_register_first(client, site):
    client.force_login(PartnerUserFactory())
    response = client.get(snippet_url(Course, "add"), follow=True)
    assert "先に事業者登録を行ってください。" in response.content.decode()


@pytest.mark.django_db
def test_user_without_admin_access_is_sent_to_login(client, site):
    client.force_login(UserFactory())
    response = client.get(snippet_url(Course, "list"))
    assert response.status_code == 302
