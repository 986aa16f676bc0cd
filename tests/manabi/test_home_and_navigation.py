"""The home page, navigation, footer and breadcrumbs, and the course page's way back (#14 item 1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.models import Course, Role
from manabi.blocks import LEVEL_DEFINITIONS
from manabi.models import NavigationSettings
from tests.catalogue.factories import listed_course
from tests.quest.factories import ProgrammeIndexPageFactory, QuestHomePageFactory

pytestmark = pytest.mark.django_db

HOME_SECTIONS = [
    ("course_search", {}),
    ("level_entries", {}),
    ("role_entries", {}),
    ("feature_entries", {}),
    ("newest_courses", {"count": 3}),
    ("quest_entry", {}),
]


def home_with_sections(site, quest_page=None):
    from manabi.blocks import HomeStreamBlock

    home = site.root_page.specific
    stream = HomeStreamBlock()
    body = []
    for name, overrides in HOME_SECTIONS:
        value = stream.child_blocks[name].get_default()
        value.update(overrides)
        if name == "quest_entry" and quest_page:
            value["page"] = quest_page
        body.append((name, value))
    home.body = body
    home.save_revision().publish()
    return home


def test_home_page_leads_to_search_levels_roles_subsidies_new_courses_and_quest(client, site):
    quest = QuestHomePageFactory(parent=site.root_page)
    newest = listed_course(title="生成AI活用の最新講座")
    home_with_sections(site, quest_page=quest)

    html = client.get("/").content.decode()

    assert 'action="/courses/"' in html and 'name="q"' in html
    for item in LEVEL_DEFINITIONS:
        assert f'href="/courses/?level={item["level"]}"' in html
        assert item["definition"] in html
    assert "ビジネスアーキテクト" in html and "role=" in html
    assert 'href="/courses/?fee_type=free"' in html
    assert "subsidy=benefit-general&amp;subsidy=benefit-specific-general" in html
    assert 'href="/courses/?subsidy=reskill-certified"' in html
    assert f'href="/courses/{newest.pk}/"' in html and "生成AI活用の最新講座" in html
    assert f'href="{quest.url}"' in html


def test_header_navigation_and_footer_are_on_every_page(client, site):
    quest = QuestHomePageFactory(parent=site.root_page)
    nav = NavigationSettings.for_site(site)
    nav.header_links = [
        ("link", {"text": "講座を探す", "page": None, "path": "/courses/"}),
        ("link", {"text": "マナビDX Quest", "page": quest, "path": ""}),
    ]
    nav.footer_links = [("link", {"text": "利用規約", "page": None, "path": "/terms/"})]
    nav.save()

    for url in ["/", "/courses/", quest.url, "/quest/companies/", "/opendata/"]:
        html = client.get(url).content.decode()
        header = html[html.index("<header") : html.index("</header>")]
        assert '<a href="/courses/">講座を探す</a>' in header, url
        assert f'<a href="{quest.url}">マナビDX Quest</a>' in header, url
        footer = html[html.index("<footer") :]
        assert '<a href="/terms/">利用規約</a>' in footer, url
        assert 'href="/opendata/"' in footer, url


def test_header_has_the_two_front_doors_before_editors_set_it(client, site):
    html = client.get("/").content.decode()
    header = html[html.index("<header") : html.index("</header>")]

    assert 'href="/courses/"' in header
    assert 'href="/quest/apply/"' in header


def test_navigation_link_must_stay_on_this_site():
    from wagtail.blocks import StructBlockValidationError

    from manabi.blocks import LinkBlock

    block = LinkBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(
            block.to_python({"text": "外部", "page": None, "path": "https://evil.example/"})
        )


def test_pages_below_home_have_breadcrumbs(client, site):
    quest_tree = {"home": QuestHomePageFactory(parent=site.root_page)}
    quest_tree["programmes"] = ProgrammeIndexPageFactory(parent=quest_tree["home"])
    html = client.get(quest_tree["programmes"].url).content.decode()

    crumbs = html[
        html.index('class="breadcrumbs"') : html.index("</nav>", html.index('class="breadcrumbs"'))
    ]
    assert '<a href="/">ホーム</a>' in crumbs
    assert f'<a href="{quest_tree["home"].url}">マナビDX Quest</a>' in crumbs
    assert '<span aria-current="page">プログラム一覧</span>' in crumbs


def test_course_page_links_back_to_the_search_it_came_from(client, site):
    course = listed_course()
    search = "/courses/?q=%E3%83%87%E3%83%BC%E3%82%BF&level=2&sort=fee"

    from_referer = client.get(
        f"/courses/{course.pk}/", headers={"referer": f"http://testserver{search}"}
    ).content.decode()
    from_param = client.get(
        f"/courses/{course.pk}/", {"back": "/courses/?role=data-engineer&level=3"}
    ).content.decode()

    assert f'<a href="{search.replace("&", "&amp;")}">← 検索結果に戻る</a>' in from_referer
    assert '<a href="/courses/?role=data-engineer&amp;level=3">← 検索結果に戻る</a>' in from_param


@pytest.mark.parametrize(
    "back,referer",
    [
        ("https://evil.example/courses/?q=x", ""),
        ("//evil.example/courses/", ""),
        ("/admin/", ""),
        ("", "https://evil.example/courses/?q=x"),
    ],
)
def test_course_page_back_link_never_leaves_the_search_page(client, site, back, referer):
    course = listed_course()
    headers = {"referer": referer} if referer else {}

    html = client.get(f"/courses/{course.pk}/", {"back": back}, headers=headers).content.decode()

    assert '<a href="/courses/">← 検索結果に戻る</a>' in html


def test_course_page_lists_related_courses_of_the_same_level_and_role(client, site):
    engineer = Role.objects.get(code="data-engineer")
    other_role = Role.objects.exclude(pk=engineer.pk).first()
    course = listed_course(title="本講座", roles=[engineer])
    related = listed_course(title="同じロールの講座", roles=[engineer])
    listed_course(title="別レベルの講座", roles=[engineer], level=3)
    listed_course(title="別ロールの講座", roles=[other_role])

    html = client.get(f"/courses/{course.pk}/").content.decode()
    section = html[html.index('class="related-courses"') :]

    assert f'href="/courses/{related.pk}/"' in section
    assert "別レベルの講座" not in section
    assert "別ロールの講座" not in section


def test_course_page_query_count_does_not_grow_with_related_courses(client, site):
    engineer = Role.objects.get(code="data-engineer")
    course = listed_course(roles=[engineer])
    client.get(f"/courses/{course.pk}/")  # warm caches (site settings, locale)
    with CaptureQueriesContext(connection) as one:
        client.get(f"/courses/{course.pk}/")
    for _ in range(4):
        listed_course(roles=[engineer])
    with CaptureQueriesContext(connection) as many:
        client.get(f"/courses/{course.pk}/")

    assert len(many) == len(one)
    assert Course.objects.count() == 5
