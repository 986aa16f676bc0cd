"""The public site in headless Chromium (#14 "done when"): axe-core WCAG 2.1 AA at 1280 and 390 px,
no other host contacted, and the learner's and the applicant's journeys."""

import re

import pytest

from quest.models import Application
from tests.e2e.public_site import build_public_site

WIDTHS = [1280, 390]


@pytest.fixture
def public(site):
    return build_public_site(site)


def public_urls(public):
    return {
        "home": "/",
        "search": "/courses/?level=2",
        "course": f"/courses/{public['courses'][0].pk}/",
        "quest": public["quest"].url,
        "programmes": public["index"].url,
        "programme": public["programme"].url,
        "apply": "/quest/apply/",
        "companies": "/quest/companies/",
        "privacy": public["policy"].url,
        "opendata": "/opendata/",
    }


@pytest.mark.parametrize("width", WIDTHS)
def test_every_public_page_passes_axe_and_fits_the_width(public, page_at, axe, screenshot, width):
    page = page_at(width)
    for name, url in public_urls(public).items():
        response = page.goto(url)
        assert response.status == 200, url
        axe.check(page)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} is {overflow}px wider than {width}px"
        screenshot(page, f"public-{name}")


@pytest.mark.parametrize("width", WIDTHS)
def test_forms_with_errors_pass_axe(public, page_at, axe, screenshot, width):
    page = page_at(width)
    for url in ("/quest/apply/", "/quest/companies/"):
        page.goto(url)
        page.locator("form button[type=submit]").click()
        page.wait_for_selector(".error-summary")
        axe.check(page)
        screenshot(page, f"public-errors{url.replace('/', '-').rstrip('-')}")


def test_learner_goes_home_search_course_and_back_to_the_same_search(public, page_at):
    page = page_at(390)
    page.goto("/")
    page.get_by_role("link", name="レベル2").click()
    page.wait_for_url(re.compile(r"/courses/\?level=2$"))
    page.get_by_label("キーワード").first.fill("データ")
    page.get_by_label("キーワード").first.press("Enter")
    page.wait_for_url(re.compile(r"q=%E3%83%87%E3%83%BC%E3%82%BF"))
    search_url = page.url
    page.get_by_role("link", name=public["courses"][0].title).click()
    page.wait_for_url(re.compile(r"/courses/\d+/"))
    assert page.locator("h1").inner_text() == public["courses"][0].title

    page.get_by_role("link", name="検索結果に戻る").click()

    page.wait_for_url(search_url)
    assert page.url == search_url


def test_applicant_goes_programme_apply_error_then_success(public, page_at):
    page = page_at(390)
    page.goto(public["programme"].url)
    page.get_by_role("link", name="このプログラムに応募する").click()
    page.wait_for_url(re.compile(r"/quest/apply/\?programme=\d+"))
    assert page.get_by_label(re.compile("^第1志望")).input_value() == str(public["programme"].pk)
    page.get_by_label(re.compile(r"^氏名\s")).fill("山田 花子")
    page.get_by_label(re.compile("^氏名（フリガナ）")).fill("Yamada")  # refused: not kana
    page.get_by_label(re.compile("^メールアドレス")).fill("hanako@example.jp")
    page.get_by_label(re.compile("^都道府県")).select_option("13")
    page.get_by_label(re.compile("^職業")).select_option("employee")
    page.get_by_label(re.compile("^年代")).select_option("30s")
    page.get_by_label(re.compile("^1週間に確保できる学習時間")).fill("１０")
    page.get_by_label(re.compile("^応募の動機")).fill("地域のDXに貢献したい。")
    page.get_by_label("プライバシーポリシーに同意します", exact=False).check()
    page.get_by_role("button", name="応募する").click()

    summary = page.locator(".error-summary")
    summary.wait_for()
    link = summary.get_by_role("link", name=re.compile("氏名（フリガナ）"))
    link.click()
    assert page.evaluate("document.activeElement.id") == "id_name_kana"
    assert page.get_by_label(re.compile(r"^氏名\s")).input_value() == "山田 花子"  # kept
    page.get_by_label(re.compile("^氏名（フリガナ）")).fill("ﾔﾏﾀﾞ ﾊﾅｺ")  # half-width: normalised
    page.get_by_label("プライバシーポリシーに同意します", exact=False).check()
    page.get_by_role("button", name="応募する").click()

    page.wait_for_url(re.compile(r"/quest/apply/done/"))
    assert Application.objects.get().name_kana == "ヤマダ ハナコ"


def test_honeypot_is_neither_seen_nor_announced_and_fields_fit_320px(public, page_at):
    page = page_at(320)
    page.goto("/quest/apply/")

    box = page.locator("#id_website").bounding_box()
    assert box is None or box["x"] + box["width"] <= 0 or box["width"] <= 1
    snapshot = page.locator("form").aria_snapshot()
    assert "空のまま" not in snapshot
    widths = page.eval_on_selector_all(
        "form input:not([type=hidden]):not([type=checkbox]):not([type=radio]), form select, form textarea",
        "els => els.filter(e => e.offsetParent !== null && !e.closest('.honeypot')).map(e => e.getBoundingClientRect().right)",
    )
    assert widths and max(widths) <= 320
