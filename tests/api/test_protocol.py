"""HTTP behaviour every consumer relies on: verified tokens, HEAD, problem JSON, cache keys."""

import pytest
from django.core.cache import caches
from wagtail.models import APIToken

from tests.catalogue.factories import CourseFactory, PartnerUserFactory, list_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def limited(settings):
    settings.API_ANON_RATE_LIMIT = 2
    settings.API_RATE_LIMIT_WINDOW = 60
    caches["default"].clear()
    yield
    caches["default"].clear()


def test_a_junk_token_is_a_401_not_a_bypass_of_the_rate_limit(client, site, limited):
    for _ in range(2):
        assert client.get("/api/v3/courses/").status_code == 200
    assert client.get("/api/v3/courses/").status_code == 429
    junk = client.get("/api/v3/courses/", headers={"authorization": "Bearer junk"})
    assert junk.status_code == 401
    assert junk["WWW-Authenticate"].startswith("Bearer")
    assert junk["Content-Type"] == "application/problem+json"
    basic = client.get("/api/v3/courses/", headers={"authorization": "Basic YTpi"})
    assert basic.status_code == 401


def test_a_verified_token_is_not_anonymously_limited(client, site, limited):
    user = PartnerUserFactory()
    _token, plaintext = APIToken.create_token(user=user, name="t")
    for _ in range(4):
        response = client.get("/api/v3/courses/", headers={"authorization": f"Bearer {plaintext}"})
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]


def test_a_missing_token_on_a_token_endpoint_says_bearer(client, site):
    response = client.get("/api/v3/partner/courses/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_head_answers_where_get_does(client, site):
    list_course(CourseFactory())
    get = client.get("/api/v3/courses/")
    head = client.head("/api/v3/courses/")
    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Length"] == str(len(get.content))
    assert head["ETag"] == get["ETag"]


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/api/v3/no-such-thing/", 404),
        ("delete", "/api/v3/courses/", 405),
        ("put", "/api/v3/partners/", 405),
        ("get", "/api/v3/courses/not-a-number/", 422),
        # Wagtail 8.0 answered 500 to a page update with an id like this (found by make fuzz).
        ("patch", "/api/v3/pages/7.6e-46/", 404),
    ],
)
def test_every_api_error_is_problem_json(client, site, method, path, status):
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == status


def test_cached_links_follow_the_requested_host(client, site, settings):
    settings.API_RESPONSE_CACHE_SECONDS = 60
    settings.ALLOWED_HOSTS = ["*"]
    caches["default"].clear()
    for _ in range(3):
        list_course(CourseFactory())
    evil = client.get("/api/v3/courses/?page_size=1", headers={"host": "evil.example.net"})
    assert evil.json()["next"].startswith("http://evil.example.net/")
    ordinary = client.get("/api/v3/courses/?page_size=1")
    assert ordinary.json()["next"].startswith("http://testserver/")
    caches["default"].clear()


def test_malformed_json_on_a_write_is_a_documented_problem(client, site):
    user = PartnerUserFactory()
    _token, plaintext = APIToken.create_token(user=user, name="t")
    response = client.post(
        "/api/v3/partner/courses/",
        "{not json",
        content_type="application/json",
        headers={"authorization": f"Bearer {plaintext}"},
    )
    assert response.status_code in (400, 422)
    assert response["Content-Type"] == "application/problem+json"
    document = client.get("/api/v3/openapi.json").json()
    documented = document["paths"]["/api/v3/partner/courses/"]["post"]["responses"]
    assert str(response.status_code) in documented
