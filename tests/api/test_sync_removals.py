"""Incremental sync sees removals: every way a course leaves the listing is a tombstone."""

import datetime

import pytest
from django.db import connection
from django.db.models import ProtectedError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalogue import services
from catalogue.models import ChangeNotice, Course
from tests.catalogue.factories import (
    CourseFactory,
    PartnerFactory,
    SecretariatUserFactory,
    UserFactory,
    list_course,
)

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


def a_moment_ago():
    return timezone.now() - datetime.timedelta(seconds=1)


def delete_in_the_admin(client, *courses):
    """The admin's delete view for each course (confirmed), as a superuser."""
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    for course in courses:
        url = reverse(Course.snippet_viewset.get_url_name("delete"), args=[course.pk])
        assert client.post(url).status_code == 302
    client.logout()


def test_a_course_deleted_in_the_admin_is_a_tombstone(client, site):
    listed = list_course(CourseFactory(title="削除される講座"))
    draft = CourseFactory(title="公開されなかった講座")
    before = a_moment_ago()

    delete_in_the_admin(client, listed, draft)

    assert not Course.objects.filter(pk__in=[listed.pk, draft.pk]).exists()
    # A draft never published was in no mirror: nothing to delete there.
    assert removed_since(client, before) == {listed.pk: "deleted"}
    assert removed_since(client, timezone.now() + datetime.timedelta(seconds=1)) == {}


def test_courses_deleted_with_the_bulk_action_are_tombstones(client, site):
    courses = [list_course(CourseFactory()) for _ in range(3)]
    before = a_moment_ago()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    ids = "&".join(f"id={course.pk}" for course in courses[:2])

    response = client.post(f"/admin/bulk/catalogue/course/delete/?{ids}")

    assert response.status_code == 302
    client.logout()
    assert removed_since(client, before) == {courses[0].pk: "deleted", courses[1].pk: "deleted"}
    assert listed_ids(client) == {courses[2].pk}


def test_an_unpublished_course_deleted_later_is_one_tombstone(client, site):
    course = list_course(CourseFactory())
    before = a_moment_ago()
    course.unpublish(user=SecretariatUserFactory())
    assert removed_since(client, before) == {course.pk: "unpublished"}

    delete_in_the_admin(client, course)

    response = client.get("/api/v3/courses/removed/", {"since": before.isoformat()})
    assert [(i["id"], i["reason"]) for i in response.json()["items"]] == [(course.pk, "deleted")]


def test_deleted_and_unlisted_courses_page_together_in_time_order(client, site):
    reviewer = SecretariatUserFactory()
    first, second, third = (list_course(CourseFactory()) for _ in range(3))
    before = a_moment_ago()
    first.unpublish(user=reviewer)
    delete_in_the_admin(client, second)
    services.suspend_listing(third, reviewer, "a", "調査中のため")

    seen, url, query = [], "/api/v3/courses/removed/", {"since": before.isoformat(), "page_size": 1}
    while url:
        data = client.get(url, query).json()
        assert data["count"] == 3
        seen += [(item["id"], item["reason"]) for item in data["items"]]
        url, query = data["next"], {}
    assert seen == [(first.pk, "unpublished"), (second.pk, "deleted"), (third.pk, "suspended")]


def test_a_partner_with_courses_cannot_be_deleted(site):
    """So a course never disappears with its partner, untraced."""
    course = list_course(CourseFactory(partner=PartnerFactory()))
    with pytest.raises(ProtectedError):
        course.partner.delete()
    assert Course.objects.filter(pk=course.pk).exists()


def test_removed_query_count_is_the_same_for_1_and_50_tombstones(client, site):
    reviewer = SecretariatUserFactory()
    before = a_moment_ago()

    def remove(n):
        for index in range(n):
            course = list_course(CourseFactory())
            if index % 2:
                Course.objects.filter(pk=course.pk).delete()
            else:
                course.unpublish(user=reviewer)

    query = {"since": before.isoformat(), "page_size": 50}
    remove(1)
    client.get("/api/v3/courses/removed/", query)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/api/v3/courses/removed/", query).json()["count"] == 1
    remove(49)
    with CaptureQueriesContext(connection) as fifty:
        assert client.get("/api/v3/courses/removed/", query).json()["count"] == 50
    assert len(one) == len(fifty)
