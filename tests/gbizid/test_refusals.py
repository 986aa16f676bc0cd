"""Every way into the site that must fail ends on a Japanese page with what to do next.

Driven over real HTTP against the demo gBizID provider: the provider's answers are real (an
エントリー account, a メンバー not allowed, a code used twice or too late); the attacks are
made on the URLs a browser carries (state, nonce, scope), as an attacker would.
"""

import sqlite3

import pytest
from django.contrib.auth import get_user_model

from catalogue.models import PartnerMember
from manabi.gbizid.demo_provider.accounts import DEMO_CORPORATE_NUMBER, PRIME_SUBJECT
from tests.catalogue.factories import PartnerFactory

from .conftest import query_value, replace_query, soup

live = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def assert_explained(page, status, title, *phrases):
    """A full Japanese page: title, explanation, steps, a way back; not a bare error."""
    assert page.status_code == status
    html = soup(page)
    assert html.find("h1").get_text(strip=True) == title
    text = html.get_text(" ", strip=True)
    for phrase in phrases:
        assert phrase in text
    assert "対処方法" in text
    back = html.find("a", string="ログイン画面に戻る")
    assert back is not None and back["href"] == "/admin/login/"
    assert "Traceback" not in page.text


def assert_not_signed_in(browser):
    assert "/admin/login/" in browser.get("/admin/").url


@live
def test_an_entry_account_is_refused_with_the_explanation(browser):
    page = browser.sign_in("entry")

    assert_explained(
        page,
        403,
        "gBizIDエントリーのアカウントではログインできません",
        "gBizIDプライムまたはgBizIDメンバー",
        "gBizIDのマイページ",
    )
    assert_not_signed_in(browser)
    assert not PartnerMember.objects.filter(gbizid_subject="demo-entry-0001").exists()


@live
def test_a_member_its_prime_has_not_allowed_gets_the_providers_error_explained(browser):
    page = browser.sign_in("member-pending")

    assert "error=access_denied" in browser.history[-1]
    assert_explained(
        page,
        403,
        "gBizIDでこのサービスの利用が許可されていません",
        "gBizIDプライム管理者",
    )
    assert_not_signed_in(browser)
    assert not get_user_model().objects.filter(username__startswith="gbizid-").exists()


@live
def test_a_sign_in_without_the_profile_claims_is_refused(browser):
    # Without the profile scope gBizID's UserInfo has no account type or organisation.
    page = browser.sign_in(
        "prime", at_authorize=lambda url: replace_query(url, scope="openid email")
    )

    assert_explained(page, 403, "gBizIDから必要な情報を受け取れませんでした")
    assert_not_signed_in(browser)


@live
def test_a_tampered_state_is_refused(browser):
    page = browser.sign_in("prime", at_callback=lambda url: replace_query(url, state="forged"))

    assert_explained(page, 400, "このブラウザで始めたログインと照合できませんでした")
    assert_not_signed_in(browser)


@live
def test_an_id_token_for_another_nonce_is_refused(browser):
    page = browser.sign_in(
        "prime", at_authorize=lambda url: replace_query(url, nonce="attacker-chosen")
    )

    assert_explained(page, 400, "ログインの応答を確認できませんでした", "別のログイン")
    assert_not_signed_in(browser)


@live
def test_an_expired_code_is_refused(browser, demo_provider):
    def five_minutes_later(url):
        with sqlite3.connect(demo_provider.db) as provider_db:
            provider_db.execute(
                "UPDATE oauth2_provider_grant SET expires = '2000-01-01 00:00:00' WHERE code = ?",
                (query_value(url, "code"),),
            )
        return url

    page = browser.sign_in("prime", at_callback=five_minutes_later)

    assert_explained(page, 400, "ログインの有効期限が切れたか、すでに使用されています", "5分間")
    assert_not_signed_in(browser)


@live
def test_a_replayed_code_is_refused(browser):
    PartnerFactory(corporate_number=DEMO_CORPORATE_NUMBER)
    used = []
    browser.sign_in("prime", at_callback=lambda url: used.append(url) or url)
    browser.http.cookies.clear(domain="127.0.0.1", path="/", name="sessionid")
    assert_not_signed_in(browser)

    # A new sign-in in this browser (its state is valid) carrying the code already exchanged.
    first_code = query_value(used[0], "code")
    page = browser.sign_in("prime", at_callback=lambda url: replace_query(url, code=first_code))

    assert_explained(page, 400, "ログインの有効期限が切れたか、すでに使用されています")
    assert_not_signed_in(browser)


@live
def test_a_suspended_partner_user_is_refused(browser):
    partner = PartnerFactory(corporate_number=DEMO_CORPORATE_NUMBER)
    user = get_user_model().objects.create_user("gbizid-demo-prime-0001", is_active=False)
    PartnerMember.objects.create(user=user, partner=partner, gbizid_subject=PRIME_SUBJECT)

    page = browser.sign_in("prime")

    assert_explained(page, 403, "このアカウントは利用が停止されています", "事務局")
    assert_not_signed_in(browser)
