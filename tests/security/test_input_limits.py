"""Hostile input sizes answer 400 (or 413), never 500: long queries, deep JSON, big uploads.

And the admin search box works on every listing and chooser.
"""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalogue.models import Course, Partner
from tests.catalogue.admin import snippet_url
from tests.catalogue.factories import (
    CourseFactory,
    PartnerFactory,
    PartnerUserFactory,
    SecretariatUserFactory,
    listed_course,
)

pytestmark = pytest.mark.django_db

LONG_QUERY = " ".join(f"データ{n}" for n in range(45))
LONG_JAPANESE_QUERY = "".join(f"データ分析{n}" for n in range(45))
# As long a query as is accepted: in Japanese without spaces the backends split it into many terms.
LONGEST_ACCEPTED = ("データ分析と機械学習" * 10)[:100]


@pytest.fixture
def catalogue_data(site):
    partner = PartnerFactory(name="検索株式会社")
    listed_course(partner=partner, title="検索できる講座")
    CourseFactory(partner=partner, title="下書きの講座")
    return partner


# ---------------------------------------------------------------------------- long queries


SEARCHES = [
    "/api/v3/courses/search/?q={q}",
    "/courses/?q={q}",
    "/api/v3/courses/?q={q}",
    "/api/v3/pages/?search={q}",
]


@pytest.mark.parametrize("path", SEARCHES)
def test_a_forty_word_query_is_a_400_not_a_500(client, catalogue_data, path):
    client.raise_request_exception = False
    for query in (LONG_QUERY, LONG_JAPANESE_QUERY):
        response = client.get(path.format(q=query))
        assert response.status_code == 400, response.content[:300]
        assert "検索語が多すぎます" in response.content.decode()


# /api/v3/courses/ has no text search: it refuses ``q`` as an unknown parameter (400), so only the
# endpoints that search answer the longest accepted query.
@pytest.mark.parametrize(
    "path", [path for path in SEARCHES if not path.startswith("/api/v3/courses/?")]
)
def test_the_longest_accepted_query_is_answered(client, catalogue_data, path):
    response = client.get(path.format(q=LONGEST_ACCEPTED))
    assert response.status_code == 200


def test_a_forty_word_admin_search_is_a_400_not_a_500(client, catalogue_data):
    client.force_login(SecretariatUserFactory())
    for model in (Course, Partner):
        assert client.get(snippet_url(model, "list"), {"q": LONG_QUERY}).status_code == 400
        assert client.get(snippet_url(model, "list"), {"q": LONGEST_ACCEPTED}).status_code == 200


# ---------------------------------------------------------------------------- deep JSON


def deep_json(depth):
    return "[" * depth + "]" * depth


def test_json_nested_five_thousand_deep_is_a_400(client, catalogue_data):
    auth = api_token_headers(PartnerUserFactory(partner=catalogue_data))
    client.raise_request_exception = False
    for body in (deep_json(5000), '{"title": ' + deep_json(5000) + "}"):
        response = client.post(
            "/api/v3/partner/courses/", body, content_type="application/json", headers=auth
        )
        assert response.status_code == 400, response.content[:300]
        assert response["Content-Type"].startswith("application/problem+json")


def test_ordinary_nesting_still_reaches_the_view(client, catalogue_data):
    auth = api_token_headers(PartnerUserFactory(partner=catalogue_data))
    response = client.post(
        "/api/v3/partner/courses/",
        json.dumps({"title": [[["x"]]]}),
        content_type="application/json",
        headers=auth,
    )
    assert response.status_code == 422  # validated by the API's schema, as before


def api_token_headers(user):
    from wagtail.models import APIToken

    _token, plaintext = APIToken.create_token(user=user, name="limits")
    return {"authorization": f"Bearer {plaintext}"}


# ---------------------------------------------------------------------------- admin search


def admin_search_urls():
    """Every listing and chooser of every registered admin viewset that has a search box."""
    from django.urls import NoReverseMatch
    from wagtail.admin.viewsets import viewsets

    urls = []
    for viewset in viewsets.viewsets:
        for name in ("list", "list_results", "index", "index_results", "choose", "choose_results"):
            try:
                urls.append(reverse(viewset.get_url_name(name)))
            except (NoReverseMatch, AttributeError, Exception):  # noqa: S112 - not every viewset has every view
                continue
    return urls


def test_admin_search_works_on_every_listing_and_chooser(client, catalogue_data):
    client.force_login(SecretariatUserFactory(is_superuser=True))
    client.raise_request_exception = False
    urls = admin_search_urls()
    assert snippet_url(Partner, "list") in urls
    assert snippet_url(Course, "list") in urls
    failed = [
        url
        for url in urls
        for query in ("検索", LONGEST_ACCEPTED)
        if client.get(url, {"q": query}).status_code != 200
    ]
    assert failed == []


def test_admin_partner_and_course_search_find_by_name(client, catalogue_data):
    client.force_login(SecretariatUserFactory())
    partners = client.get(snippet_url(Partner, "list"), {"q": "検索株式会社"}).content.decode()
    assert "検索株式会社" in partners
    courses = client.get(snippet_url(Course, "list"), {"q": "下書き"}).content.decode()
    assert "下書きの講座" in courses
    assert "検索できる講座" not in courses


# ---------------------------------------------------------------------------- uploads


def test_a_ten_megabyte_file_part_to_the_application_form_is_refused(client, site):
    big = SimpleUploadedFile("big.bin", b"x" * (10 * 1024 * 1024))
    client.raise_request_exception = False
    response = client.post("/quest/apply/", {"name": "応募者", "attachment": big})
    assert response.status_code in (400, 413)


def test_a_huge_form_field_is_refused(client, site):
    client.raise_request_exception = False
    response = client.post("/quest/apply/", {"statement": "あ" * (3 * 1024 * 1024)})
    assert response.status_code in (400, 413)
