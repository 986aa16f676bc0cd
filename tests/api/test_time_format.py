"""Every time the API sends is UTC written with ``Z``, as Wagtail's own pages API writes it.

The walk reads every GET operation of the OpenAPI document (ours and Wagtail's),
fills its path from sample data, and checks each date-time string in the answer.
"""

import datetime
import re

import pytest
import wagtail_factories
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import APIToken

from catalogue import services
from tests.catalogue.factories import (
    CourseFactory,
    PartnerUserFactory,
    SecretariatUserFactory,
    UserFactory,
    list_course,
)
from tests.manabi.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
UTC_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")
# Operations that have no sample to read: snippet types (none is exposed through the API), the
# schema of a type, and look-ups that answer with a redirect to a detail already walked.
NOT_WALKED = re.compile(r"\{type\}|\{type_name\}|/find/$")


def bearer(user):
    _token, plaintext = APIToken.create_token(user=user, name="walk")
    return {"Authorization": f"Bearer {plaintext}"}


@pytest.fixture
def samples(site):
    course = list_course(CourseFactory())
    removed = list_course(CourseFactory(partner=course.partner))
    services.suspend_listing(removed, SecretariatUserFactory(), "a", "調査中のため")
    page = StandardPageFactory(parent=site.root_page, title="時刻の形式")
    revision = page.save_revision()
    revision.publish()
    # A scheduled revision carries its go-live moment in its content.
    page.go_live_at = timezone.now() + datetime.timedelta(days=3)
    page.save_revision(approved_go_live_at=page.go_live_at)
    redirect = Redirect.objects.create(old_path="/old-times", redirect_link="/new-times", site=site)
    return {
        "ids": {
            "course_id": course.pk,
            "partner_id": course.partner_id,
            "page_id": page.pk,
            "revision_id": page.latest_revision_id,
            "redirect_id": redirect.pk,
            "document_id": wagtail_factories.DocumentFactory().pk,
            "image_id": wagtail_factories.ImageFactory().pk,
            "site_id": site.pk,
        },
        "query": {"/api/v3/courses/removed/": {"since": "2000-01-01T00:00:00Z"}},
        "partner": bearer(PartnerUserFactory(partner=course.partner)),
        "editor": bearer(UserFactory(is_superuser=True, is_staff=True)),
    }


def date_times(value, path=""):
    """(path, string) for every date-time string anywhere in a JSON value."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from date_times(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from date_times(item, f"{path}[{index}]")
    elif isinstance(value, str) and DATE_TIME.match(value):
        yield path, value


def test_every_time_the_api_sends_is_utc_with_z(client, samples):
    document = client.get("/api/v3/openapi.json").json()
    seen, walked, wrong = set(), [], []
    for template, operations in document["paths"].items():
        if "get" not in operations or NOT_WALKED.search(template):
            continue
        path = template.format(**samples["ids"])
        headers = samples["partner"] if path.startswith("/api/v3/partner/") else samples["editor"]
        response = client.get(path, samples["query"].get(template, {}), headers=headers)
        assert response.status_code == 200, (path, response.content[:300])
        walked.append(template)
        for where, value in date_times(response.json()):
            seen.add(re.sub(r"\[\d+\]", "[]", where))
            if not UTC_Z.match(value):
                wrong.append((path, where, value))
    assert wrong == []
    # The walk reached the times of each kind of answer.
    assert {
        ".items[].updated_at",  # /courses/
        ".updated_at",  # /courses/{id}/, /partner/courses/{id}/
        ".items[].removed_at",  # /courses/removed/
        ".items[].meta.first_published_at",  # /pages/
        ".meta.first_published_at",  # /pages/{id}/
        ".items[].created_at",  # revisions, redirects
        ".approved_go_live_at",  # a revision
        ".content_object.meta.first_published_at",  # the page as the revision holds it
    } <= seen, sorted(seen)
    assert len(walked) >= 18, walked


def test_a_time_stored_in_japan_time_is_sent_in_utc(client, samples):
    """A draft's times come from its revision's JSON, which may hold any offset."""
    course = CourseFactory(partner_id=samples["ids"]["partner_id"])
    revision = course.save_revision()
    revision.content["updated_at"] = "2026-11-21T09:30:00+09:00"
    revision.save(update_fields=["content"])

    detail = client.get(f"/api/v3/partner/courses/{course.pk}/", headers=samples["partner"])

    assert detail.status_code == 200
    assert detail.json()["updated_at"] == "2026-11-21T00:30:00Z"
