"""List views do a fixed number of queries whatever the number of rows (1 vs 50)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.models import Course
from tests.catalogue.admin import snippet_url
from tests.catalogue.factories import (
    CourseFactory,
    PartnerFactory,
    PartnerUserFactory,
    SecretariatUserFactory,
    list_course,
)

pytestmark = pytest.mark.django_db


def count_queries(client, url, **params):
    client.get(url, params)  # warm per-process caches (content types, site, settings)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(context)


def make_courses(n, partner):
    for _ in range(n):
        list_course(CourseFactory(partner=partner))


@pytest.mark.parametrize("user_factory", ["secretariat", "partner"])
def test_admin_course_listing(client, site, user_factory):
    partner = PartnerFactory()
    user = (
        SecretariatUserFactory()
        if user_factory == "secretariat"
        else PartnerUserFactory(partner=partner)
    )
    client.force_login(user)
    url = snippet_url(Course, "list_results")

    make_courses(1, partner)
    one = count_queries(client, url)
    make_courses(49, partner)
    fifty = count_queries(client, url)

    assert Course.objects.count() == 50
    assert one == fifty, f"1 course: {one} queries, 50 courses: {fifty}"


def approve_without_publishing(course):
    revision = course.save_revision()
    Course.objects.filter(pk=course.pk).update(approved_revision=revision)


@pytest.mark.parametrize("role", ["secretariat", "partner"])
def test_dashboard_panels(client, site, role):
    """The partner home and the secretariat queue cost the same for 1 and 50 courses."""
    from django.urls import reverse

    from catalogue.models import ChangeNotice

    partner = PartnerFactory()
    user = (
        SecretariatUserFactory() if role == "secretariat" else PartnerUserFactory(partner=partner)
    )
    client.force_login(user)

    def add(n):
        for _ in range(n):
            course = list_course(CourseFactory(partner=partner))
            ChangeNotice.objects.create(course=course, kind="change", effective_date="2026-12-01")
            approve_without_publishing(CourseFactory(partner=partner))

    add(1)
    one = count_queries(client, reverse("wagtailadmin_home"))
    add(49)
    assert count_queries(client, reverse("wagtailadmin_home")) == one
