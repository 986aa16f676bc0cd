"""The public course page: live, listed courses only, everything a learner needs, escaped."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue import services
from catalogue.models import Course, Role
from tests.catalogue.factories import CourseFactory, SecretariatUserFactory, listed_course

pytestmark = pytest.mark.django_db


def test_listed_course_shows_what_a_learner_needs(client, site):
    role = Role.objects.get(code="data-engineer")
    course = listed_course(title="データエンジニア実践講座", roles=[role], fee_yen=55000)

    response = client.get(f"/courses/{course.pk}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 id="course-title">データエンジニア実践講座</h1>' in html
    assert course.partner.name in html
    assert "レベル2" in html
    assert "データエンジニア" in html
    assert "55,000円（税込）" in html
    assert "オンデマンド" in html
    assert 'href="https://example.jp/course"' in html


@pytest.mark.parametrize("state", ["draft", "suspended", "expired", "partner_pending"])
def test_course_that_is_not_listed_is_404(client, site, state):
    if state == "draft":
        course = CourseFactory()
    elif state == "partner_pending":
        course = listed_course()
        course.partner.live = False
        course.partner.save()
    else:
        course = listed_course()
        if state == "suspended":
            services.suspend_listing(course, SecretariatUserFactory(), "a", "調査中")
        else:
            Course.objects.filter(pk=course.pk).update(listing_state=Course.ListingState.EXPIRED)
    assert client.get(f"/courses/{course.pk}/").status_code == 404


def test_title_with_markup_is_escaped(client, site):
    course = listed_course(title="<script>alert(1)</script>")
    html = client.get(f"/courses/{course.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_query_count_does_not_grow_with_related_values(client, site):
    one = listed_course(roles=list(Role.objects.all()[:1]))
    many = listed_course(roles=list(Role.objects.all()))
    client.get(f"/courses/{one.pk}/")  # warm caches (site root, settings)

    with CaptureQueriesContext(connection) as with_one:
        client.get(f"/courses/{one.pk}/")
    with CaptureQueriesContext(connection) as with_many:
        client.get(f"/courses/{many.pk}/")

    assert len(with_one) == len(with_many)
