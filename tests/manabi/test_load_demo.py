from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Site

from manabi.models import HomePage, SiteSettings

pytestmark = pytest.mark.django_db


def run_load_demo():
    out = StringIO()
    call_command("load_demo", "--courses", "60", stdout=out)
    return out.getvalue()


def test_load_demo_builds_the_site_and_is_idempotent(client, settings):
    settings.DEMO_ADMIN_PASSWORD = None
    first = run_load_demo()
    pages = Page.objects.count()

    second = run_load_demo()

    assert Page.objects.count() == pages
    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert SiteSettings.for_site(Site.objects.get()).privacy_policy_page.slug == "privacy-policy"
    home_html = client.get("/").content.decode()
    footer = home_html[home_html.index("<footer") :]
    # Every footer link once (the footer has its own link to the open data).
    assert footer.count('href="/opendata/"') == 1
    assert footer.count('href="/sitemap.xml"') == 1
    # The generated password is printed on creation only.
    assert "Created demo users (" in first
    assert "admin) with password:" in first
    assert "password:" not in second
    assert "already exist" in second
    assert get_user_model().objects.filter(username="admin", is_superuser=True).count() == 1

    from quest.models import InterviewPage, LeafletPage, Material, Operator, ProgrammePage

    assert Operator.objects.filter(kind="case_study").count() == 2
    assert Operator.objects.filter(kind="regional").count() == 10
    assert ProgrammePage.objects.live().count() == 12
    assert InterviewPage.objects.live().count() == 5
    leaflets = list(LeafletPage.objects.live().select_related("document"))
    assert len(leaflets) == 2
    assert all(leaflet.document.file.read(5) == b"%PDF-" for leaflet in leaflets)
    assert set(Material.objects.values_list("theme", flat=True)) == set(Material.Theme.values)
    assert client.get("/quest/programmes/").status_code == 200


def test_load_demo_uses_the_password_from_the_environment(settings):
    settings.DEMO_ADMIN_USERNAME = "secretariat"
    settings.DEMO_ADMIN_PASSWORD = "a-long-demo-password"
    out = run_load_demo()
    user = get_user_model().objects.get(username="secretariat")
    assert user.check_password("a-long-demo-password")
    assert "a-long-demo-password" not in out
