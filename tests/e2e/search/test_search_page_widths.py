"""The learner search page in a real browser at 1280 and 390 px."""

import pytest

from tests.catalogue.factories import CourseFactory, PartnerFactory, list_course

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


@pytest.fixture
def courses(site):
    partners = [PartnerFactory(name=f"講座提供事業者{i:02d}株式会社") for i in range(12)]
    for i in range(13):
        list_course(
            CourseFactory(
                partner=partners[i % 12],
                title=f"データ活用講座{i}",
                level=1 + i % 4,
                course_type="literacy" if i % 4 == 0 else "practical",
            )
        )


def open_page(browser, shared_live_server, width, height, path):
    page = browser.new_page(viewport={"width": width, "height": height})
    other_hosts = []
    page.on(
        "request",
        lambda request: (
            other_hosts.append(request.url)
            if not request.url.startswith(shared_live_server.url)
            else None
        ),
    )
    page.goto(shared_live_server.url + path)
    return page, other_hosts


def test_on_a_phone_the_count_chips_and_first_results_are_above_the_fold(
    search_browser, shared_live_server, courses
):
    page, other_hosts = open_page(search_browser, shared_live_server, 390, 844, "/courses/?level=2")
    fold = 844
    assert page.locator("#results-heading").bounding_box()["y"] < fold
    assert page.get_by_text("レベル: レベル2").bounding_box()["y"] < fold
    first = page.locator(".course-card h3").first.bounding_box()
    assert first["y"] + first["height"] < fold
    # The facets are folded away but one tap opens them, without JavaScript help.
    panel = page.locator("details#facets")
    assert panel.get_attribute("open") is None
    page.locator("details#facets > summary").click()
    assert page.locator("input[name=level][value='2']").is_checked()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert other_hosts == []


def test_on_a_wide_screen_the_facets_stand_beside_the_results(
    search_browser, shared_live_server, courses
):
    page, other_hosts = open_page(search_browser, shared_live_server, 1280, 900, "/courses/")
    assert page.locator("details#facets").get_attribute("open") is not None
    facets = page.locator("details#facets").bounding_box()
    results = page.locator(".course-search__results").bounding_box()
    assert facets["x"] + facets["width"] <= results["x"]
    # 12 providers: the top 8 and a link to the rest.
    assert page.locator("input[name=partner]").count() == 8
    page.locator("details.facet > summary", has_text="講座提供事業者").click()
    page.get_by_text("ほか4件を表示").click()
    assert page.locator("input[name=partner]").count() == 12
    assert other_hosts == []
