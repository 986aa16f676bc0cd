"""The review and listing workflow as partners and the secretariat see it in the admin."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from catalogue import services
from catalogue.models import ChangeNotice, Course, ListingCriterion, Partner
from tests.catalogue.admin import course_form_data, snippet_url, workflow_action_url
from tests.catalogue.factories import (
    CourseFactory,
    PartnerFactory,
    PartnerUserFactory,
    SecretariatUserFactory,
    list_course,
)

pytestmark = pytest.mark.django_db
JST = ZoneInfo("Asia/Tokyo")
JA = {"accept-language": "ja"}


def at(day):
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(3), tzinfo=JST), tick=False
    )


def all_criteria():
    return {f"criterion_{c.pk}": "on" for c in ListingCriterion.objects.filter(is_active=True)}


def task_state(course):
    course.refresh_from_db()
    return course.current_workflow_task_state


def submit(client, partner):
    user = PartnerUserFactory(partner=partner)
    client.force_login(user)
    response = client.post(
        snippet_url(Course, "add"), course_form_data(partner, **{"action-submit": "Submit"})
    )
    assert response.status_code == 302
    return Course.objects.filter(partner=partner).latest("pk"), user


def approve(client, course, reviewer):
    client.force_login(reviewer)
    client.post(workflow_action_url(course, "approve", task_state(course)), all_criteria())
    client.post(workflow_action_url(course, "approve", task_state(course)), {"comment": ""})
    course.refresh_from_db()
    assert course.approved_revision_id


def status_cell(client, course):
    """The listing's table body (the filter's options are not a course's state)."""
    html = client.get(snippet_url(Course, "list"), headers=JA).content.decode()
    body = html.split('class="listing', 1)[1].split("</table>", 1)[0].split("<tbody", 1)[1]
    assert course.title in body
    return body


def test_partner_sees_the_real_state_of_a_course_at_every_step(client, site):
    partner = PartnerFactory()
    user = PartnerUserFactory(partner=partner)
    client.force_login(user)
    draft = CourseFactory(partner=partner, title="下書きの講座")
    draft.save_revision(user=user)
    html = status_cell(client, draft)
    assert "下書き" in html
    assert "掲載中" not in html, "an unreviewed course must not look listed"

    course, user = submit(client, partner)
    assert "審査中" in status_cell(client, course)

    reviewer = SecretariatUserFactory()
    client.force_login(reviewer)
    client.post(
        workflow_action_url(course, "reject", task_state(course)),
        {"comment": "受講料の記載を確認してください。"},
    )
    client.force_login(user)
    assert "修正依頼" in status_cell(client, course)

    # The reviewer's comment is on the partner's edit screen.
    edit = client.get(snippet_url(Course, "edit", course.pk), headers=JA).content.decode()
    assert "受講料の記載を確認してください。" in edit

    course.refresh_from_db()
    course.save_revision(user=user)
    course.current_workflow_state.resume(user)
    approve(client, course, reviewer)
    client.force_login(user)
    assert "承認済・掲載待ち" in status_cell(client, course)

    course.approved_revision.publish(user=reviewer)
    assert "掲載中" in status_cell(client, course)


def test_reviewer_is_offered_approval_not_publication_until_approved(client, site):
    course, _user = submit(client, PartnerFactory())
    reviewer = SecretariatUserFactory()
    client.force_login(reviewer)
    edit_url = snippet_url(Course, "edit", course.pk)
    html = client.get(edit_url, headers=JA).content.decode()
    assert 'name="action-publish"' not in html

    client.post(workflow_action_url(course, "approve", task_state(course)), all_criteria())
    html = client.get(edit_url, headers=JA).content.decode()
    assert "承認（掲載は別の操作）" in html
    assert "承認と公開" not in html
    assert 'name="action-publish"' not in html

    client.post(workflow_action_url(course, "approve", task_state(course)), {"comment": ""})
    html = client.get(edit_url, headers=JA).content.decode()
    assert 'name="action-publish"' in html
    assert "掲載する" in html


def test_partners_main_button_submits_for_review(client, site):
    """Submitting, not saving a draft, is the partner's visible main button."""
    partner = PartnerFactory()
    client.force_login(PartnerUserFactory(partner=partner))
    html = client.get(snippet_url(Course, "add"), headers=JA).content.decode()
    footer = html.split("<footer", 1)[1]
    main = footer.split('data-w-dropdown-target="toggle"', 1)[0]
    assert 'name="action-submit"' in main
    assert "講座審査に提出する" in main


