"""/healthz and /readyz as a load balancer sees them, against the real services."""

import json

import pytest


def test_healthz_answers_without_touching_services(client):
    # No django_db mark: any database query here would raise.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_reports_each_service(client, settings, es):
    settings.SEARCH_BACKEND = "elasticsearch"
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert body["checks"]["database"]["status"] == "up"
    assert body["checks"]["database"]["detail"] == "postgresql"
    assert body["checks"]["cache"]["status"] == "up"
    assert body["checks"]["elasticsearch"]["status"] == "up"


@pytest.mark.django_db
def test_elasticsearch_down_is_degraded_not_down(client, settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["checks"]["elasticsearch"]["status"] == "down"
    assert body["checks"]["database"]["status"] == "up"


@pytest.mark.django_db
def test_database_backend_reports_no_elasticsearch(client, settings):
    settings.SEARCH_BACKEND = "database"
    body = json.loads(client.get("/readyz").content)
    assert set(body["checks"]) == {"database", "cache"}


def test_readyz_refuses_writes(client):
    assert client.post("/readyz").status_code == 405
