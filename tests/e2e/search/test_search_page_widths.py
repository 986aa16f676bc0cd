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


def open_page(browser, base, width, height, path):
    page = browser.new_page(viewport={"width": width, "height": height})
    other_hosts = []
    page.on(
        "request",
        lambda request: (
            other_hosts.append(request.url) if not request.url.startswith(base) else None
        ),
    )
    page.goto(base + path)
    return page, other_hosts


def test_on_a_phone_the_count_chips_and_first_results_are_above_the_fold(
    in_browser, shared_live_server, courses
):
    def look(browser):
        page, other_hosts = open_page(
            browser, shared_live_server.url, 390, 844, "/courses/?level=2"
        )
        seen = {
            "count_top": page.locator("#results-heading").bounding_box()["y"],
            "chip_top": page.get_by_text("レベル: レベル2").bounding_box()["y"],
            "first": page.locator(".course-card h3").first.bounding_box(),
            "panel_open": page.locator("details#facets").get_attribute("open"),
        }
        # The facets are folded away but one tap opens them, without JavaScript help.
        page.locator("details#facets > summary").click()
        seen["level_checked"] = page.locator("input[name=level][value='2']").is_checked()
        seen["scroll_width"] = page.evaluate("document.documentElement.scrollWidth")
        seen["other_hosts"] = other_hosts
        page.close()
        return seen

    seen = in_browser(look)
    fold = 844
    assert seen["count_top"] < fold
    assert seen["chip_top"] < fold
    assert seen["first"]["y"] + seen["first"]["height"] < fold
    assert seen["panel_open"] is None
    assert seen["level_checked"]
    assert seen["scroll_width"] <= 390
    assert seen["other_hosts"] == []


def test_on_a_wide_screen_the_facets_stand_beside_the_results(
    in_browser, shared_live_server, courses
):
    def look(browser):
        page, other_hosts = open_page(browser, shared_live_server.url, 1280, 900, "/courses/")
        seen = {
            "panel_open": page.locator("details#facets").get_attribute("open"),
            "facets": page.locator("details#facets").bounding_box(),
            "results": page.locator(".course-search__results").bounding_box(),
            "providers": page.locator("input[name=partner]").count(),
        }
        page.locator("details.facet > summary", has_text="講座提供事業者").click()
        page.get_by_text("ほか4件を表示").click()
        seen["all_providers"] = page.locator("input[name=partner]").count()
        seen["other_hosts"] = other_hosts
        page.close()
        return seen

    seen = in_browser(look)
    assert seen["panel_open"] is not None  # opened for the wide screen by search.js
    assert seen["facets"]["x"] + seen["facets"]["width"] <= seen["results"]["x"]
    # 12 providers: the top 8 and a link to the rest.
    assert seen["providers"] == 8
    assert seen["all_providers"] == 12
    assert seen["other_hosts"] == []
