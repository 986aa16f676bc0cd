"""Quest pages through Wagtail's v3 API: readable fields, and no token publishes a moderated page."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import APIToken, GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from quest.models import InterviewIndexPage, ProgrammePage
from tests.catalogue.factories import UserFactory
from tests.quest.factories import ProgrammePageFactory, RecruitmentRoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderated_programme(quest_tree):
    workflow = Workflow.objects.create(name="審査")
    task = GroupApprovalTask.objects.create(name="承認")
    task.groups.add(Group.objects.get(name="事務局(審査)"))
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(page=quest_tree["programmes"], workflow=workflow)
    page = ProgrammePageFactory(
        parent=quest_tree["programmes"], recruitment_round=RecruitmentRoundFactory(), live=False
    )
    page.save_revision()
    return page


def superuser_token():
    user = UserFactory(is_superuser=True, is_staff=True)
    _token, plaintext = APIToken.create_token(user=user, name="admin")
    return {"authorization": f"Bearer {plaintext}"}


def test_publish_action_on_a_moderated_page_is_refused(client, moderated_programme):
    response = client.post(
        f"/api/v3/pages/{moderated_programme.pk}/actions/publish/", headers=superuser_token()
    )
    assert response.status_code == 403
    assert "moderated" in response.json()["detail"]
    moderated_programme.refresh_from_db()
    assert moderated_programme.live is False


def test_update_with_publish_action_is_refused(client, moderated_programme):
    response = client.patch(
        f"/api/v3/pages/{moderated_programme.pk}/",
        {"title": "API経由の変更", "meta": {"action": "publish"}},
        content_type="application/json",
        headers=superuser_token(),
    )
    assert response.status_code == 403
    assert not ProgrammePage.objects.live().exists()


@pytest.mark.parametrize("spelling", ["+{id}", "{id}.0", "%20{id}", "0{id}", "{id}%20"])
def test_no_spelling_of_the_id_publishes_a_moderated_page(client, moderated_programme, spelling):
    page_id = spelling.format(id=moderated_programme.pk)
    response = client.post(f"/api/v3/pages/{page_id}/actions/publish/", headers=superuser_token())
    assert response.status_code in (403, 404, 422), response.content
    moderated_programme.refresh_from_db()
    assert moderated_programme.live is False
    assert not ProgrammePage.objects.live().exists()


@pytest.mark.parametrize("spelling", ["+{id}", "{id}.0", "%20{id}"])
def test_no_spelling_of_a_patch_publishes_a_moderated_page(client, moderated_programme, spelling):
    client.patch(
        f"/api/v3/pages/{spelling.format(id=moderated_programme.pk)}/",
        {"title": "API経由の変更", "meta": {"action": "publish", "type": "quest.ProgrammePage"}},
        content_type="application/json",
        headers=superuser_token(),
    )
    assert not ProgrammePage.objects.live().exists()


def test_creating_a_published_page_under_a_moderated_index_is_refused(
    client, moderated_programme, quest_tree
):
    WorkflowPage.objects.create(page=quest_tree["home"], workflow=Workflow.objects.get(name="審査"))
    response = client.post(
        "/api/v3/pages/",
        {
            "title": "API経由の新規",
            "slug": "api-new",
            "meta": {
                "type": "quest.InterviewIndexPage",
                "parent_id": quest_tree["home"].pk,
                "action": "publish",
            },
        },
        content_type="application/json",
        headers=superuser_token(),
    )
    assert response.status_code == 403, response.content
    assert "moderated" in response.json()["detail"]
    assert not InterviewIndexPage.objects.exists()


def test_the_same_token_may_still_publish_an_unmoderated_page(client, quest_tree):
    WorkflowPage.objects.all().delete()
    page = ProgrammePageFactory(
        parent=quest_tree["programmes"], recruitment_round=RecruitmentRoundFactory(), live=False
    )
    page.save_revision()
    response = client.post(f"/api/v3/pages/{page.pk}/actions/publish/", headers=superuser_token())
    assert response.status_code == 200, response.content


def test_every_publishable_model_carries_the_api_publish_rule():
    """A page or snippet model added later without the rule fails here."""
    from django.apps import apps
    from wagtail.models import DraftStateMixin, Page

    from manabi.publication import ModeratedPublishRuleMixin

    missing = [
        model._meta.label
        for model in apps.get_models()
        if issubclass(model, (Page, DraftStateMixin))
        and model is not Page
        and model._meta.app_label not in {"wagtailcore", "tests"}
        and not issubclass(model, ModeratedPublishRuleMixin)
    ]
    assert missing == []


def test_programme_pages_are_readable_anonymously(client, quest_tree):
    page = ProgrammePageFactory(
        parent=quest_tree["programmes"],
        recruitment_round=RecruitmentRoundFactory(),
        title="公開プログラム",
    )
    data = client.get("/api/v3/pages/", {"type": "quest.ProgrammePage"}).json()
    assert [item["title"] for item in data["items"]] == ["公開プログラム"]
    detail = client.get(f"/api/v3/pages/{page.pk}/").json()
    assert detail["title"] == "公開プログラム"


def test_interview_api_carries_a_rendition_another_site_can_show(client, quest_tree):
    from wagtail_factories import ImageFactory

    from tests.quest.factories import InterviewIndexPageFactory, InterviewPageFactory

    index = InterviewIndexPageFactory(parent=quest_tree["home"])
    page = InterviewPageFactory(
        parent=index,
        hero_image=ImageFactory(file__width=1280, file__height=720),
        body=[
            ("paragraph", "<p>本文</p>"),
            ("quote", {"text": "学びが仕事に", "attribution": "山田"}),
        ],
    )
    detail = client.get(f"/api/v3/pages/{page.pk}/").json()
    thumbnail = detail["hero_image_thumbnail"]
    assert (thumbnail["width"], thumbnail["height"]) == (640, 360)
    assert thumbnail["url"].startswith("/")
    assert [block["type"] for block in detail["body"]] == ["paragraph", "quote"]
    assert detail["body"][1]["value"]["text"] == "学びが仕事に"
