"""Every screen partners, reviewers and operators use is in Japanese, Wagtail's own words included.

The test signs in as each role, opens their screens and fails when a visible
text (button, heading, label, message, aria-label) is one of Wagtail's or
Django's English source strings that has no Japanese translation.
"""

import json
import os

import pytest
from django.core import mail
from django.urls import reverse

from catalogue.models import ChangeNotice, Course, ListingCriterion, Partner, PerformanceReport
from tests.catalogue.admin import snippet_url, workflow_action_url
from tests.catalogue.factories import (
    CourseFactory,
    PartnerFactory,
    PartnerUserFactory,
    PerformanceReportFactory,
    SecretariatUserFactory,
    UserFactory,
    list_course,
)
from tests.manabi.untranslated import english_in, untranslated_msgids

pytestmark = pytest.mark.django_db
JA = {"accept-language": "ja"}
XHR = {**JA, "x-requested-with": "XMLHttpRequest"}


@pytest.fixture(scope="module")
def untranslated():
    return untranslated_msgids()


@pytest.fixture
def catalogue_world(site):
    partner = PartnerFactory(name="株式会社日本語テスト")
    partner_user = PartnerUserFactory(partner=partner)
    listed = list_course(CourseFactory(partner=partner, title="掲載中の講座"))
    in_review = CourseFactory(partner=partner, title="審査中の講座")
    in_review.save_revision(user=partner_user)
    in_review.get_workflow().start(in_review, partner_user)
    needs_changes = CourseFactory(partner=partner, title="修正依頼の講座")
    needs_changes.save_revision(user=partner_user)
    needs_changes.get_workflow().start(needs_changes, partner_user)
    needs_changes.refresh_from_db()
    needs_changes.current_workflow_task_state.specific.reject(
        user=SecretariatUserFactory(), comment="受講時間を確認してください。"
    )
    notice = ChangeNotice.objects.create(
        course=listed, kind="change", effective_date="2026-12-01", submitted_by=partner_user
    )
    report = PerformanceReportFactory(course=listed)
    return {
        "partner": partner,
        "partner_user": partner_user,
        "listed": listed,
        "in_review": in_review,
        "needs_changes": needs_changes,
        "notice": notice,
        "report": report,
        "reviewer": SecretariatUserFactory(),
    }


def check(client, urls, untranslated, headers=JA):
    found = {}
    for url in urls:
        response = client.get(url, headers=headers, follow=headers is not XHR)
        assert response.status_code == 200, (url, response.status_code)
        html = response.json()["html"] if headers is XHR else response.content.decode()
        english = english_in(html, untranslated)
        if english:
            found[url] = english
    if os.environ.get("DUMP_UNTRANSLATED"):
        with open(os.environ["DUMP_UNTRANSLATED"], "a") as dump:
            dump.write(json.dumps(found, ensure_ascii=False) + "\n")
    return found


def test_partner_screens_are_japanese(client, catalogue_world, untranslated):
    w = catalogue_world
    client.force_login(w["partner_user"])
    found = check(
        client,
        [
            reverse("wagtailadmin_home"),
            snippet_url(Course, "list"),
            snippet_url(Course, "add"),
            snippet_url(Course, "edit", w["needs_changes"].pk),
            snippet_url(Course, "edit", w["in_review"].pk),
            snippet_url(Course, "edit", w["listed"].pk),
            snippet_url(Course, "history", w["listed"].pk),
            snippet_url(Partner, "list"),
            snippet_url(Partner, "edit", w["partner"].pk),
            snippet_url(ChangeNotice, "list"),
            snippet_url(ChangeNotice, "add"),
            snippet_url(PerformanceReport, "list"),
            snippet_url(PerformanceReport, "add"),
            reverse("wagtailadmin_account"),
        ],
        untranslated,
    )
    assert found == {}


def test_reviewer_screens_are_japanese(client, catalogue_world, untranslated):
    w = catalogue_world
    client.force_login(w["reviewer"])
    course = w["in_review"]
    course.refresh_from_db()
    found = check(
        client,
        [
            reverse("wagtailadmin_home"),
            snippet_url(Course, "list"),
            snippet_url(Course, "list") + "?status=approved",
            snippet_url(Course, "edit", course.pk),
            snippet_url(Course, "inspect", w["listed"].pk),
            snippet_url(Course, "history", w["listed"].pk),
            snippet_url(Partner, "list"),
            snippet_url(Partner, "edit", w["partner"].pk),
            snippet_url(ChangeNotice, "list"),
            snippet_url(ChangeNotice, "edit", w["notice"].pk),
            snippet_url(PerformanceReport, "list"),
            reverse("catalogue_admin:listing_action", args=[w["listed"].pk, "suspend"]),
            reverse("catalogue_admin:report_aggregate"),
            reverse("catalogue_admin:listing_criteria"),
        ],
        untranslated,
    )
    found.update(
        check(
            client,
            [
                workflow_action_url(course, "approve", course.current_workflow_task_state),
                workflow_action_url(course, "reject", course.current_workflow_task_state),
            ],
            untranslated,
            headers=XHR,
        )
    )
    assert found == {}
    assert ListingCriterion.objects.exists()


def test_operator_screens_are_japanese(client, site, untranslated):
    from quest.demo import grant_page_rights
    from tests.quest.factories import (
        OperatorFactory,
        ProgrammeIndexPageFactory,
        ProgrammePageFactory,
        QuestHomePageFactory,
    )

    home = QuestHomePageFactory(parent=site.root_page)
    programmes = ProgrammeIndexPageFactory(parent=home)
    grant_page_rights(home, programmes)
    user = UserFactory()
    operator = OperatorFactory(name="東北ハブ")
    operator.users.add(user)
    page = ProgrammePageFactory(parent=programmes, operator=operator)
    client.force_login(user)
    found = check(
        client,
        [
            reverse("wagtailadmin_home"),
            reverse("wagtailadmin_explore", args=[programmes.pk]),
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            reverse("wagtailadmin_pages:history", args=[page.pk]),
            "/admin/quest_applications/",
        ],
        untranslated,
    )
    assert found == {}


def test_reviewers_workflow_e_mails_are_japanese(client, catalogue_world):
    """Wagtail's own notice to reviewers ("submitted for approval in moderation stage")."""
    w = catalogue_world
    mail.outbox.clear()
    course = CourseFactory(partner=w["partner"], title="通知の講座")
    course.save_revision(user=w["partner_user"])
    course.get_workflow().start(course, w["partner_user"])
    to_reviewers = [m for m in mail.outbox if w["reviewer"].email in m.to]
    assert to_reviewers, [m.subject for m in mail.outbox]
    for message in to_reviewers:
        text = message.subject + message.body
        assert "submitted" not in text and "moderation" not in text and "approval" not in text, text


def test_wagtails_admin_javascript_strings_are_japanese():
    """「すべて折りたたむ」, not "Collapse all": the admin's JS catalogue has no English left."""
    from pathlib import Path

    import wagtail
    from django.utils.translation.trans_real import DjangoTranslation

    from tests.manabi.untranslated import read_po

    catalogue = DjangoTranslation("ja", domain="djangojs")
    source = Path(wagtail.__file__).parent / "admin/locale/en/LC_MESSAGES/djangojs.po"
    left = []
    for context, msgid in read_po(source):
        key = f"{context}\x04{msgid}" if context else msgid
        if key not in catalogue._catalog and (key, 0) not in catalogue._catalog:
            left.append(msgid)
    assert left == []
