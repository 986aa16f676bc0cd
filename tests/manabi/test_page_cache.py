"""Public pages are shared between anonymous visitors until what they show changes (site/page_cache.py)."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from catalogue.models import Role
from manabi.models import NavigationSettings, SiteSettings
from tests.catalogue.factories import PartnerUserFactory, first_role, list_course, listed_course
from tests.manabi.factories import StandardPageFactory
from tests.quest.factories import (
    OperatorFactory,
    ProgrammeIndexPageFactory,
    ProgrammePageFactory,
    QuestHomePageFactory,
    RecruitmentRoundFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings, site):
    settings.PAGE_CACHE_SECONDS = 60
    # Wagtail creates a site's settings rows on first read; in production they exist.
    SiteSettings.for_site(site)
    NavigationSettings.for_site(site)


def served_from_cache(client, url, django_assert_num_queries, **params):
    with django_assert_num_queries(0):
        return client.get(url, params)


def test_a_course_page_is_shared_and_shows_a_published_change_at_once(
    client, site, django_assert_num_queries
):
    course = listed_course(title="Python実践講座")
    url = f"/courses/{course.pk}/"
    first = client.get(url)
    assert first.status_code == 200
    assert "Python実践講座" in first.content.decode()

    again = served_from_cache(client, url, django_assert_num_queries)
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    # The headers added around the cache are the request's own.
    assert again["X-Request-ID"] != first["X-Request-ID"]

    course.title = "Python実践講座（改訂版）"
    list_course(course)
    assert "Python実践講座（改訂版）" in client.get(url).content.decode()


def test_the_learner_search_is_shared_per_query_string(
    client, site, django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the search text is written on commit
        listed_course(title="データベース設計の基礎")
        listed_course(title="Ruby実践講座")
    database = client.get("/courses/", {"q": "データベース"})
    # (the matched word is highlighted: <mark>データベース</mark>設計の基礎)
    assert "設計の基礎" in database.content.decode()
    again = served_from_cache(client, "/courses/", django_assert_num_queries, q="データベース")
    assert again.content == database.content
    # Another query string is another page.
    python = client.get("/courses/", {"q": "Ruby"})
    assert "実践講座" in python.content.decode()
    assert "設計の基礎" not in python.content.decode()


def test_a_search_shared_before_the_index_caught_up_is_not_served_after_it(
    client, site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        listed_course(title="機械学習エンジニア養成講座")
    # Published, but the index update (a background task after the commit) has not run: a
    # search now is answered, and shared, without the course.
    assert "エンジニア養成講座" not in client.get("/courses/", {"q": "機械学習"}).content.decode()
    for callback in after_commit:
        callback()
    assert "エンジニア養成講座" in client.get("/courses/", {"q": "機械学習"}).content.decode()


def test_a_signed_in_visitor_neither_gets_nor_fills_the_shared_page(
    client, site, django_assert_num_queries, django_assert_max_num_queries
):
    course = listed_course(title="Python実践講座")
    url = f"/courses/{course.pk}/"
    client.force_login(PartnerUserFactory())
    signed_in = client.get(url)
    assert signed_in.status_code == 200
    with django_assert_max_num_queries(100) as queries:
        client.get(url)
    assert len(queries) > 0, "a signed-in visitor was answered from the shared cache"

    client.logout()
    client.cookies.clear()
    with django_assert_max_num_queries(100) as queries:
        anonymous = client.get(url)
    assert len(queries) > 0, "the signed-in visitor's page was shared"
    assert anonymous.status_code == 200
    served_from_cache(client, url, django_assert_num_queries)


def test_a_password_protected_page_and_its_form_are_never_shared(client, site):
    page = StandardPageFactory(parent=site.root_page, title="関係者向け資料", slug="members")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    first = client.get("/members/")
    assert first.status_code == 200
    assert "csrftoken" in first.cookies  # the password form: a CSRF cookie, so not shared
    client.cookies.clear()
    second = client.get("/members/")
    assert "csrftoken" in second.cookies, "the form of another visitor was served from the cache"


def test_a_visitor_with_a_message_waiting_is_not_served_the_shared_page(
    client, site, django_assert_max_num_queries
):
    course = listed_course(title="Python実践講座")
    url = f"/courses/{course.pk}/"
    client.get(url)
    client.cookies["messages"] = "pending"
    with django_assert_max_num_queries(100) as queries:
        client.get(url)
    assert len(queries) > 0


def test_programme_pages_show_on_the_quest_index_the_moment_the_scheduler_publishes_them(
    client, site, django_assert_num_queries
):
    home = QuestHomePageFactory(parent=site.root_page)
    programmes = ProgrammeIndexPageFactory(parent=home)
    announcement = timezone.now() + datetime.timedelta(days=1)
    round_ = RecruitmentRoundFactory(
        announcement_at=announcement,
        applications_open_at=announcement,
        applications_close_at=announcement + datetime.timedelta(days=30),
    )
    page = ProgrammePageFactory(
        parent=programmes, recruitment_round=round_, operator=OperatorFactory(), live=False
    )
    page.refresh_from_db()
    page.save_revision().publish()  # scheduled for the announcement, not live yet
    index_url = programmes.url
    before = client.get(index_url)
    assert before.status_code == 200
    assert page.title not in before.content.decode()
    assert served_from_cache(client, index_url, django_assert_num_queries).content == before.content

    with time_machine.travel(announcement + datetime.timedelta(seconds=1), tick=False):
        call_command("publish_scheduled", stdout=StringIO())
        after = client.get(index_url)
    assert page.title in after.content.decode()


def test_a_change_to_what_pages_show_besides_pages_is_shown_at_once(client, site):
    role = first_role()
    course = listed_course(title="Python実践講座", roles=[role])
    url = f"/courses/{course.pk}/"
    assert role.name in client.get(url).content.decode()
    Role.objects.filter(pk=role.pk).update(name="変更前")  # no signal: still the cached page
    assert role.name in client.get(url).content.decode()
    role.name = "データサイエンティスト（改）"
    role.save()
    assert "データサイエンティスト（改）" in client.get(url).content.decode()

    settings_row = SiteSettings.for_site(site)
    settings_row.organisation_name = "経済産業省 マナビDX事務局（改）"
    settings_row.save()
    assert "経済産業省 マナビDX事務局（改）" in client.get("/").content.decode()


def test_off_when_page_cache_seconds_is_zero(client, site, settings, django_assert_max_num_queries):
    settings.PAGE_CACHE_SECONDS = 0
    course = listed_course(title="Python実践講座")
    client.get(f"/courses/{course.pk}/")
    with django_assert_max_num_queries(100) as queries:
        client.get(f"/courses/{course.pk}/")
    assert len(queries) > 0
