"""No page loads anything from another host, and every page carries CSP and Permissions-Policy (#9 item 5).

The demo content (``load_demo``) has every public page type; each live page is rendered, with
the public forms, the course pages, the API docs and the main admin screens, and every ``src``,
``href`` and ``srcset`` of a script, style, image, font, media or frame must stay on this host.
"""

import io
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page

from catalogue.models import Course

pytestmark = pytest.mark.django_db

LOADING = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "image": ("href", "xlink:href"),  # inside SVG
    "use": ("href", "xlink:href"),
}
LOADING_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest"}


class ResourceCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        names = LOADING.get(tag, ())
        if tag == "link" and set((attrs.get("rel") or "").lower().split()) & LOADING_LINK_RELS:
            names = ("href",)
        for name in names:
            value = attrs.get(name) or ""
            candidates = value.split(",") if name == "srcset" else [value]
            self.urls += [(tag, c.strip().split(" ")[0]) for c in candidates if c.strip()]
        style = attrs.get("style") or ""
        if "url(" in style:
            self.urls.append((tag, style.split("url(", 1)[1].split(")", 1)[0].strip("'\"")))


def foreign_resources(html):
    collector = ResourceCollector()
    collector.feed(html)
    return [
        (tag, url)
        for tag, url in collector.urls
        if urlsplit(url).netloc not in ("", "testserver")
        or urlsplit(url).scheme not in ("", "http", "https", "data", "blob")
    ]


def csp(response_or_header):
    """The policy as {directive: [sources]}."""
    header = getattr(response_or_header, "headers", None)
    value = header["Content-Security-Policy"] if header is not None else response_or_header
    parts = (part.split() for part in value.split(";") if part.strip())
    return {name: sources for name, *sources in parts}


def check_page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert not foreign_resources(html), (url, foreign_resources(html))
    assert "gravatar" not in html.lower(), url
    assert "Permissions-Policy" in response.headers, url
    assert "camera=()" in response["Permissions-Policy"]
    return response


def test_no_page_loads_anything_from_another_host(client, settings, django_user_model):
    """One demo build (the slow part) serves the public and the admin checks."""
    settings.SEARCH_BACKEND = "database"
    call_command("load_demo", "--courses", "60", "--no-superuser", stdout=io.StringIO())
    check_public_pages(client)
    check_admin_screens(client, django_user_model)


def check_public_pages(client):
    pages = Page.objects.live().specific().filter(depth__gt=1)
    page_types = {type(page).__name__ for page in pages}
    urls = {page.url for page in pages if page.url}
    course = Course.objects.listed().first()
    urls |= {"/courses/", f"/courses/{course.pk}/", "/quest/apply/", "/quest/companies/"}
    for url in sorted(urls):
        response = check_page(client, url)
        policy = csp(response)
        # The strict public policy: own files only, nothing inline, no frames.
        assert policy["script-src"] == policy["style-src"] == ["'self'"], url
        assert "unsafe" not in response["Content-Security-Policy"], url
        assert policy["frame-ancestors"] == policy["object-src"] == ["'none'"]
    # The demo has every page type the site serves.
    assert {"HomePage", "StandardPage", "QuestHomePage", "ProgrammePage"} <= page_types
    assert len(page_types) >= 8, page_types


def test_api_docs_are_served_from_local_files(client, db):
    response = check_page(client, "/api/v3/docs/")
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert csp(response)["script-src"] == ["'self'"]


def check_admin_screens(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.jp", "x" * 12)
    client.force_login(admin)
    home = Page.objects.get(depth=2)
    course = Course.objects.first()
    urls = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[home.pk]),
        reverse("wagtailadmin_pages:edit", args=[home.pk]),
        reverse("wagtailsnippets_catalogue_course:list"),
        reverse("wagtailsnippets_catalogue_course:edit", args=[course.pk]),
        reverse("wagtailimages:index"),
        reverse("wagtailimages_chooser:choose"),
        reverse("wagtaildocs:index"),
        reverse("wagtailusers_users:index"),
        reverse("wagtailadmin_account"),
        "/admin/quest_applications/",
        "/admin/security_audit_log/",
    ]
    for url in urls:
        response = check_page(client, url)
        policy = csp(response)
        # Wagtail's editor needs inline script (see CSP_ADMIN_DIRECTIVES), never eval or a host.
        assert policy["script-src"] == ["'self'", "'unsafe-inline'"], url
        assert policy["default-src"] == ["'self'"]
        assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_external_host_detection_is_not_blind():
    html = (
        '<link rel="stylesheet" href="https://cdn.example.com/x.css">'
        '<img src="/media/a.png" srcset="/media/a.png 1x, //evil.example/b.png 2x">'
        '<script src="/static/app.js"></script><iframe src="https://www.youtube.com/embed/x"></iframe>'
    )
    assert foreign_resources(html) == [
        ("link", "https://cdn.example.com/x.css"),
        ("img", "//evil.example/b.png"),
        ("iframe", "https://www.youtube.com/embed/x"),
    ]
