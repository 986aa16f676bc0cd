"""The learner page and the API endpoint: URL state, escaping, bad input, empty state, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.backends.elastic import sync_courses
from search.indexing import sync_search_text
from tests.catalogue.factories import CourseFactory, PartnerFactory, list_course

pytestmark = pytest.mark.django_db


def test_page_shows_results_facets_chips_and_keeps_state_in_the_url(client, site, catalogue_data):
    response = client.get("/courses/", {"q": "データ", "level": ["2", "3"]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 件の講座" in html
    assert "<mark>データ</mark>サイエンス入門" in html
    assert 'name="level" value="2" checked' in html
    assert '<label for="search-q">キーワード</label>' in html
    # A chip per selection, each removing just its own value.
    assert 'href="?q=%E3%83%87%E3%83%BC%E3%82%BF&amp;level=3"' in html
    assert "すべての条件を解除" in html


def test_markup_in_a_title_is_escaped_on_the_page(client, site, catalogue_data):
    html = client.get("/courses/", {"q": "script"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;<mark>script</mark>&gt;alert(1)" in html


def test_bad_parameters_give_a_clean_page_with_a_notice(client, site, catalogue_data):
    response = client.get(
        "/courses/", {"level": "9", "page": "-1", "sort": "foo", "page_size": "100000"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "一部の条件は使えないため無視しました" in html
    assert "5 件の講座" in html


def test_empty_state_offers_a_way_back(client, site, catalogue_data):
    html = client.get("/courses/", {"q": "存在しない講座名"}).content.decode()
    assert "条件に合う講座は見つかりませんでした。" in html
    assert '<a href="?">すべての講座を表示</a>' in html


def test_api_returns_the_contract(client, site, catalogue_data):
    data = client.get(
        "/api/v3/courses/search/", {"level": "3", "sort": "fee", "page_size": "1"}
    ).json()
    assert data["count"] == 2
    assert data["items"][0]["title"] == "クラウド設計ハンズオン"
    assert data["items"][0]["url"].startswith("/courses/")
    assert data["items"][0]["partner"]["name"] == "クラウド研修株式会社"
    assert {"value": "3", "label": "レベル3", "count": 2, "selected": True} in data["facets"][
        "level"
    ]
    assert data["next"].endswith("page=2")
    assert data["previous"] is None


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"level": "9"}, "level"),
        ({"page": "-1"}, "page"),
        ({"page_size": "100000"}, "page_size"),
        ({"sort": "foo"}, "sort"),
        ({"role": "no-such-role"}, "role"),
        ({"page": "600", "page_size": "100"}, "page"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_api_rejects_bad_parameters_with_400_naming_them(
    client, site, catalogue_data, params, parameter
):
    response = client.get("/api/v3/courses/search/", params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert [e["loc"] for e in problem["errors"]] == [["query", parameter]]


@pytest.mark.parametrize("url", ["/courses/", "/api/v3/courses/search/"])
def test_query_count_is_the_same_for_1_and_50_results(
    client, site, url, django_capture_on_commit_callbacks
):
    partner = PartnerFactory()
    with django_capture_on_commit_callbacks(execute=True):  # indexed as after the commit
        list_course(CourseFactory(partner=partner))
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        first = client.get(url, {"page_size": "50"} if "api" in url else {})
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(49):
            list_course(CourseFactory(partner=partner))
    with CaptureQueriesContext(connection) as fifty:
        second = client.get(url, {"page_size": "50"} if "api" in url else {})
    if "api" in url:
        assert (first.json()["count"], second.json()["count"]) == (1, 50)
    assert len(one) == len(fifty)


@pytest.mark.parametrize("url", ["/courses/", "/api/v3/courses/search/"])
def test_query_count_on_elasticsearch_is_the_same_for_1_and_50_highlighted_hits(
    client, site, es, settings, django_capture_on_commit_callbacks, monkeypatch, url
):
    settings.SEARCH_BACKEND = "elasticsearch"
    # Publishing 49 courses may take longer than the labels' one-minute lifetime on a busy
    # machine; their reload is not what this counts.
    monkeypatch.setattr("search.facets.VALUES_TTL_SECONDS", 3600)
    monkeypatch.setattr("search.models.SYNONYMS_TTL_SECONDS", 3600)
    partner = PartnerFactory()
    params = {"q": "データ", **({"page_size": "50"} if "api" in url else {"sort": "newest"})}

    def add_courses(n):
        # Indexed as after a commit, in one batch (one index refresh, not one a course).
        with django_capture_on_commit_callbacks(execute=False):
            ids = [
                list_course(CourseFactory(partner=partner, title="データ活用講座")).pk
                for _ in range(n)
            ]
        sync_search_text(ids)
        sync_courses(ids)

    add_courses(1)
    client.get(url, params)
    with CaptureQueriesContext(connection) as one:
        first = client.get(url, params)
    add_courses(49)
    with CaptureQueriesContext(connection) as fifty:
        second = client.get(url, params)
    assert marked(first) == 1
    assert marked(second) == (50 if "api" in url else 20)  # the page shows 20 a page
    assert len(one) == len(fifty), [q["sql"][:150] for q in fifty.captured_queries]


def marked(response):
    """How many hits carry a highlighted データ in their title."""
    if response["Content-Type"].startswith("application/json"):
        items = response.json()["items"]
        return sum("<mark>データ</mark>" in item["highlights"].get("title", "") for item in items)
    return response.content.decode().count("<mark>データ</mark>活用講座")
