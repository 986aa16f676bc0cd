"""STEP2–STEP5 through the admin: submit, checklist, approval, publication, rejection, e-mails."""

import pytest
from django.core import mail

from catalogue.models import Course, CourseNotPublishable, ListingCriterion
from tests.catalogue.admin import course_form_data, snippet_url, workflow_action_url
from tests.catalogue.factories import (
    CourseFactory,
    PartnerFactory,
    PartnerUserFactory,
    SecretariatUserFactory,
)

pytestmark = pytest.mark.django_db


def subjects():
    return [m.subject for m in mail.outbox]


def sent(subject_start):
    """The one partner e-mail whose subject starts so."""
    matches = [m for m in mail.outbox if m.subject.startswith(subject_start)]
    assert len(matches) == 1, subjects()
    return matches[0]


def all_criteria(**extra):
    data = {f"criterion_{c.pk}": "on" for c in ListingCriterion.objects.filter(is_active=True)}
    data.update(extra)
    return data


def submit_course_as_partner(client, partner):
    user = PartnerUserFactory(partner=partner)
    client.force_login(user)
    response = client.post(
        snippet_url(Course, "add"), course_form_data(partner, **{"action-submit": "Submit"})
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    return Course.objects.get(partner=partner)


def current_task_state(course):
    course.refresh_from_db()
    return course.current_workflow_task_state


def test_partner_submits_reviewer_checks_approves_and_publishes(client, site):
    partner = PartnerFactory(contact_email="info@partner.example.jp")
    course = submit_course_as_partner(client, partner)

    assert course.live is False
    assert course.workflow_in_progress
    receipt = sent("【マナビDX】審査申請を受け付けました：はじめてのデータ分析")
    assert "info@partner.example.jp" in receipt.to

    reviewer = SecretariatUserFactory()
    client.force_login(reviewer)
    checklist = current_task_state(course)
    response = client.post(workflow_action_url(course, "approve", checklist), all_criteria())
    assert response.status_code in (200, 302)
    approval = current_task_state(course)
    assert approval.task.name == "事務局承認"
    response = client.post(workflow_action_url(course, "approve", approval), {"comment": ""})

    course.refresh_from_db()
    assert not course.workflow_in_progress
    assert course.approved_revision_id == course.latest_revision_id
    assert course.live is False, "approval must not publish: publication is a separate step"
    assert "【マナビDX】講座の審査が完了しました：はじめてのデータ分析" in subjects()
    partner_user_email = course.partner.members.get().user.email
    # Wagtail's own English notice is replaced by ours for partner users.
    assert not [
        m
        for m in mail.outbox
        if partner_user_email in m.to and not m.subject.startswith("【マナビDX】")
    ]
    assert client.get(f"/courses/{course.pk}/").status_code == 404

    course.approved_revision.publish(user=reviewer)

    course.refresh_from_db()
    assert course.live
    assert course.listed_from is not None
    assert client.get(f"/courses/{course.pk}/").status_code == 200


def test_approval_is_impossible_while_a_criterion_is_unconfirmed(client, site):
    course = submit_course_as_partner(client, PartnerFactory())
    client.force_login(SecretariatUserFactory())
    checklist = current_task_state(course)
    first = ListingCriterion.objects.filter(is_active=True).first()
    data = all_criteria()
    del data[f"criterion_{first.pk}"]

    response = client.post(
        workflow_action_url(course, "approve", checklist),
        data,
        headers={"x-requested-with": "XMLHttpRequest"},
    )

    assert "承認する前にこの基準を確認してください。" in response.json()["html"]
    assert current_task_state(course).pk == checklist.pk
    assert current_task_state(course).status == "in_progress"


def test_request_for_changes_e_mails_the_comment(client, site):
    course = submit_course_as_partner(client, PartnerFactory())
    client.force_login(SecretariatUserFactory())
    response = client.post(
        workflow_action_url(course, "reject", current_task_state(course)),
        {"comment": "受講料の記載が講座ページと異なります。"},
    )
    assert response.status_code in (200, 302)
    course.refresh_from_db()
    assert course.current_workflow_state.status == "needs_changes"
    request_mail = sent("【マナビDX】申請内容の修正をお願いします")
    assert "受講料の記載が講座ページと異なります。" in request_mail.body


def test_decline_needs_a_reason_and_e_mails_it(client, site):
    course = submit_course_as_partner(client, PartnerFactory())
    client.force_login(SecretariatUserFactory())
    task_state = current_task_state(course)
    url = workflow_action_url(course, "decline", task_state)

    empty = client.post(url, {"comment": ""}, headers={"x-requested-with": "XMLHttpRequest"})
    assert "理由を入力してください。講座提供事業者に送信されます。" in empty.json()["html"]
    assert current_task_state(course).status == "in_progress"

    client.post(url, {"comment": "講座内容が掲載基準を満たしていません。"})

    course.refresh_from_db()
    assert not course.workflow_in_progress
    assert course.approved_revision_id is None
    assert (
        "講座内容が掲載基準を満たしていません。"
        in sent("【マナビDX】審査結果のお知らせ（不承認）").body
    )


def test_decline_sends_only_the_decline_e_mail(client, site):
    """A decline is not also a request for changes: the partner gets one e-mail, 不承認."""
    course = submit_course_as_partner(client, PartnerFactory())
    client.force_login(SecretariatUserFactory())
    mail.outbox.clear()

    client.post(
        workflow_action_url(course, "decline", current_task_state(course)),
        {"comment": "講座内容が掲載基準を満たしていません。"},
    )

    assert [subject.split("：")[0] for subject in subjects()] == [
        "【マナビDX】審査結果のお知らせ（不承認）"
    ]
    course.refresh_from_db()
    assert course.current_workflow_state is None
    assert course.workflow_states.get().status == "cancelled"


def test_course_of_a_partner_under_review_cannot_be_published(client, site):
    partner = PartnerFactory(live=False)
    course = CourseFactory(partner=partner)
    revision = course.save_revision()
    Course.objects.filter(pk=course.pk).update(approved_revision=revision)
    course.refresh_from_db()

    with pytest.raises(CourseNotPublishable, match="承認されていないため"):
        revision.publish(user=SecretariatUserFactory())
    course.refresh_from_db()
    assert course.live is False


def test_unreviewed_revision_cannot_be_published_even_by_the_secretariat(site):
    course = CourseFactory()
    revision = course.save_revision()
    with pytest.raises(CourseNotPublishable, match="審査で承認された版のみ公開できます"):
        revision.publish(user=SecretariatUserFactory())


def test_partner_cannot_publish_through_the_admin(client, site):
    partner = PartnerFactory()
    user = PartnerUserFactory(partner=partner)
    client.force_login(user)
    client.post(snippet_url(Course, "add"), course_form_data(partner, **{"action-publish": "1"}))
    assert not Course.objects.filter(live=True).exists()


def test_partner_form_errors_are_japanese_and_nothing_is_saved(client, site):
    partner = PartnerFactory()
    client.force_login(PartnerUserFactory(partner=partner))
    response = client.post(
        snippet_url(Course, "add"),
        course_form_data(
            partner,
            summary="あ" * 61,
            fee_type="free",
            fee_yen="1000",
            url="javascript:alert(1)",
            study_hours="0",
            level="1",
            course_type="literacy",
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "http:// または https:// で始まるURLを入力してください。" in errors["url"]
    assert "無料の講座の受講料は0円にしてください。" in errors["fee_yen"]
    assert any("60" in e for e in errors["summary"])
    assert "study_hours" in errors
    assert "レベル1の講座はDXリテラシー標準（DSS-L）にのみ対応付けられます。" in errors["standards"]
    assert not Course.objects.exists()


def approved_course(client, partner=None):
    course = submit_course_as_partner(client, partner or PartnerFactory())
    reviewer = SecretariatUserFactory()
    client.force_login(reviewer)
    client.post(workflow_action_url(course, "approve", current_task_state(course)), all_criteria())
    client.post(workflow_action_url(course, "approve", current_task_state(course)), {})
    course.refresh_from_db()
    assert course.approved_revision_id
    return course, reviewer


def test_reviewer_publishes_the_approved_course_from_the_editor(client, site):
    course, _reviewer = approved_course(client)
    response = client.post(
        snippet_url(Course, "edit", course.pk),
        course_form_data(course.partner, **{"action-publish": "1"}),
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.live


def test_publishing_changed_content_is_refused_with_a_message(client, site):
    course, _reviewer = approved_course(client)
    response = client.post(
        snippet_url(Course, "edit", course.pk),
        course_form_data(course.partner, title="審査後に変えた講座名", **{"action-publish": "1"}),
        follow=True,
    )
    course.refresh_from_db()
    assert course.live is False
    assert "審査で承認された版のみ公開できます" in response.content.decode()
    # The edit is kept as a draft, not lost.
    assert course.latest_revision.content["title"] == "審査後に変えた講座名"


def test_level_2_dss_p_course_is_linked_to_every_role(client, site):
    from catalogue.models import Role

    course = submit_course_as_partner(client, PartnerFactory())
    assert set(course.roles.values_list("pk", flat=True)) == set(
        Role.objects.values_list("pk", flat=True)
    )


def test_partner_registration_approval_publishes_the_partner(client, site):
    from catalogue.models import Partner

    partner = PartnerFactory(live=False, contact_email="new@partner.example.jp")
    user = PartnerUserFactory(partner=partner)
    partner.save_revision(user=user)
    partner.get_workflow().start(partner, user)
    assert "【マナビDX】審査申請を受け付けました" in subjects()[-1]

    client.force_login(SecretariatUserFactory())
    partner.refresh_from_db()
    task_state = partner.current_workflow_task_state
    response = client.post(
        workflow_action_url_for(Partner, partner, "approve", task_state), {"comment": ""}
    )
    assert response.status_code in (200, 302)
    partner.refresh_from_db()
    assert partner.live
    assert client.get(f"/api/v3/partners/{partner.pk}/").status_code == 200


def workflow_action_url_for(model, obj, action, task_state):
    return snippet_url(model, "workflow_action", obj.pk, action, task_state.pk)
