"""Incremental sync sees removals: every way a course leaves the listing is a tombstone."""

import datetime

import pytest
from django.utils import timezone

from catalogue import services
from catalogue.models import ChangeNotice, Course
from tests.catalogue.factories import CourseFactory, SecretariatUserFactory, list_course

pytestmark = pytest.mark.django_db


def removed_since(client, moment):
    response = client.get("/api/v3/courses/removed/", {"since": moment.isoformat()})
    assert response.status_code == 200, response.content
    return {item["id"]: item["reason"] for item in response.json()["items"]}


def listed_ids(client):
    return {item["id"] for item in client.get("/api/v3/courses/").json()["items"]}


def test_each_way_out_of_the_listing_is_a_tombstone(client, site):
    reviewer = SecretariatUserFactory()
    courses = {
        name: list_course(CourseFactory(title=name))
        for name in (
            "unpublished",
            "suspended",
            "cancelled",
            "expired",
            "withdrawn",
            "partner",
            "stays",
        )
    }
    before = timezone.now() - datetime.timedelta(seconds=1)
    assert removed_since(client, before) == {}

    courses["unpublished"].unpublish(user=reviewer)
    services.suspend_listing(courses["suspended"], reviewer, "a", "調査中のため")
    services.cancel_listing(courses["cancelled"], reviewer, "b", "虚偽の記載のため")
    Course.objects.filter(pk=courses["expired"].pk).update(
        listed_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    services.expire_listings(timezone.localdate())
    ChangeNotice.objects.create(
        course=courses["withdrawn"],
        kind="withdrawal",
        effective_date=timezone.localdate(),
        description="講座終了のため",
    )
    services.apply_due_change_notices(timezone.localdate())
    courses["partner"].partner.unpublish(user=reviewer)

    removed = removed_since(client, before)
    assert removed == {
        courses["unpublished"].pk: "unpublished",
        courses["suspended"].pk: "suspended",
        courses["cancelled"].pk: "cancelled",
        courses["expired"].pk: "expired",
        courses["withdrawn"].pk: "withdrawn",
        courses["partner"].pk: "partner_withdrawn",
    }
    assert listed_ids(client) == {courses["stays"].pk}
    # Nothing older than the moment asked for.
    assert removed_since(client, timezone.now() + datetime.timedelta(seconds=1)) == {}


def test_a_resumed_course_is_listed_again_and_seen_by_updated_since(client, site):
    reviewer = SecretariatUserFactory()
    course = list_course(CourseFactory())
    services.suspend_listing(course, reviewer, "a", "調査中のため")
    moment = timezone.now() - datetime.timedelta(seconds=1)
    services.resume_listing(course, reviewer, "調査の結果問題なし")
    changed = client.get("/api/v3/courses/", {"updated_since": moment.isoformat()}).json()
    assert [item["id"] for item in changed["items"]] == [course.pk]
    assert removed_since(client, moment) == {}


def test_drafts_never_published_are_not_tombstones(client, site):
    CourseFactory()
    assert removed_since(client, timezone.now() - datetime.timedelta(days=1)) == {}


@pytest.mark.parametrize("query", [{}, {"since": "yesterday"}, {"since": "2026-01-01", "x": "1"}])
def test_removed_refuses_bad_parameters(client, site, query):
    response = client.get("/api/v3/courses/removed/", query)
    assert response.status_code in (400, 422)
    assert response["Content-Type"] == "application/problem+json"


def test_unknown_list_parameters_are_refused(client, site):
    response = client.get("/api/v3/courses/", {"study_time": "1-10h"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["loc"] == ["query", "study_time"]
    assert client.get("/api/v3/partners/", {"sort": "name"}).status_code == 400
