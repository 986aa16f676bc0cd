"""axe-core WCAG 2.1 AA on the admin screens partners, the secretariat and programme operators
use, at 1280 and 390 px."""

import json
import re

import pytest

from catalogue.models import ChangeNotice, Course
from tests.catalogue.factories import (
    CourseFactory,
    PartnerFactory,
    PartnerUserFactory,
    SecretariatUserFactory,
    list_course,
)


def visit(screens, signed_in, shot, axe, width, opened=None):
    """Open each ``(name, url)`` of ``screens[user]`` as that user at ``width``, keep a
    screenshot and return axe-core's violations by URL."""
    found = {}
    for user, urls in screens.items():
        page = signed_in(user, width=width)
        for name, url in urls:
            page.goto(url)
            page.wait_for_load_state("networkidle")
            if opened:
                opened(page, name)
            shot(page, name)
            if violations := axe.lines(page):
                found[url] = violations
    return found


def assert_no_violations(found):
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("width", [1280, 390])
def test_partner_and_secretariat_screens_pass_axe(signed_in, shot, axe, width):
    partner = PartnerFactory(name="株式会社アクセシブル")
    partner_user = PartnerUserFactory(partner=partner)
    course = list_course(CourseFactory(partner=partner, title="アクセシビリティの講座"))
    notice = ChangeNotice.objects.create(
        course=course, kind="change", effective_date="2026-12-01", submitted_by=partner_user
    )
    screens = {
        partner_user: [
            ("partner-home", "/admin/"),
            ("course-form", "/admin/snippets/catalogue/course/add/"),
            ("course-list", "/admin/snippets/catalogue/course/"),
            ("criteria", "/admin/catalogue/listing-criteria/"),
            ("notice-form", "/admin/snippets/catalogue/changenotice/add/"),
        ],
        SecretariatUserFactory(): [
            ("secretariat-queue", "/admin/"),
            ("course-edit", f"/admin/snippets/catalogue/course/edit/{course.pk}/"),
            ("notice-edit", f"/admin/snippets/catalogue/changenotice/edit/{notice.pk}/"),
        ],
    }
    assert_no_violations(visit(screens, signed_in, shot, axe, width))
    assert Course.objects.count() == 1


@pytest.mark.parametrize("width", [1280, 390])
def test_operators_page_editor_passes_axe(signed_in, shot, axe, width):
    """The Quest page editor as the secretariat (create and edit) and a programme's operator
    (edit, moderated) use it: StreamField, rich text, choosers, the side panels' buttons."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Page, Site

    from quest.services import sync_operator_permissions
    from tests.manabi.factories import HomePageFactory
    from tests.quest.factories import (
        OperatorFactory,
        ProgrammeIndexPageFactory,
        ProgrammePageFactory,
        QuestHomePageFactory,
    )

    home = HomePageFactory(parent=Page.get_first_root_node(), title="マナビDX", slug="home-a11y")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    programmes = ProgrammeIndexPageFactory(parent=QuestHomePageFactory(parent=home))
    operator = OperatorFactory(name="北海道DXハブ")
    programme = ProgrammePageFactory(parent=programmes, operator=operator)
    operator_user = get_user_model().objects.create_user("hub-editor", "hub@example.jp", "x")
    operator.users.add(operator_user)
    sync_operator_permissions(operator)
    secretariat = get_user_model().objects.create_superuser("quest-editor", "q@example.jp", "x")

    screens = {
        secretariat: [
            (
                "programme-create",
                f"/admin/pages/add/quest/programmepage/{programmes.pk}/",
            ),
            ("programme-edit", f"/admin/pages/{programme.pk}/edit/"),
        ],
        operator_user: [("programme-edit-operator", f"/admin/pages/{programme.pk}/edit/")],
    }

    def editor_opened(page, name):
        assert page.locator("form[data-edit-form]").count() == 1, name
        if name == "programme-edit-operator":
            # The secretariat has the page open too: its avatar is a button with a name.
            others = page.locator(".w-editing-sessions__session")
            others.first.wait_for()
            assert "quest-editor" in others.first.get_attribute("aria-label")
            assert re.search("閲覧中|離席中", others.first.get_attribute("aria-label"))

    assert_no_violations(visit(screens, signed_in, shot, axe, width, editor_opened))
