"""The OpenAPI document is part of the contract: a snapshot, and schemathesis against the live schema."""

import json
import os
from contextlib import contextmanager
from pathlib import Path

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance
from wagtail.models import APIToken

from catalogue.models import Role
from tests.catalogue.factories import CourseFactory, PartnerFactory, PartnerUserFactory, list_course

SNAPSHOT = Path(__file__).with_name("openapi.snapshot.json")
OUR_PATHS = r"^/api/v3/(courses|partners|partner)/"
PUBLIC_READS = r"^/api/v3/(pages|images|documents|sites|redirects)/"


def test_openapi_document_matches_the_snapshot(client):
    """A schema change shows up as a diff of tests/api/openapi.snapshot.json.

    After an intended change: UPDATE_OPENAPI_SNAPSHOT=1 .venv/bin/pytest tests/api/test_openapi.py
    """
    current = client.get("/api/v3/openapi.json").json()
    if os.environ.get("UPDATE_OPENAPI_SNAPSHOT") == "1":
        SNAPSHOT.write_text(
            json.dumps(current, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        )
    expected = json.loads(SNAPSHOT.read_text())
    assert sorted(current["paths"]) == sorted(expected["paths"])
    assert current == expected


def test_docs_page_is_served(client):
    assert client.get("/api/v3/docs/").status_code == 200


@contextmanager
def live_schema(**include):
    """The live OpenAPI schema over WSGI, limited to ``include`` (schemathesis filters).

    Like Django's test client, keep the test's connection (and transaction)
    open across the WSGI requests schemathesis makes.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        schema = schemathesis.openapi.from_wsgi("/api/v3/openapi.json", get_wsgi_application())
        yield schema.include(**include)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(db):
    with live_schema(path_regex=OUR_PATHS) as schema:
        yield schema


@pytest.fixture
def sample_data(site):
    partner = PartnerFactory()
    for level in (1, 2, 3):
        list_course(
            CourseFactory(
                partner=partner,
                level=level,
                course_type="literacy" if level == 1 else "practical",
                roles=[] if level == 1 else list(Role.objects.all()[:2]),
            )
        )
    user = PartnerUserFactory(partner=partner)
    _token, plaintext = APIToken.create_token(user=user, name="schemathesis")
    return {"Authorization": f"Bearer {plaintext}"}


@pytest.fixture
def no_rate_limit(settings):
    settings.API_ANON_RATE_LIMIT = 0  # schemathesis sends many requests


def call_and_validate_with(headers):
    def exercise(case):
        # Role and standard codes are data, not a fixed enum: a random code
        # that fits the schema is rightly a 400, so that one check is left out.
        # Credentials go on the case itself, so the auth probes can take them off.
        case.headers = {**(case.headers or {}), **headers}
        case.call_and_validate(excluded_checks=[positive_data_acceptance])

    return exercise


@pytest.mark.django_db
def test_api_conforms_to_its_schema(api_schema, sample_data, no_rate_limit):
    """No 5xx and conforming responses for every operation of ours.

    Anonymously, and with a partner's token on the /partner/ operations.
    Hypothesis drives each operation directly (the schemathesis pytest plugin
    does not run on pytest 9 yet).
    """
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 8
    failures = {}
    for operation in operations:
        headers = sample_data if operation.path.startswith("/api/v3/partner/") else {}
        exercise = given(case=operation.as_strategy())(
            settings(
                max_examples=15,
                deadline=None,
                database=None,
                derandomize=True,  # the same examples every run: CI is not a lottery
                suppress_health_check=list(HealthCheck),
            )(call_and_validate_with(headers))
        )

        try:
            exercise()
        except Exception as exc:
            failures[operation.label] = str(exc)[:2000]
    assert failures == {}


@pytest.fixture
def public_reads_schema(db):
    with live_schema(path_regex=PUBLIC_READS, method="GET") as schema:
        yield schema


@pytest.mark.django_db
def test_wagtail_get_endpoints_do_not_fail_anonymously(public_reads_schema, site, no_rate_limit):
    """Wagtail's own GET endpoints, anonymously: no 5xx, responses conform."""

    operations = [result.ok() for result in public_reads_schema.get_all_operations()]
    assert operations
    failures = {}
    for operation in operations:

        def exercise(case):
            # Public reads are anonymous by design; the schema still lists the bearer scheme.
            case.call_and_validate(excluded_checks=[positive_data_acceptance, ignored_auth])

        runner = given(case=operation.as_strategy())(
            settings(
                max_examples=10,
                deadline=None,
                database=None,
                derandomize=True,  # the same examples every run: CI is not a lottery
                suppress_health_check=list(HealthCheck),
            )(exercise)
        )
        try:
            runner()
        except Exception as exc:
            failures[operation.label] = str(exc)[:1500]
    assert failures == {}


def test_openapi_document_is_valid_openapi_3_1(client):
    from openapi_spec_validator import validate
    from openapi_spec_validator.validation.validators import OpenAPIV31SpecValidator

    document = client.get("/api/v3/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    validate(document, cls=OpenAPIV31SpecValidator)


def test_openapi_document_has_no_duplicate_keys(client):
    def refuse_duplicates(pairs):
        keys = [key for key, _value in pairs]
        duplicates = sorted({key for key in keys if keys.count(key) > 1})
        assert not duplicates, f"duplicate keys: {duplicates}"
        return dict(pairs)

    json.loads(client.get("/api/v3/openapi.json").content, object_pairs_hook=refuse_duplicates)


def test_public_reads_declare_anonymous_access_and_every_status(client):
    document = client.get("/api/v3/openapi.json").json()
    assert "AllowAnonymous" not in document["components"]["securitySchemes"]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert {"401", "405", "429"} <= set(responses), (method, path)
            assert "Retry-After" in responses["429"]["headers"]
            assert "WWW-Authenticate" in responses["401"]["headers"]
    pages = document["paths"]["/api/v3/pages/"]["get"]
    assert {} in pages["security"]
