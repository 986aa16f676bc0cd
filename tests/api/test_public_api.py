"""Public course and partner endpoints: only listed courses and approved partners, filters, HTTP caching."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalogue.models import Course, Role
from tests.catalogue.factories import CourseFactory, PartnerFactory, list_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def courses(site):
    partner = PartnerFactory(
        name="公開事業者", contact_email="secret@partner.example.jp", contact_phone="03-1111-2222"
    )
    data_engineer = Role.objects.get(code="data-engineer")
    listed = [
        list_course(
            CourseFactory(partner=partner, title="レベル2の講座", level=2, roles=[data_engineer])
        ),
        list_course(
            CourseFactory(
                partner=partner, title="レベル3の講座", level=3, fee_type="free", fee_yen=0
            )
        ),
    ]
    CourseFactory(partner=partner, title="下書きの講座")
    pending = PartnerFactory(name="審査中の事業者", live=False)
    CourseFactory(partner=pending, title="審査中事業者の講座")
    return {"partner": partner, "listed": listed, "pending": pending}


def test_course_list_shows_only_listed_courses_in_id_order(client, courses):
    data = client.get("/api/v3/courses/").json()
    assert data["count"] == 2
    assert [c["title"] for c in data["items"]] == ["レベル2の講座", "レベル3の講座"]
    item = data["items"][0]
    assert item["partner"] == {"id": courses["partner"].pk, "name": "公開事業者"}
    assert item["public_url"] == f"/courses/{item['id']}/"
    assert item["roles"] == ["data-engineer"]
    assert item["standards"] == ["dss-p-1-2"]


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("level=3", ["レベル3の講座"]),
        ("level=2&level=3", ["レベル2の講座", "レベル3の講座"]),
        ("role=data-engineer", ["レベル2の講座"]),
        ("fee_type=free", ["レベル3の講座"]),
        ("standard=dss-l-1-2", []),
        ("delivery=on_demand", ["レベル2の講座", "レベル3の講座"]),
    ],
)
def test_course_filters(client, courses, query, titles):
    data = client.get(f"/api/v3/courses/?{query}").json()
    assert [c["title"] for c in data["items"]] == titles


def test_updated_since_returns_only_changes(client, courses):
    later = timezone.now() + datetime.timedelta(seconds=1)
    Course.objects.filter(pk=courses["listed"][1].pk).update(
        updated_at=later + datetime.timedelta(seconds=5)
    )
    data = client.get("/api/v3/courses/", {"updated_since": later.isoformat()}).json()
    assert [c["title"] for c in data["items"]] == ["レベル3の講座"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("level=9", "level"),
        ("role=no-such-role", "role"),
        ("updated_since=yesterday", "updated_since"),
        ("page=0", "page"),
        ("page_size=1000", "page_size"),
    ],
)
def test_bad_filter_values_name_the_parameter(client, courses, query, parameter):
    response = client.get(f"/api/v3/courses/?{query}")
    assert response.status_code in (400, 422)
    assert response["Content-Type"] == "application/problem+json"
    assert ["query", parameter] in [e["loc"] for e in response.json()["errors"]]


def test_pagination_links(client, courses):
    first = client.get("/api/v3/courses/", {"page_size": 1}).json()
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    assert second["items"][0]["title"] == "レベル3の講座"
    assert second["next"] is None
    assert second["previous"].endswith("page=1")


def test_course_detail_is_404_unless_listed(client, courses):
    listed = courses["listed"][0]
    detail = client.get(f"/api/v3/courses/{listed.pk}/")
    assert detail.status_code == 200
    assert detail.json()["description"].startswith("<p>")
    draft = Course.objects.get(title="下書きの講座")
    missing = client.get(f"/api/v3/courses/{draft.pk}/")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"


def test_partners_show_public_fields_of_approved_partners_only(client, courses):
    data = client.get("/api/v3/partners/").json()
    assert [p["name"] for p in data["items"]] == ["公開事業者"]
    body = client.get(f"/api/v3/partners/{courses['partner'].pk}/").content.decode()
    assert "secret@partner.example.jp" not in body
    assert "03-1111-2222" not in body
    assert "contact" not in body
    assert client.get(f"/api/v3/partners/{courses['pending'].pk}/").status_code == 404


def test_etag_and_last_modified_allow_revalidation(client, courses):
    first = client.get("/api/v3/courses/")
    assert first["Cache-Control"] == "public, max-age=60"
    assert first.has_header("Last-Modified")
    etag = first["ETag"]
    assert client.get("/api/v3/courses/", headers={"if-none-match": etag}).status_code == 304
    assert (
        client.get(
            "/api/v3/courses/", headers={"if-modified-since": first["Last-Modified"]}
        ).status_code
        == 304
    )
    # A change makes the old ETag stale.
    list_course(CourseFactory(partner=courses["partner"], title="新しい講座"))
    assert client.get("/api/v3/courses/", headers={"if-none-match": etag}).status_code == 200


def test_cors_allow_list(client, courses, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://portal.example.jp"]
    allowed = client.get("/api/v3/courses/", headers={"origin": "https://portal.example.jp"})
    assert allowed["Access-Control-Allow-Origin"] == "https://portal.example.jp"
    refused = client.get("/api/v3/courses/", headers={"origin": "https://evil.example.com"})
    assert not refused.has_header("Access-Control-Allow-Origin")


def test_anonymous_rate_limit(client, courses, settings):
    from django.core.cache import cache

    cache.clear()
    settings.API_ANON_RATE_LIMIT = 3
    statuses = [client.get("/api/v3/partners/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get("/api/v3/partners/")
    assert 1 <= int(limited["Retry-After"]) <= settings.API_RATE_LIMIT_WINDOW
    assert limited.json()["status"] == 429
    cache.clear()


@pytest.mark.parametrize("url", ["/api/v3/courses/?page_size=50", "/api/v3/partners/?page_size=50"])
def test_list_query_count_is_the_same_for_1_and_50_items(client, site, url):
    def make(n):
        for _ in range(n):
            list_course(CourseFactory(partner=PartnerFactory(), roles=list(Role.objects.all()[:2])))

    make(1)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).json()["count"] == 1
    make(49)
    with CaptureQueriesContext(connection) as fifty:
        assert client.get(url).json()["count"] == 50
    assert len(one) == len(fifty)


def test_response_cache_serves_repeats_and_never_hides_a_publication(client, courses, settings):
    from django.core.cache import cache

    cache.clear()
    settings.API_RESPONSE_CACHE_SECONDS = 60
    assert client.get("/api/v3/courses/").json()["count"] == 2
    with CaptureQueriesContext(connection) as repeat:
        again = client.get("/api/v3/courses/")
    assert again.json()["count"] == 2
    assert len(repeat) == 0
    assert again.has_header("Last-Modified")

    list_course(CourseFactory(partner=courses["partner"], title="追加された講座"))
    assert client.get("/api/v3/courses/").json()["count"] == 3
    cache.clear()


@pytest.mark.parametrize(
    "url", ["/api/v3/courses/?role=%00", "/api/v3/courses/search/?q=a%00b", "/courses/?q=%00"]
)
def test_nul_characters_in_parameters_are_a_400_not_a_crash(client, courses, url):
    assert client.get(url).status_code == 400


def test_malformed_site_parameter_is_a_400_not_a_crash(client, courses):
    response = client.get("/api/v3/pages/find/", {"site": "quest:apply_done", "html_path": "/"})
    assert response.status_code == 400


def test_keyset_paging_walks_the_whole_listing(client, site):
    partner = PartnerFactory()
    ids = [list_course(CourseFactory(partner=partner)).pk for _ in range(5)]
    seen, url = [], "/api/v3/courses/?after=0&page_size=2"
    while url:
        data = client.get(url).json()
        assert data["count"] == 5 and data["previous"] is None
        seen += [item["id"] for item in data["items"]]
        url = data["next"]
    assert seen == sorted(ids)


def test_keyset_query_count_is_the_same_for_1_and_50_items(client, site):
    partner = PartnerFactory()
    list_course(CourseFactory(partner=partner))
    with CaptureQueriesContext(connection) as one:
        assert client.get("/api/v3/courses/?after=0&page_size=100").status_code == 200
    for _ in range(49):
        list_course(CourseFactory(partner=partner))
    with CaptureQueriesContext(connection) as fifty:
        assert len(client.get("/api/v3/courses/?after=0&page_size=100").json()["items"]) == 50
    assert len(one) == len(fifty)


def test_cached_counts_follow_every_publication_change(client, courses, settings):
    """Distinct pages of one filter set share a count, and a publication change is seen at once."""
    settings.API_RESPONSE_CACHE_SECONDS = 60
    from django.core.cache import caches

    caches["default"].clear()
    with CaptureQueriesContext(connection) as first:
        assert client.get("/api/v3/courses/?level=2&page=1").json()["count"] == 1
    with CaptureQueriesContext(connection) as other_page:
        client.get("/api/v3/courses/?level=2&page=2")
    assert len(other_page) < len(first)
    list_course(CourseFactory(partner=courses["partner"], level=2, roles=[]))
    assert client.get("/api/v3/courses/?level=2&page=3").json()["count"] == 2
    courses["listed"][0].unpublish()
    assert client.get("/api/v3/courses/?level=2&page=4").json()["count"] == 1
    caches["default"].clear()


def test_filters_on_a_column_do_not_make_the_listing_distinct(client, courses):
    """DISTINCT over every course column is costly and only needed for many-to-many filters."""
    with CaptureQueriesContext(connection) as queries:
        data = client.get("/api/v3/courses/?level=2&level=3&fee_type=paid&delivery=on_demand")
    assert [c["title"] for c in data.json()["items"]] == ["レベル2の講座"]
    assert not [q["sql"] for q in queries if "DISTINCT" in q["sql"]]


def test_a_course_matching_two_roles_is_listed_once(client, courses):
    course = courses["listed"][0]
    course.roles.add(Role.objects.get(code="data-business-strategist"))
    data = client.get("/api/v3/courses/?role=data-engineer&role=data-business-strategist").json()
    assert [c["id"] for c in data["items"]] == [course.pk]
    assert data["count"] == 1


def test_the_list_reads_only_what_an_item_shows(client, courses):
    """A list item has no description: the rich text of every course is not read for it."""
    with CaptureQueriesContext(connection) as queries:
        items = client.get("/api/v3/courses/").json()["items"]
    assert "description" not in items[0]
    assert not [q["sql"] for q in queries if '"catalogue_course"."description"' in q["sql"]]


def test_the_list_reads_a_page_with_its_codes_in_one_query(client, courses):
    """The count (cached per filter set when caching is on) and one query for the page."""
    with CaptureQueriesContext(connection) as queries:
        items = client.get("/api/v3/courses/").json()["items"]
    assert items[0]["roles"] == ["data-engineer"] and items[0]["standards"] == ["dss-p-1-2"]
    assert len(queries) == 2, [q["sql"][:120] for q in queries]


def test_a_lost_cache_version_never_makes_an_older_answer_current(client, courses, settings):
    """The version key evicted or Redis restarted: the next version must not be one already used.

    Restarting the count at 1 made answers cached under version 1 current again, so a
    course published meanwhile stayed hidden behind them.
    """
    from django.core.cache import caches

    from manabi.api.support import CACHE_VERSION_KEY

    cache = caches["default"]
    cache.clear()
    settings.API_RESPONSE_CACHE_SECONDS = 60
    assert client.get("/api/v3/courses/").json()["count"] == 2
    cache.delete(CACHE_VERSION_KEY)  # evicted; the cached answer is still there
    list_course(CourseFactory(partner=courses["partner"], title="あとから掲載した講座"))
    assert client.get("/api/v3/courses/").json()["count"] == 3
    cache.clear()


def test_list_items_are_what_the_schema_makes_of_the_same_courses(client, site):
    """The list builds its items from rows (fast); the JSON must equal the schema's for each course."""
    import json

    from ninja.responses import NinjaJSONEncoder

    from catalogue.api.public import listed_courses
    from catalogue.api.schemas import CourseSummaryOut

    partner = PartnerFactory(name="比較用事業者")
    roles = list(Role.objects.all()[:3])
    list_course(CourseFactory(partner=partner, study_hours="12.5", roles=roles, level=4))
    list_course(CourseFactory(partner=partner, fee_type="free", fee_yen=0, roles=[]))
    expiring = list_course(CourseFactory(partner=partner, study_hours="0.1"))
    Course.objects.filter(pk=expiring.pk).update(
        listed_until=timezone.localdate() + datetime.timedelta(days=3)
    )
    items = client.get("/api/v3/courses/?page_size=100").json()["items"]
    # What ninja sends for a validated item (its encoder writes times as the API does).
    expected = [
        json.loads(
            json.dumps(CourseSummaryOut.model_validate(course).model_dump(), cls=NinjaJSONEncoder)
        )
        for course in listed_courses(relations=("standards", "roles"))
    ]
    assert len(items) == 3
    assert items == expected


def test_course_page_urls_are_what_reverse_gives_under_any_script_prefix():
    from django.urls import get_script_prefix, reverse, set_script_prefix

    from catalogue.models.courses import course_page_url

    before = get_script_prefix()
    try:
        for prefix in ("/", "/manabi/"):
            set_script_prefix(prefix)
            for pk in (1, 42, 987654321):
                assert course_page_url(pk) == reverse("catalogue:course_detail", args=[pk])
    finally:
        set_script_prefix(before)
