"""Partner sign-in over real HTTP: the live site, the demo gBizID provider, one user agent.

Who gets in (プライム, メンバー), who they become (a user per gBizID subject, joined to the
partner with their 法人番号 or sent to a prefilled registration), and the journey from
「gBizIDでログイン」 to a submitted course with nobody creating an account by hand.
"""

import pytest
from django.contrib.auth import get_user_model

from catalogue.models import Course, Partner, PartnerMember
from catalogue.permissions import PARTNER_GROUP
from manabi.gbizid.demo_provider.accounts import (
    DEMO_CORPORATE_NUMBER,
    PRIME_SUBJECT,
    SOLE_PRIME_SUBJECT,
)
from tests.catalogue.admin import course_form_data
from tests.catalogue.factories import PartnerFactory

from .conftest import soup

live = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def registration_form(page):
    return soup(page).find("form", action=lambda url: url and "/partner/add/" in url)


def form_value(form, name):
    field = form.find(attrs={"name": name})
    if field.name == "select":
        option = field.find("option", selected=True)
        return option.get("value") if option else ""
    return field.get("value", "")


def is_signed_in(browser):
    dashboard = browser.get("/admin/")
    return "/admin/login/" not in dashboard.url


@live
def test_first_sign_in_of_a_prime_creates_the_user_and_opens_a_prefilled_registration(browser):
    page = browser.sign_in("prime")

    assert page.status_code == 200
    assert page.url.endswith("/admin/snippets/catalogue/partner/add/")
    form = registration_form(page)
    assert form_value(form, "corporate_number") == DEMO_CORPORATE_NUMBER
    assert form.find(attrs={"name": "corporate_number"}).has_attr("disabled")
    assert form_value(form, "name") == "株式会社マナビ研修デモ"
    assert form_value(form, "corporate_type") == "corporation"
    assert form_value(form, "prefecture") == "13"
    assert form_value(form, "contact_email") == "prime@manabi-kenshu.example.jp"
    assert form_value(form, "contact_name") == "山田 花子"
    assert "gBizIDから受け取った情報を入力済みです" in page.text

    membership = PartnerMember.objects.select_related("user").get(gbizid_subject=PRIME_SUBJECT)
    assert membership.partner is None
    user = membership.user
    assert not user.has_usable_password()
    assert list(user.groups.values_list("name", flat=True)) == [PARTNER_GROUP]
    assert (user.last_name, user.first_name) == ("山田", "花子")


@live
def test_a_partner_goes_from_gbizid_sign_in_to_a_submitted_course(browser, settings):
    users_before = get_user_model().objects.count()
    page = browser.sign_in("prime")

    # STEP2, the one-minute form: only what gBizID does not know is typed in.
    form = registration_form(page)
    page = browser.post_form(
        page,
        form,
        {
            "name_kana": "カブシキガイシャマナビケンシュウデモ",
            "address": "千代田区丸の内1-1-1",
            "website": "https://manabi-kenshu.example.jp/",
            "contact_phone": "03-1234-5678",
            "action-submit": "1",
        },
    )
    assert page.status_code == 200, page.text[:500]
    partner = Partner.objects.get(corporate_number=DEMO_CORPORATE_NUMBER)
    assert partner.name == "株式会社マナビ研修デモ"
    assert partner.workflow_in_progress and not partner.live

    # STEP3, in parallel with the partner's review.
    page = browser.get("/admin/snippets/catalogue/course/add/")
    assert page.status_code == 200
    token = browser.http.cookies.get(settings.CSRF_COOKIE_NAME)
    data = course_form_data(partner, **{"action-submit": "1", "csrfmiddlewaretoken": token})
    answer = browser.http.post(page.url, data=data, headers={"Referer": page.url}, timeout=30)
    assert answer.status_code == 200, answer.text[:500]
    course = Course.objects.get(partner=partner)
    assert course.title == "はじめてのデータ分析"
    assert course.workflow_in_progress

    # Nobody created an account: the only new user is the one gBizID signed in.
    assert get_user_model().objects.count() == users_before + 1
    assert partner.members.get().gbizid_subject == PRIME_SUBJECT


@live
def test_a_member_joins_the_partner_of_its_prime_by_corporate_number(browser):
    partner = PartnerFactory(corporate_number=DEMO_CORPORATE_NUMBER)

    page = browser.sign_in("member")

    assert page.status_code == 200
    assert page.url.endswith("/admin/")
    membership = PartnerMember.objects.get(gbizid_subject="demo-member-0001")
    assert membership.partner == partner
    assert not membership.user.has_usable_password()


@live
def test_later_sign_ins_update_name_and_email_and_keep_the_user(browser):
    partner = PartnerFactory(corporate_number=DEMO_CORPORATE_NUMBER)
    user = get_user_model().objects.create_user(
        "gbizid-demo-prime-0001", email="old@example.jp", last_name="旧姓"
    )
    PartnerMember.objects.create(user=user, partner=partner, gbizid_subject=PRIME_SUBJECT)

    page = browser.sign_in("prime")

    assert page.url.endswith("/admin/")
    user.refresh_from_db()
    assert (user.last_name, user.first_name, user.email) == (
        "山田",
        "花子",
        "prime@manabi-kenshu.example.jp",
    )
    assert (
        get_user_model().objects.filter(partner_membership__gbizid_subject=PRIME_SUBJECT).count()
        == 1
    )


@live
def test_a_sole_proprietor_registers_without_a_corporate_number(browser):
    PartnerFactory(corporate_type=Partner.CorporateType.SOLE_PROPRIETOR, corporate_number="")

    page = browser.sign_in("sole-prime")

    form = registration_form(page)
    assert form_value(form, "corporate_type") == "sole_proprietor"
    assert form_value(form, "corporate_number") == ""
    assert form_value(form, "prefecture") == "27"
    page = browser.post_form(
        page,
        form,
        {
            "name_kana": "デジタルマナビコウボウタナカ",
            "address": "大阪市北区梅田1-1-1",
            "website": "https://manabi-kobo.example.jp/",
            "contact_phone": "06-1234-5678",
            "action-submit": "1",
        },
    )
    assert page.status_code == 200
    partner = Partner.objects.get(members__gbizid_subject=SOLE_PRIME_SUBJECT)
    assert partner.corporate_number == ""
    assert partner.corporate_type == Partner.CorporateType.SOLE_PROPRIETOR


@live
def test_sign_out_ends_the_local_session(browser, settings):
    PartnerFactory(corporate_number=DEMO_CORPORATE_NUMBER)
    browser.sign_in("member")
    assert is_signed_in(browser)

    token = browser.http.cookies.get(settings.CSRF_COOKIE_NAME)
    answer = browser.http.post(
        f"{browser.site_url}/admin/logout/",
        data={"csrfmiddlewaretoken": token},
        headers={"Referer": f"{browser.site_url}/admin/"},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302
    assert not is_signed_in(browser)
