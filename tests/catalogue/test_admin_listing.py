"""The 講座管理 listing: filters a reviewer uses every day."""

import datetime

import pytest

from catalogue.models import Course
from tests.catalogue.admin import snippet_url
from tests.catalogue.factories import CourseFactory, SecretariatUserFactory, list_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer_client(client, site):
    client.force_login(SecretariatUserFactory())
    return client


def titles(client, **params):
    html = client.get(snippet_url(Course, "list_results"), params).content.decode()
    return {
        t for t in ["レベル1の講座", "レベル3の講座", "下書きの講座", "まもなく終了"] if t in html
    }


def test_filter_by_level_status_and_expiry(reviewer_client):
    list_course(CourseFactory(title="レベル1の講座", level=1, course_type="literacy"))
    list_course(CourseFactory(title="レベル3の講座", level=3))
    CourseFactory(title="下書きの講座")
    ending = list_course(CourseFactory(title="まもなく終了"))
    Course.objects.filter(pk=ending.pk).update(
        listed_until=datetime.date.today() + datetime.timedelta(days=30)
    )

    assert titles(reviewer_client, level="1") == {"レベル1の講座"}
    assert titles(reviewer_client, status="draft") == {"下書きの講座"}
    assert titles(reviewer_client, status="live") == {
        "レベル1の講座",
        "レベル3の講座",
        "まもなく終了",
    }
    assert titles(reviewer_client, expiring="true") == {"まもなく終了"}


def test_unknown_filter_value_is_a_clean_page(reviewer_client):
    response = reviewer_client.get(
        snippet_url(Course, "list"), {"level": "9", "status": "nonsense"}
    )
    assert response.status_code == 200


def test_empty_listing_says_so_in_japanese(reviewer_client):
    html = reviewer_client.get(snippet_url(Course, "list")).content.decode()
    assert "講座" in html
    assert "表示できる講座はまだありません。" in html
