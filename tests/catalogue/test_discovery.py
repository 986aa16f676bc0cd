"""Discoverability (#14 item 6): JSON-LD, the Atom feed of any search, sitemap.xml, open data."""

import csv
import io
import json
import re
from pathlib import Path

import feedparser
import jsonschema
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.models import Course, Role
from tests.catalogue.factories import CourseFactory, listed_course

pytestmark = pytest.mark.django_db

COURSE_SCHEMA = json.loads((Path(__file__).parent / "course_schema.json").read_text())


def json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"fee_type": Course.FeeType.FREE, "fee_yen": 0, "study_hours": "0.5"},
        {"delivery": Course.Delivery.CLASSROOM, "venue_prefecture": "27"},
    ],
)
def test_course_page_json_ld_is_a_schema_org_course(client, site, overrides):
    course = listed_course(roles=[Role.objects.get(code="data-engineer")], **overrides)

    data = json_ld(client.get(f"/courses/{course.pk}/").content.decode())

    jsonschema.validate(data, COURSE_SCHEMA)
    assert data["name"] == course.title
    assert data["provider"]["name"] == course.partner.name
    assert data["offers"]["priceCurrency"] == "JPY"
    assert data["offers"]["price"] == course.fee_yen
    assert data["educationalLevel"] == "レベル2"


def test_json_ld_cannot_close_its_script_element(client, site):
    course = listed_course(title="</script><script>alert(1)</script>講座")

    html = client.get(f"/courses/{course.pk}/").content.decode()

    assert "</script><script>alert(1)" not in html
    assert json_ld(html)["name"] == course.title


def test_feed_of_a_search_is_atom_with_only_matching_courses_newest_first(
    client, site, django_capture_on_commit_callbacks
):
    # Searched as after the commit (the search reads what the after-commit indexing stored).
    with django_capture_on_commit_callbacks(execute=True):
        level2 = listed_course(title="レベル2のデータ講座", level=2)
        listed_course(title="レベル3の講座", level=3)

    response = client.get("/courses/feed/", {"level": "2"})
    feed = feedparser.parse(response.content)

    assert response["Content-Type"].startswith("application/atom+xml")
    assert feed.version == "atom10"
    assert not feed.bozo, feed.bozo_exception
    assert [entry.title for entry in feed.entries] == ["レベル2のデータ講座"]
    assert feed.entries[0].link.endswith(f"/courses/{level2.pk}/")
    assert feed.feed.link.endswith("/courses/?level=2")


def test_feed_ignores_bad_parameters_instead_of_failing(client, site):
    listed_course()

    response = client.get("/courses/feed/", {"level": "99", "sort": "nonsense", "page": "x"})

    assert response.status_code == 200
    assert feedparser.parse(response.content).version == "atom10"


def test_search_page_links_its_feed(client, site):
    html = client.get("/courses/", {"level": "2", "page": "1"}).content.decode()

    assert (
        '<link rel="alternate" type="application/atom+xml"' in html
        and 'href="/courses/feed/?level=2"' in html
    )


def test_feed_query_count_is_the_same_for_1_and_20_courses(
    client, site, django_capture_on_commit_callbacks
):
    # One partner: the search's facet labels are counted by the search tests, not here.
    with django_capture_on_commit_callbacks(execute=True):  # indexed as after the commit
        first = listed_course()
    # Each measured request follows one that filled the per-process caches (facet labels,
    # synonyms): what is compared is the work per listed course, not a cache refill.
    client.get("/courses/feed/")
    with CaptureQueriesContext(connection) as one:
        single = client.get("/courses/feed/")
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(19):
            listed_course(partner=first.partner)
    client.get("/courses/feed/")
    with CaptureQueriesContext(connection) as many:
        twenty = client.get("/courses/feed/")

    assert single.content.count(b"<entry>") == 1
    assert twenty.content.count(b"<entry>") == 20
    assert len(many) == len(one)


def test_sitemap_lists_public_pages_and_listed_courses(client, site):
    listed = listed_course()
    draft = listed_course()
    draft.unpublish()

    response = client.get("/sitemap.xml")
    xml = response.content.decode()

    assert response.status_code == 200
    assert "<loc>http://localhost/</loc>" in xml
    assert f"/courses/{listed.pk}/</loc>" in xml
    assert f"/courses/{draft.pk}/</loc>" not in xml


def test_sitemap_query_count_is_the_same_for_1_and_50_courses(client, site):
    first = listed_course()
    client.get("/sitemap.xml")
    with CaptureQueriesContext(connection) as one:
        client.get("/sitemap.xml")
    # Live, listed rows without the publication workflow: the sitemap only reads them.
    CourseFactory.create_batch(
        49, partner=first.partner, live=True, listing_state=Course.ListingState.ACTIVE
    )
    assert Course.objects.listed().count() == 50
    # Creating rows may empty what the site caches (Wagtail's site root paths): a warm request
    # refills it, so both measurements are of a warm site and differ only by the rows.
    client.get("/sitemap.xml")
    with CaptureQueriesContext(connection) as many:
        client.get("/sitemap.xml")

    assert len(many) == len(one)


def test_open_data_is_written_as_csv_and_json_under_the_government_terms(
    client, site, settings, tmp_path
):
    settings.OPEN_DATA_DIR = tmp_path
    course = listed_course(
        title="オープンデータ講座", roles=[Role.objects.get(code="data-engineer")]
    )
    hidden = listed_course(title="非公開講座")
    hidden.unpublish()

    call_command("export_open_data", base_url="https://manabi-dx.example.jp", stdout=io.StringIO())

    page = client.get("/opendata/").content.decode()
    assert "政府標準利用規約" in page and "CC BY 4.0" in page
    csv_response = client.get("/opendata/courses.csv")
    text = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["講座名"] for row in rows] == ["オープンデータ講座"]
    assert rows[0]["DX推進スキル標準ロール"] == "データエンジニア"
    assert rows[0]["マナビDX掲載ページ"] == f"https://manabi-dx.example.jp/courses/{course.pk}/"
    json_response = client.get("/opendata/courses.json")
    document = json.loads(b"".join(json_response.streaming_content))
    assert document["license"]["name"].startswith("政府標準利用規約")
    assert [c["title"] for c in document["courses"]] == ["オープンデータ講座"]
    assert json_response["Content-Disposition"].startswith("attachment")


def test_open_data_before_the_first_export_says_so(client, site, settings, tmp_path):
    settings.OPEN_DATA_DIR = tmp_path / "none"

    assert "まだ作成されていません" in client.get("/opendata/").content.decode()
    assert client.get("/opendata/courses.csv").status_code == 404
    assert client.get("/opendata/courses.xml").status_code == 404
