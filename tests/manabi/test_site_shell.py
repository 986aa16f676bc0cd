"""The public site shell: home page, error page, footer, no third-party assets."""

import re
from pathlib import Path

import pytest
from django.db import connection

from manabi.models import SiteSettings
from tests.manabi.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_database_is_postgresql():
    assert connection.vendor == "postgresql"


def test_home_page_answers_in_japanese(client, site):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ja">' in html
    assert "<h1>マナビDX</h1>" in html
    # The skip link comes from the gettext catalogue, so this proves it is compiled and active.
    assert '<a class="skip-link" href="#main">本文へスキップ</a>' in html


def test_footer_links_the_privacy_policy_from_site_settings(client, site):
    policy = StandardPageFactory(parent=site.root_page, slug="privacy-policy")
    settings_ = SiteSettings.for_site(site)
    settings_.privacy_policy_page = policy
    settings_.contact_email = "info@example.jp"
    settings_.save()

    html = client.get("/").content.decode()

    assert '<a href="/privacy-policy/">プライバシーポリシー</a>' in html
    assert "mailto:info@example.jp" in html
    assert client.get("/privacy-policy/").status_code == 200


def test_unknown_page_is_a_japanese_404(client, site):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()


def test_pages_load_nothing_from_another_host(client, site):
    html = client.get("/").content.decode()
    external = re.findall(r'(?:src|href)="(?:https?:)?//[^"]+"', html)
    assert external == []


def test_admin_login_page_is_japanese(client, site):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="ja"' in html
    assert "サインイン" in html


def test_x_frame_options_deny(client, site):
    assert client.get("/").headers["X-Frame-Options"] == "DENY"


def test_server_error_page_is_japanese_and_self_contained():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "サーバーエラーが発生しました" in html
    assert "<link" not in html


def test_outage_page_shares_the_error_shell_and_says_nothing_was_saved():
    from django.template.loader import render_to_string

    html = render_to_string("503.html")
    assert "ただいま一時的にご利用いただけません" in html
    assert "<title>一時的にご利用いただけません | マナビDX</title>" in html
    assert '<a href="/">' in html and "<link" not in html and "<script" not in html


def test_every_page_names_its_icon_and_the_icon_is_served(client, site):
    """Without one, browsers ask for /favicon.ico and get a 404 page rendered by Wagtail."""
    from django.contrib.staticfiles import finders

    for url in ("/", "/courses/"):
        html = client.get(url).content.decode()
        icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', html)
        assert icon, url
    path = finders.find("img/favicon.svg")
    assert path and Path(path).read_text(encoding="utf-8").startswith("<svg")
