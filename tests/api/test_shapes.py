"""One shape per concept across the API: a course partner, a course's two URLs, hours, times."""

import pytest
from wagtail.models import APIToken

from search.backends import elastic
from tests.catalogue.factories import CourseFactory, PartnerFactory, PartnerUserFactory, list_course

pytestmark = pytest.mark.django_db

# Our operations' schemas: what a consuming site's generated client sees of the catalogue.
OUR_SCHEMAS = (
    "CourseSummaryOut",
    "CourseDetailOut",
    "CourseIn",
    "SearchHitOut",
    "PartnerOut",
    "PartnerRef",
    "OwnCourseOut",
    "RemovedCourseOut",
    "ReportIn",
    "ReportOut",
)


@pytest.fixture(params=["database", "elasticsearch"])
def search_backend(request, settings, django_capture_on_commit_callbacks):
    """Both search backends behind the API; ``make(course)`` lists it and makes it searchable."""

    def make(**fields):
        with django_capture_on_commit_callbacks(execute=True):
            course = list_course(CourseFactory(**fields))
        if request.param == "elasticsearch":
            elastic.rebuild()
        return course

    if request.param == "elasticsearch":
        request.getfixturevalue("es")
    settings.SEARCH_BACKEND = request.param
    return make


def test_a_search_hit_names_its_partner_as_the_list_does(client, site, search_backend):
    course = search_backend(partner=PartnerFactory(name="形状株式会社"), title="形状の講座")

    listed = client.get("/api/v3/courses/").json()["items"][0]
    hit = client.get("/api/v3/courses/search/").json()["items"][0]

    assert hit["partner"] == listed["partner"] == {"id": course.partner_id, "name": "形状株式会社"}
    assert "partner_name" not in hit
    # The fields a hit shares with a list item have the same names, types and values.
    for name in ("id", "title", "summary", "level", "public_url", "fee_type", "fee_yen"):
        assert hit[name] == listed[name], name
    assert hit["study_hours"] == listed["study_hours"] == float(course.study_hours)
    assert hit["public_url"] == f"/courses/{course.pk}/"


def properties(document, name):
    return document["components"]["schemas"][name]["properties"]


def json_type(prop):
    """The JSON type of a property, ``null`` aside: ``$ref`` names count as types."""
    if "$ref" in prop:
        return prop["$ref"]
    if "anyOf" in prop:
        kinds = {json_type(option) for option in prop["anyOf"]} - {"null"}
        return "|".join(sorted(kinds))
    if "enum" in prop and "type" not in prop:
        return type(prop["enum"][0]).__name__.replace("str", "string").replace("int", "integer")
    return prop.get("type", "?")


def test_each_concept_has_one_name_and_one_type(client):
    document = client.get("/api/v3/openapi.json").json()
    seen = {}
    for schema in OUR_SCHEMAS:
        for name, prop in properties(document, schema).items():
            if prop.get("deprecated"):
                continue
            seen.setdefault(name, {})[schema] = json_type(prop)
    conflicting = {name: types for name, types in seen.items() if len(set(types.values())) > 1}
    assert conflicting == {}
    # One partner reference, one name for each of a course's two URLs.
    assert properties(document, "SearchHitOut")["partner"] == {
        "$ref": "#/components/schemas/PartnerRef"
    }
    assert "partner_name" not in seen
    assert "url" not in seen  # `public_url` is the page here, `course_url` the provider's page
    assert {"course_url"} <= set(properties(document, "CourseIn"))
    assert properties(document, "SearchHitOut")["url"]["deprecated"] is True


def test_search_level_and_partner_parameters_have_the_list_types(client):
    document = client.get("/api/v3/openapi.json").json()

    def parameters(path):
        return {p["name"]: p["schema"] for p in document["paths"][path]["get"]["parameters"]}

    courses, search = parameters("/api/v3/courses/"), parameters("/api/v3/courses/search/")
    assert search["level"]["items"]["type"] == courses["level"]["items"]["type"] == "integer"
    assert search["level"]["items"]["enum"] == courses["level"]["items"]["enum"]
    assert search["partner"]["items"]["type"] == json_type(courses["partner"]) == "integer"


PAYLOAD = {
    "title": "URLの名前",
    "summary": "提供元のページ",
    "description": "<p>説明</p>",
    "level": 2,
    "course_type": "practical",
    "standards": ["dss-p-1-2"],
    "fee_type": "free",
    "study_hours": 2,
    "delivery": "on_demand",
}


@pytest.fixture
def partner_auth(site):
    partner = PartnerFactory()
    _token, plaintext = APIToken.create_token(user=PartnerUserFactory(partner=partner), name="t")
    return {"Authorization": f"Bearer {plaintext}"}


def own_detail(client, auth, course_id):
    return client.get(f"/api/v3/partner/courses/{course_id}/", headers=auth).json()


@pytest.mark.parametrize("name", ["course_url", "url"])
def test_a_partner_writes_the_providers_url_as_course_url(client, partner_auth, name):
    """``course_url`` is the name it is read back under; ``url`` is accepted until 2027-05-31."""
    response = client.post(
        "/api/v3/partner/courses/",
        {**PAYLOAD, name: "https://provider.example.jp/c/1"},
        content_type="application/json",
        headers=partner_auth,
    )
    assert response.status_code == 201, response.content
    detail = own_detail(client, partner_auth, response.json()["id"])
    assert detail["course_url"] == "https://provider.example.jp/c/1"
    assert "url" not in detail


@pytest.mark.parametrize(
    "body",
    [
        {**PAYLOAD, "course_url": "javascript:alert(1)"},
        {**PAYLOAD, "course_url": "ftp://provider.example.jp/"},
        {**PAYLOAD, "url": "javascript:alert(1)"},
        PAYLOAD,  # no URL at all
    ],
)
def test_a_bad_course_url_is_reported_under_its_name(client, partner_auth, body):
    response = client.post(
        "/api/v3/partner/courses/", body, content_type="application/json", headers=partner_auth
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert {tuple(error["loc"]) for error in response.json()["errors"]} == {("body", "course_url")}


def test_search_responses_are_what_the_schema_makes_of_the_results(client, site, search_backend):
    """Hits and facet values are built directly (fast); the JSON must equal the validated schema's."""
    import json

    from django.http import QueryDict
    from ninja.responses import NinjaJSONEncoder

    from search.api import SearchOut
    from search.query import parse_search_query
    from search.service import search
    from search.views import allowed_values

    partner = PartnerFactory(name="比較株式会社")
    search_backend(partner=partner, title="データ分析の基礎", study_hours="12.5", level=2)
    search_backend(partner=partner, title="データ設計", fee_type="free", fee_yen=0, level=3)
    url = "/api/v3/courses/search/?q=データ&page_size=1"
    sent = client.get(url).json()

    results = search(
        parse_search_query(
            QueryDict(url.partition("?")[2]), valid_values=allowed_values, strict=True
        )
    )
    validated = SearchOut.model_validate(
        {
            "count": results.total,
            "items": results.hits,
            "facets": {name: [v.__dict__ for v in vs] for name, vs in results.facets.items()},
            "next": sent["next"],
            "previous": None,
        }
    ).model_dump()
    assert sent["count"] == 2 and len(sent["items"]) == 1
    assert sent["items"][0]["highlights"]["title"].startswith("<mark>")
    assert sent == json.loads(json.dumps(validated, cls=NinjaJSONEncoder))
