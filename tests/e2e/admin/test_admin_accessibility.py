"""axe-core WCAG 2.1 AA on the admin screens partners and the secretariat use, at 1280 and 390 px."""

import json

import pytest

from catalogue.models import ChangeNotice, Course
from tests.catalogue.factories import (
    CourseFactory,
    PartnerFactory,
    PartnerUserFactory,
    SecretariatUserFactory,
    list_course,
)


@pytest.mark.parametrize("width", [1280, 390])
def test_partner_and_secretariat_screens_pass_axe(signed_in, shot, axe_violations, width):
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
    found = {}
    for user, urls in screens.items():
        page = signed_in(user, width=width)
        for name, url in urls:
            page.goto(url)
            page.wait_for_load_state("networkidle")
            shot(page, name)
            violations = axe_violations(page)
            if violations:
                found[url] = violations
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)
    assert Course.objects.count() == 1
