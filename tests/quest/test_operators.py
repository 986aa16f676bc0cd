"""Operators edit only their own programme pages and see only applications to their programmes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quest.models import Application, ApplicationChoice, ExportLog
from tests.catalogue.factories import SecretariatUserFactory, UserFactory
from tests.quest.factories import (
    InterviewIndexPageFactory,
    InterviewPageFactory,
    OperatorFactory,
    ProgrammePageFactory,
    RecruitmentRoundFactory,
)

pytestmark = pytest.mark.django_db


def applicant(round_, programme, name):
    application = Application.objects.create(
        recruitment_round=round_,
        name=name,
        name_kana="テスト",
        email=f"{name}@example.jp",
        prefecture="13",
        occupation="employee",
        age_band="30s",
        weekly_hours=8,
        statement="-",
        consented_at=timezone.now(),
    )
    ApplicationChoice.objects.create(application=application, programme=programme, rank=1)
    return application


@pytest.fixture
def two_operators(client, quest_tree):
    round_ = RecruitmentRoundFactory()
    mine_user, theirs_user = UserFactory(), UserFactory()
    mine, theirs = OperatorFactory(name="北海道ハブ"), OperatorFactory(name="九州ハブ")
    mine.users.add(mine_user)
    theirs.users.add(theirs_user)
    my_page = ProgrammePageFactory(
        parent=quest_tree["programmes"],
        operator=mine,
        recruitment_round=round_,
        title="北海道プログラム",
    )
    their_page = ProgrammePageFactory(
        parent=quest_tree["programmes"],
        operator=theirs,
        recruitment_round=round_,
        title="九州プログラム",
    )
    data = {
        "round": round_,
        "my_page": my_page,
        "their_page": their_page,
        "my_applicant": applicant(round_, my_page, "ほっかいどう応募者"),
        "their_applicant": applicant(round_, their_page, "きゅうしゅう応募者"),
        "user": mine_user,
    }
    client.force_login(mine_user)
    return data


def test_operator_edits_own_page_but_not_another(client, two_operators):
    assert client.get(f"/admin/pages/{two_operators['my_page'].pk}/edit/").status_code == 200
    response = client.get(f"/admin/pages/{two_operators['their_page'].pk}/edit/")
    assert response.status_code in (302, 403)
    post = client.post(
        f"/admin/pages/{two_operators['their_page'].pk}/edit/", {"title": "書き換え"}
    )
    assert post.status_code in (302, 403)
    two_operators["their_page"].refresh_from_db()
    assert two_operators["their_page"].title == "九州プログラム"


def test_operator_cannot_publish_its_own_page(client, two_operators):
    page = two_operators["my_page"]
    perms = page.permissions_for_user(two_operators["user"])
    assert perms.can_edit()
    assert not perms.can_publish()


def test_operator_sees_only_applications_to_its_programmes(client, two_operators):
    listing = client.get("/admin/quest_applications/").content.decode()
    assert "ほっかいどう応募者" in listing
    assert "きゅうしゅう応募者" not in listing
    theirs = two_operators["their_applicant"].pk
    assert client.get(f"/admin/quest_applications/inspect/{theirs}/").status_code == 404
    assert client.get(f"/admin/quest_applications/edit/{theirs}/").status_code == 404
    assert (
        client.post(f"/admin/quest_applications/edit/{theirs}/", {"status": "accepted"}).status_code
        == 404
    )
    assert Application.objects.get(pk=theirs).status == "received"


def test_exports_are_scoped_and_logged(client, two_operators):
    response = client.get("/admin/quest_applications/", {"export": "csv", "status": "received"})
    body = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else response.content.decode()
    )
    assert "ほっかいどう応募者" in body
    assert "きゅうしゅう応募者" not in body
    entry = ExportLog.objects.get()
    assert entry.user == two_operators["user"]
    assert entry.row_count == 1
    assert entry.export_format == "csv"
    assert entry.filters == "status=received"
    assert entry.model == "quest.Application"


def test_secretariat_sees_all_applications(client, two_operators):
    client.force_login(SecretariatUserFactory())
    listing = client.get("/admin/quest_applications/").content.decode()
    assert "ほっかいどう応募者" in listing
    assert "きゅうしゅう応募者" in listing


def test_export_log_is_not_for_operators(client, two_operators):
    assert client.get("/admin/quest_export_log/").status_code in (302, 403)


@pytest.mark.parametrize("kind", ["programmes", "interviews"])
def test_index_pages_query_count_is_the_same_for_1_and_50_children(client, quest_tree, kind):
    round_ = RecruitmentRoundFactory()
    if kind == "programmes":
        index = quest_tree["programmes"]

        def add():
            ProgrammePageFactory(parent=index, recruitment_round=round_, operator=OperatorFactory())
    else:
        index = InterviewIndexPageFactory(parent=quest_tree["home"])

        def add():
            InterviewPageFactory(parent=index)

    add()
    url = index.url
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(49):
        add()
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(one) == len(many)


def test_operator_submits_and_the_secretariat_approval_publishes_on_the_announcement(
    client, quest_tree
):
    """Moderation and fairness together: approval before the announcement only schedules the page."""
    import datetime

    from quest.demo import grant_page_rights

    grant_page_rights(quest_tree["home"], quest_tree["programmes"])
    workflow = quest_tree["programmes"].get_workflow()

    announcement = timezone.now() + datetime.timedelta(days=3)
    round_ = RecruitmentRoundFactory(
        announcement_at=announcement,
        applications_open_at=announcement,
        applications_close_at=announcement + datetime.timedelta(days=30),
    )
    operator_user = UserFactory()
    operator = OperatorFactory(name="東北ハブ")
    operator.users.add(operator_user)
    page = ProgrammePageFactory(
        parent=quest_tree["programmes"], operator=operator, recruitment_round=round_, live=False
    )
    page.save_revision()
    workflow.start(page, operator_user)

    client.force_login(SecretariatUserFactory())
    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": ""}
    )
    assert response.status_code in (200, 302)

    page.refresh_from_db()
    assert not page.workflow_in_progress
    assert page.live is False  # approved, but waiting for the announcement
    assert page.get_latest_revision().approved_go_live_at == announcement


def test_export_log_is_read_only_for_the_secretariat(client, two_operators):
    client.force_login(SecretariatUserFactory())
    client.get("/admin/quest_applications/", {"export": "csv"})
    entry = ExportLog.objects.get()
    assert client.get("/admin/quest_export_log/").status_code == 200
    assert client.get(f"/admin/quest_export_log/edit/{entry.pk}/").status_code in (302, 403)
    assert client.post(f"/admin/quest_export_log/delete/{entry.pk}/").status_code in (302, 403)
    assert ExportLog.objects.filter(pk=entry.pk).exists()


def test_operator_reaches_neither_another_operators_applicant_nor_site_history(
    client, two_operators
):
    theirs = two_operators["their_applicant"]
    mine = two_operators["my_applicant"]
    assert client.get(f"/admin/quest_applications/history/{mine.pk}/").status_code == 200
    for url in [
        f"/admin/quest_applications/history/{theirs.pk}/",
        f"/admin/quest_applications/usage/{theirs.pk}/",
        f"/admin/bulk/quest/application/delete/?id={theirs.pk}",
        "/admin/bulk/quest/application/delete/?id=all",
        "/admin/reports/site-history/",
    ]:
        response = client.get(url)
        assert response.status_code in (403, 404), url
        assert "きゅうしゅう応募者" not in response.content.decode()
    client.post(f"/admin/bulk/quest/application/delete/?id={theirs.pk}")
    assert Application.objects.filter(pk=theirs.pk).exists()
