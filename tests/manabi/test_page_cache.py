"""Public pages are shared between anonymous visitors until what they show changes (site/page_cache.py)."""

import datetime
import threading
import time
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site

from catalogue.models import Role
from manabi.models import NavigationSettings, SiteSettings
from tests.catalogue.factories import PartnerUserFactory, first_role, list_course, listed_course
from tests.manabi.factories import StandardPageFactory
from tests.quest.factories import (
    QuestHomePageFactory,
    programme_scheduled_for,
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
    announcement = timezone.now() + datetime.timedelta(days=1)
    page = programme_scheduled_for(site, announcement)  # not live yet
    index_url = page.get_parent().url
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


# ---------------------------------------------------------------- found in the security review


def test_the_way_back_from_one_visitors_search_is_not_shown_to_the_next(client, site):
    course = listed_course(title="Python実践講座")
    url = f"/courses/{course.pk}/"
    mine = "/courses/?q=%E7%A7%81%E3%81%AE%E6%A4%9C%E7%B4%A2"  # 「私の検索」
    first = client.get(url, headers={"referer": f"http://testserver{mine}"})
    assert f'href="{mine}"' in first.content.decode()  # the visitor's own way back
    client.cookies.clear()
    other = client.get(url)  # another visitor, typed the address
    assert mine not in other.content.decode()
    assert client.get(url).content == other.content  # and that one is shared


def test_a_page_made_private_stops_being_shared_at_once(client, site):
    page = StandardPageFactory(parent=site.root_page, title="公開中の資料", slug="papers")
    child = StandardPageFactory(parent=page, title="会議資料", slug="minutes")
    assert client.get("/papers/").status_code == 200
    assert client.get("/papers/minutes/").status_code == 200
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert client.get("/papers/").status_code == 302
    assert client.get(child.url).status_code == 302  # restricted through its parent


def test_a_course_whose_listing_ends_today_is_gone_at_midnight(client, site):
    today = timezone.localdate()
    course = listed_course(title="期限つき講座")
    type(course).objects.filter(pk=course.pk).update(listed_until=today)
    url = f"/courses/{course.pk}/"
    late = timezone.make_aware(datetime.datetime.combine(today, datetime.time(23, 59, 50)))
    with time_machine.travel(late, tick=False):
        assert client.get(url).status_code == 200
    with time_machine.travel(late + datetime.timedelta(seconds=20), tick=False):
        assert client.get(url).status_code == 404


def concurrent_get(url):
    """Another worker answering an anonymous visitor: its own connection sees committed rows only."""
    result = {}

    def run():
        try:
            result["status"] = Client().get(url).status_code
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result["status"]


@pytest.mark.django_db(transaction=True)
def test_a_course_page_rendered_while_its_withdrawal_commits_is_not_shared_after(
    client, site, settings
):
    # Production's queue: the index update (and its bump) waits for db_worker, not the commit.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    course = listed_course(title="取り下げる講座")
    url = f"/courses/{course.pk}/"
    assert client.get(url).status_code == 200
    with transaction.atomic():
        course.unpublish()  # the signal bumps the version before the commit
        assert concurrent_get(url) == 200  # still listed for the other worker, cached again
    assert Client().get(url).status_code == 404


def test_a_view_that_is_a_callable_object_is_served_and_not_shared(client, site):
    # The Atom feed of a search is a Feed instance, not a function: not in PUBLIC_PAGE_VIEWS.
    listed_course(title="Python実践講座")
    first = client.get("/courses/feed/", {"q": "Python"})
    assert first.status_code == 200
    assert first["Content-Type"].startswith("application/atom+xml")


# ------------------------------------------------------- the parts every page shares (base.html)


def test_the_parts_every_page_shares_render_once_and_change_with_what_they_show(
    client, site, settings
):
    """Header navigation, footer and title suffix (site/templatetags/site_chrome.py)."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "quest.example.jp"]
    quest = QuestHomePageFactory(parent=site.root_page, title="Quest", slug="quest")
    nav = NavigationSettings.for_site(site)
    nav.header_links = [("link", {"text": "マナビDX Quest", "page": quest, "path": ""})]
    nav.save()
    row = SiteSettings.for_site(site)
    row.organisation_name = "経済産業省 マナビDX事務局"
    row.save()
    other = Site.objects.create(hostname="quest.example.jp", root_page=site.root_page)
    other_row = SiteSettings.for_site(other)
    other_row.organisation_name = "マナビDX Quest 事務局"
    other_row.save()
    NavigationSettings.for_site(other)
    searches = iter(range(100))

    def learner_page(**headers):
        # A query string of its own each time: rendered, not answered from the page cache.
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/courses/", {"q": f"講座{next(searches)}"}, headers=headers)
        html = response.content.decode()
        title = html[html.index(" | ", html.index("<title>")) : html.index("</title>")]
        header = html[html.index("<header") : html.index("</header>")]
        footer = html[html.index("<footer") :]
        return title, header, footer, len(queries)

    learner_page()  # the process's first search reads what it keeps (facet values)
    title, header, footer, queries = learner_page()
    assert title == " | 経済産業省 マナビDX事務局"
    assert '<a href="/quest/">マナビDX Quest</a>' in header
    assert "経済産業省 マナビDX事務局" in footer
    # The same parts from the next page on, without reading them again.
    assert learner_page() == (title, header, footer, queries)
    NavigationSettings.for_site(site).save()  # an editor saves the navigation unchanged
    # Rendered anew once: the Site, both settings rows and the page the header links to.
    assert learner_page() == (title, header, footer, queries + 4)
    assert learner_page() == (title, header, footer, queries)

    # Another site of the same installation shows its own.
    title, _header, footer, _ = learner_page(host="quest.example.jp")
    assert title == " | マナビDX Quest 事務局" and "マナビDX Quest 事務局" in footer

    # An editor's change shows on the next page: the settings, and a page the header links to.
    row.organisation_name = "経済産業省 マナビDX事務局（改）"
    row.save()
    quest.slug = "quest-2027"
    quest.save_revision().publish()
    title, header, footer, _ = learner_page()
    assert title == " | 経済産業省 マナビDX事務局（改）"
    assert "経済産業省 マナビDX事務局（改）" in footer
    assert '<a href="/quest-2027/">マナビDX Quest</a>' in header


def test_a_signed_in_editor_gets_the_parts_rendered_for_the_request(client, site):
    editor = PartnerUserFactory()
    client.force_login(editor)
    row = SiteSettings.for_site(site)
    row.organisation_name = "経済産業省 マナビDX事務局"
    row.save()
    client.get("/courses/", {"q": "講座"})
    SiteSettings.objects.filter(pk=row.pk).update(organisation_name="署名なしの変更")  # no signal
    html = client.get("/courses/", {"q": "講座2"}).content.decode()
    assert "署名なしの変更" in html


def test_the_shared_parts_live_no_longer_than_a_cached_page(client, site, settings):
    """A change whose version bump was lost (Redis down while the editor saved) shows within
    PAGE_CACHE_SECONDS, as on a cached page; a Site's change shows at once."""
    # A short lifetime, waited out for real: the parts' clock is monotonic, which time_machine
    # does not move.
    settings.PAGE_CACHE_SECONDS = 2
    row = SiteSettings.for_site(site)
    row.organisation_name = "経済産業省 マナビDX事務局"
    row.save()
    client.get("/courses/", {"q": "講座1"})
    SiteSettings.objects.filter(pk=row.pk).update(organisation_name="版の上がらない変更")
    assert "版の上がらない変更" not in client.get("/courses/", {"q": "講座2"}).content.decode()
    time.sleep(settings.PAGE_CACHE_SECONDS + 0.2)
    assert "版の上がらない変更" in client.get("/courses/", {"q": "講座3"}).content.decode()

    SiteSettings.objects.filter(pk=row.pk).update(organisation_name="サイト保存後")
    site.site_name = "マナビDX"
    site.save()  # bumps the version: the Site decides which settings a host gets
    assert "サイト保存後" in client.get("/courses/", {"q": "講座4"}).content.decode()