def test_the_secretariat_publishes_from_the_approved_queue_and_the_partner_is_told(client, site):
    partner = PartnerFactory(contact_email="info@partner.example.jp")
    course, _user = submit(client, partner)
    reviewer = SecretariatUserFactory()
    approve(client, course, reviewer)

    dashboard = client.get(reverse("wagtailadmin_home"), headers=JA).content.decode()
    assert "承認済・掲載待ち" in dashboard
    assert course.title in dashboard
    queue = client.get(snippet_url(Course, "list") + "?status=approved", headers=JA)
    assert course.title in queue.content.decode()

    mail.outbox.clear()
    response = client.post(
        reverse("catalogue_admin:publish_approved", args=[course.pk]), {"next": "/admin/"}
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.live and course.listed_until
    told = [m for m in mail.outbox if "掲載しました" in m.subject]
    assert len(told) == 1 and "info@partner.example.jp" in told[0].to
    assert f"/courses/{course.pk}/" in told[0].body
    assert client.get(f"/courses/{course.pk}/").status_code == 200

    # Nothing approved is left; publishing again is refused with a message, not a 500.
    dashboard = client.get(reverse("wagtailadmin_home"), headers=JA).content.decode()
    assert "掲載する" not in dashboard.split("承認済・掲載待ち", 1)[1].split("<h3", 1)[0]


def test_publish_from_queue_refuses_partners_and_unapproved_courses(client, site):
    partner = PartnerFactory()
    course = CourseFactory(partner=partner)
    course.save_revision()
    client.force_login(PartnerUserFactory(partner=partner))
    url = reverse("catalogue_admin:publish_approved", args=[course.pk])
    client.post(url)  # Wagtail turns the refusal into a redirect with a message
    course.refresh_from_db()
    assert not course.live
    client.force_login(SecretariatUserFactory())
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True, headers=JA)
    assert "審査で承認されていません" in response.content.decode()
    course.refresh_from_db()
    assert not course.live


def test_partner_registration_approval_is_e_mailed(client, site):
    partner = PartnerFactory(live=False, contact_email="new@partner.example.jp")
    user = PartnerUserFactory(partner=partner)
    partner.save_revision(user=user)
    partner.get_workflow().start(partner, user)
    client.force_login(SecretariatUserFactory())
    partner.refresh_from_db()
    state = partner.current_workflow_task_state
    client.post(
        snippet_url(Partner, "workflow_action", partner.pk, "approve", state.pk), {"comment": ""}
    )
    approved = [m for m in mail.outbox if "登録を承認しました" in m.subject]
    assert len(approved) == 1 and "new@partner.example.jp" in approved[0].to


# ------------------------------------------------------------------- change notices


def test_a_change_notice_filed_in_the_admin_reaches_the_secretariat_and_is_processed(client, site):
    partner = PartnerFactory()
    course = list_course(CourseFactory(partner=partner))
    partner_user = PartnerUserFactory(partner=partner)
    secretariat = SecretariatUserFactory(email="jimukyoku@example.jp")
    client.force_login(partner_user)
    mail.outbox.clear()
    if True:
        response = client.post(
            snippet_url(ChangeNotice, "add"),
            {
                "course": course.pk,
                "kind": "change",
                "effective_date": "2026-12-01",
                "description": "受講料を改定します",
                # A partner cannot set the secretariat's fields.
                "status": "processed",
            },
        )
    assert response.status_code == 302
    notice = ChangeNotice.objects.get()
    assert notice.submitted_by == partner_user
    assert notice.status == ChangeNotice.Status.RECEIVED
    # The partner's home lists it, with its state.
    home = client.get("/admin/", headers=JA).content.decode()
    assert snippet_url(ChangeNotice, "edit", notice.pk) in home and "受付" in home
    to_secretariat = [m for m in mail.outbox if secretariat.email in m.to]
    assert len(to_secretariat) == 1 and course.title in to_secretariat[0].body

    # The secretariat opens the row from its queue on the admin home, or from the list.
    client.force_login(secretariat)
    queue = client.get("/admin/", headers=JA).content.decode()
    assert snippet_url(ChangeNotice, "edit", notice.pk) in queue
    listing = client.get(snippet_url(ChangeNotice, "list"), headers=JA).content.decode()
    assert snippet_url(ChangeNotice, "edit", notice.pk) in listing
    assert "受付" in listing

    # Completing a 変更 with nothing to show for it is refused, in Japanese; nothing is lost.
    data = {
        "course": course.pk,
        "kind": "change",
        "effective_date": "2026-12-01",
        "description": "受講料を改定します",
        "status": "processed",
        "secretariat_note": "",
    }
    response = client.post(snippet_url(ChangeNotice, "edit", notice.pk), data, headers=JA)
    assert response.status_code == 200
    assert "再審査または掲載措置を紐付けるか" in response.content.decode()
    notice.refresh_from_db()
    assert notice.status == ChangeNotice.Status.RECEIVED

    # The partner resubmits the changed course: the notice is 対応中, linked to the re-review.
    client.force_login(partner_user)
    course.refresh_from_db()
    course.fee_yen = 44000
    course.save_revision(user=partner_user)
    course.get_workflow().start(course, partner_user)
    notice.refresh_from_db()
    assert notice.status == ChangeNotice.Status.IN_PROGRESS
    assert notice.resulting_review == course.current_workflow_state

    approve(client, course, secretariat)
    course.approved_revision.publish(user=secretariat)
    notice.refresh_from_db()
    assert notice.status == ChangeNotice.Status.PROCESSED and notice.processed_at
    listing = client.get(snippet_url(ChangeNotice, "list"), headers=JA).content.decode()
    assert "完了" in listing


