"""After a reviewer's workflow action the admin says what happened and opens the next step.

Wagtail's own answer is the course listing with 「更新されました」; the reviewer
then has to find the course again to approve or publish it.
"""

import html
import json

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from catalogue.models import Course, ListingCriterion
from tests.catalogue.admin import course_form_data, snippet_url, workflow_action_url
from tests.catalogue.factories import PartnerFactory, PartnerUserFactory, SecretariatUserFactory

pytestmark = pytest.mark.django_db
JA = {"accept-language": "ja"}


def criteria():
    return {f"criterion_{c.pk}": True for c in ListingCriterion.objects.filter(is_active=True)}


def submitted_course(client):
    partner = PartnerFactory()
    client.force_login(PartnerUserFactory(partner=partner))
    data = course_form_data(partner, title="審査後の行き先の講座", **{"action-submit": "1"})
    assert client.post(snippet_url(Course, "add"), data).status_code == 302
    course = Course.objects.get(partner=partner)
    client.get(reverse("wagtailadmin_home"))  # the partner reads its own messages
    client.force_login(SecretariatUserFactory())
    return course


def act_from_the_editor(client, course, action, extra):
    """What the editor's footer does: save the form and run the action with the modal's data."""
    course.refresh_from_db()
    data = course_form_data(
        course.partner,
        title=course.title,
        **{
            "action-workflow-action": "1",
            "workflow-action-name": action,
            "workflow-action-extra-data": json.dumps(extra),
        },
    )
    return client.post(snippet_url(Course, "edit", course.pk), data, headers=JA)


def said(response):
    """The messages shown after the redirect; Wagtail's 「更新されました」 is never one of them."""
    messages = [
        html.unescape(str(m).split("<", 1)[0].strip()) for m in get_messages(response.wsgi_request)
    ]
    assert not [m for m in messages if "更新されました" in m or "updated" in m]
    return messages


def test_checklist_approval_in_the_editor_opens_the_next_review_step_and_says_so(client, site):
    course = submitted_course(client)
    response = act_from_the_editor(client, course, "approve", {**criteria(), "comment": ""})

    assert response.status_code == 302
    assert response["Location"] == snippet_url(Course, "edit", course.pk)
    messages = said(response)
    assert (
        "『審査後の行き先の講座』の掲載基準を確認しました。次は「事務局承認」で承認してください。"
    ) in messages
    # The partner's note about automatically linked roles is not the reviewer's news.
    assert not [m for m in messages if "自動で紐付け" in m]
    course.refresh_from_db()
    assert course.current_workflow_task.name == "事務局承認"


def test_final_approval_opens_the_course_with_its_publish_action_and_says_what_is_next(
    client, site
):
    course = submitted_course(client)
    act_from_the_editor(client, course, "approve", {**criteria(), "comment": ""})
    response = act_from_the_editor(client, course, "approve", {"comment": ""})

    edit_url = snippet_url(Course, "edit", course.pk)
    assert response["Location"] == edit_url
    assert (
        "『審査後の行き先の講座』を承認しました。この画面の「掲載する」か、"
        "掲載待ちの一覧から掲載できます。"
    ) in said(response)
    # Where the reviewer lands, 「掲載する」 is offered, and the message links to the queue.
    page = client.get(edit_url, headers=JA).content.decode()
    assert 'name="action-publish"' in page
    assert snippet_url(Course, "list") + "?status=approved" in page
    course.refresh_from_db()
    assert course.approved_revision_id and not course.live


def test_a_change_request_says_the_partner_was_asked_to_revise(client, site):
    course = submitted_course(client)
    response = act_from_the_editor(
        client, course, "reject", {"comment": "受講料の内訳を記載してください。"}
    )

    assert response["Location"] == snippet_url(Course, "list") + "?status=in_review"
    assert (
        "『審査後の行き先の講座』の修正を事業者に依頼しました。再提出されると審査中の一覧に戻ります。"
    ) in said(response)


def test_the_modal_workflow_action_view_goes_where_on_action_says_with_the_same_message(
    client, site
):
    """The dashboard's 「審査待ち」 panel acts through Wagtail's workflow action view, which
    redirects to what ``CriteriaChecklistTask.on_action`` returns."""
    course = submitted_course(client)
    course.refresh_from_db()
    response = client.post(
        workflow_action_url(course, "approve", course.current_workflow_task_state),
        {k: "on" for k in criteria()},
        headers=JA,
    )
    assert response["Location"] == snippet_url(Course, "edit", course.pk)
    assert (
        "『審査後の行き先の講座』の掲載基準を確認しました。次は「事務局承認」で承認してください。"
    ) in said(response)


def test_a_refused_checklist_approval_stays_in_review_with_no_success_message(client, site):
    """Bad input: one criterion left unticked is refused and nothing moves."""
    course = submitted_course(client)
    ticked = criteria()
    ticked.pop(next(iter(ticked)))
    course.refresh_from_db()
    response = client.post(
        workflow_action_url(course, "approve", course.current_workflow_task_state),
        {k: "on" for k in ticked},
        headers={**JA, "x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    assert "承認する前にこの基準を確認してください" in json.loads(response.content)["html"]
    course.refresh_from_db()
    assert course.current_workflow_task.name == "掲載基準の確認"
    assert said(response) == []


def test_a_change_request_from_the_modal_view_goes_back_to_the_courses_in_review(client, site):
    course = submitted_course(client)
    course.refresh_from_db()
    response = client.post(
        workflow_action_url(course, "reject", course.current_workflow_task_state),
        {"comment": "対象者を明記してください。"},
        headers=JA,
    )
    assert response["Location"] == snippet_url(Course, "list") + "?status=in_review"
    assert "『審査後の行き先の講座』の修正を事業者に依頼しました。" in said(response)[0]
