"""The Wagtail admin works under its Content-Security-Policy in a real browser (#9 item 5).

Page editor (with the image chooser modal) and a snippet edited in Draftail, signed in through
the login form; the browser must report no CSP violation and no request to another host.
"""

import pytest
from django.urls import reverse

from tests.catalogue.factories import CourseFactory
from tests.quest.factories import (
    InterviewIndexPageFactory,
    InterviewPageFactory,
    QuestHomePageFactory,
)
from tests.security.test_no_third_party import csp

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Zq8#kLm2vX!p-admin"


def sign_in(watched, live_server, username):
    page = watched.page
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def assert_clean(watched, where):
    assert watched.violations() == [], where
    assert watched.foreign == [], where


def test_editor_chooser_and_draftail_work_under_the_admin_policy(
    watched_page, live_server, site, django_user_model
):
    django_user_model.objects.create_superuser("root", "root@example.jp", PASSWORD)
    quest = QuestHomePageFactory(parent=site.root_page)
    interview = InterviewPageFactory(parent=InterviewIndexPageFactory(parent=quest))
    course = CourseFactory()
    page = watched_page.page

    sign_in(watched_page, live_server, "root")
    policy = page.request.get(f"{live_server.url}/admin/").headers["content-security-policy"]
    assert csp(policy)["script-src"] == ["'self'", "'unsafe-inline'"]
    assert_clean(watched_page, "dashboard")

    # Page editor, then the image chooser modal.
    page.goto(live_server.url + reverse("wagtailadmin_pages:edit", args=[interview.pk]))
    page.wait_for_selector("form#page-edit-form")
    page.locator("[data-chooser-action-choose], button.action-choose").first.click()
    page.wait_for_selector(".modal-content input[name=q]", state="visible")
    assert_clean(watched_page, "page editor + image chooser")

    # A snippet with a Draftail field: typing works.
    page.goto(live_server.url + reverse("wagtailsnippets_catalogue_course:edit", args=[course.pk]))
    editor = page.locator(".Draftail-Editor .public-DraftEditor-content").first
    editor.click()
    page.keyboard.type("CSPの下でも入力できます")
    assert "CSPの下でも入力できます" in editor.inner_text()
    assert_clean(watched_page, "snippet editor with Draftail")