def test_a_withdrawal_taking_effect_is_e_mailed_to_the_partner(site):
    with at(datetime.date(2026, 4, 1)):
        course = list_course(CourseFactory(partner__contact_email="p@example.jp"))
        ChangeNotice.objects.create(
            course=course, kind="withdrawal", effective_date=datetime.date(2026, 6, 1)
        )
    mail.outbox.clear()
    with at(datetime.date(2026, 6, 1)):
        services.run_daily_lifecycle()
    ended = [m for m in mail.outbox if "p@example.jp" in m.to]
    assert len(ended) == 1
    assert "掲載を終了しました" in ended[0].subject and "2026年6月1日" in ended[0].body


# ------------------------------------------------------------------------- renewal


@pytest.mark.parametrize(
    ("renew_on", "expected_until"),
    [
        (datetime.date(2029, 3, 1), datetime.date(2032, 4, 1)),  # 31 days before the end
        (datetime.date(2029, 5, 1), datetime.date(2032, 5, 1)),  # after it expired
    ],
    ids=["near-expiry", "expired"],
)
def test_renewing_a_listing_is_a_new_review_that_extends_it_by_three_years(
    client, site, renew_on, expected_until
):
    partner = PartnerFactory()
    with at(datetime.date(2026, 4, 1)):
        course = list_course(CourseFactory(partner=partner))
    assert course.listed_until == datetime.date(2029, 4, 1)
    with at(renew_on):
        services.run_daily_lifecycle()
        partner_user = PartnerUserFactory(partner=partner)
        client.force_login(partner_user)
        dashboard = client.get(reverse("wagtailadmin_home"), headers=JA).content.decode()
        assert "掲載を更新" in dashboard
        response = client.post(reverse("catalogue_admin:renew_listing", args=[course.pk]))
        assert response.status_code == 302
        course.refresh_from_db()
        assert course.workflow_in_progress
        history_before = course.revisions.count()

        reviewer = SecretariatUserFactory()
        approve(client, course, reviewer)
        response = client.post(reverse("catalogue_admin:publish_approved", args=[course.pk]))
        course.refresh_from_db()
    assert course.live
    assert course.listing_state == Course.ListingState.ACTIVE
    assert course.listed_from == datetime.date(2026, 4, 1)
    assert course.listed_until == expected_until
    assert course.revisions.count() >= history_before > 1  # history kept


def test_renewal_is_refused_long_before_the_end_and_for_other_partners(client, site):
    partner = PartnerFactory()
    with at(datetime.date(2026, 4, 1)):
        course = list_course(CourseFactory(partner=partner))
        client.force_login(PartnerUserFactory(partner=PartnerFactory()))
        url = reverse("catalogue_admin:renew_listing", args=[course.pk])
        client.post(url)
        course.refresh_from_db()
        assert not course.workflow_in_progress
        client.force_login(PartnerUserFactory(partner=partner))
        response = client.post(url, follow=True, headers=JA)
        assert "掲載終了の60日前から" in response.content.decode()
    course.refresh_from_db()
    assert not course.workflow_in_progress


def test_a_partner_registration_is_declined_with_a_reason(client, site):
    partner = PartnerFactory(live=False, contact_email="new@partner.example.jp")
    user = PartnerUserFactory(partner=partner)
    partner.save_revision(user=user)
    partner.get_workflow().start(partner, user)
    client.force_login(SecretariatUserFactory())
    listing = client.get(snippet_url(Partner, "list"), headers=JA).content.decode()
    url = reverse("catalogue_admin:decline_partner", args=[partner.pk])
    assert url in listing

    # No reason: a Japanese error, the review goes on.
    response = client.post(url, {"reason": " "}, headers=JA)
    assert "理由を入力してください" in response.content.decode()
    partner.refresh_from_db()
    assert partner.workflow_in_progress

    mail.outbox.clear()
    client.post(url, {"reason": "法人番号と名称が一致しません。"})
    partner.refresh_from_db()
    assert not partner.workflow_in_progress and not partner.live
    # (The extra change-request e-mail a decline sends first is #15's order bug, fixed by "api".)
    declined = [
        m for m in mail.outbox if "new@partner.example.jp" in m.to and "不承認" in m.subject
    ]
    assert len(declined) == 1
    assert "法人番号と名称が一致しません。" in declined[0].body
