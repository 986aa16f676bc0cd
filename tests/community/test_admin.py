"""The community admin: secretariat only, logged exports, import through the admin, list query counts."""

import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.models import Assertion, Enrolment, Member
from quest.models import ExportLog
from tests.catalogue.factories import SecretariatUserFactory, UserFactory
from tests.community.factories import (
    AssertionFactory,
    BadgeClassFactory,
    CohortFactory,
    CompletionFactory,
    EnrolmentFactory,
    MemberFactory,
)
from tests.community.test_import import GOOD_BAD_DUPLICATE

ADMIN_URLS = [
    "/admin/community_members/",
    "/admin/community_cohorts/",
    "/admin/community_enrolments/",
    "/admin/community_badge_classes/",
    "/admin/community_awards/",
    "/admin/community_issuers/",
    "/admin/community/import/",
]


@pytest.fixture
def secretariat(client, db):
    client.force_login(SecretariatUserFactory())
    return client


@pytest.fixture
def operator(client, db):
    user = UserFactory(groups=["プログラム運営者"])
    client.force_login(user)
    return client


@pytest.mark.parametrize("url", ADMIN_URLS)
def test_secretariat_sees_community_admin(secretariat, url):
    assert secretariat.get(url).status_code == 200


@pytest.mark.parametrize("url", ADMIN_URLS)
def test_operators_see_no_member_data(operator, url):
    MemberFactory(email="private@example.jp")

    response = operator.get(url)

    assert response.status_code in (302, 403)
    assert b"private@example.jp" not in response.content


def test_operator_cannot_open_one_member_by_id(operator):
    member = MemberFactory()

    assert operator.get(f"/admin/community_members/inspect/{member.pk}/").status_code in (302, 403)


def test_member_export_is_logged(secretariat):
    CompletionFactory(member__email="a@example.jp")

    response = secretariat.get("/admin/community_members/?export=csv")

    assert response.status_code == 200
    assert "a@example.jp" in b"".join(response.streaming_content).decode("utf-8-sig")
    log = ExportLog.objects.get()
    assert (log.model, log.export_format, log.row_count) == ("community.Member", "csv", 1)


def test_import_through_the_admin_dry_run_then_real(secretariat):
    CohortFactory(name="AI Quest 2021")
    CohortFactory(name="令和4年度 ケーススタディ")
    upload = GOOD_BAD_DUPLICATE.encode("cp932")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = secretariat.post(
        "/admin/community/import/", {"file": SimpleUploadedFile("昔の名簿.csv", upload, "text/csv")}
    )
    job_url = response.url
    page = secretariat.get(job_url).content.decode()
    assert "試行" in page and "都道府県「火星」は登録されていません。" in page
    assert "shift_jis" in page
    assert not Member.objects.exists()

    secretariat.post(job_url)

    assert Member.objects.count() == 2


def test_import_refuses_unreadable_files_in_japanese(secretariat):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = secretariat.post(
        "/admin/community/import/", {"file": SimpleUploadedFile("x.csv", b"a,b\n1,2\n", "text/csv")}
    )

    assert response.status_code == 400
    assert "必須の列がありません" in response.content.decode()
    none = secretariat.post("/admin/community/import/", {})
    assert none.status_code == 400


def test_secretariat_invites_a_cohort_and_approves_in_the_admin(
    secretariat, mailoutbox, django_capture_on_commit_callbacks
):
    completion = CompletionFactory()

    with django_capture_on_commit_callbacks(execute=True):
        secretariat.post(f"/admin/community/cohorts/{completion.cohort.pk}/invite/")
    enrolment = Enrolment.objects.get()
    assert (
        secretariat.get(f"/admin/community/enrolments/{enrolment.pk}/approved/").status_code == 302
    )
    enrolment.state = "applied"
    enrolment.save()
    with django_capture_on_commit_callbacks(execute=True):
        secretariat.post(f"/admin/community/enrolments/{enrolment.pk}/approved/")

    assert Enrolment.objects.get().state == "approved"
    assert [m.subject for m in mailoutbox] == [
        "【マナビDX Quest】修了者コミュニティへのご招待",
        "【マナビDX Quest】修了者コミュニティへようこそ",
    ]


def test_award_and_revoke_in_the_admin(secretariat, badge_keys):
    badge_class = BadgeClassFactory()
    member = MemberFactory(email="one@example.jp")

    bad = secretariat.post(f"/admin/community/badges/{badge_class.pk}/award/", {})
    assert "コホートか会員のメールアドレスのどちらかを選んでください。" in bad.content.decode()
    secretariat.post(
        f"/admin/community/badges/{badge_class.pk}/award/", {"email": "ONE@example.jp"}
    )
    award = Assertion.objects.get(member=member)
    no_reason = secretariat.post(f"/admin/community/awards/{award.pk}/revoke/", {"reason": ""})
    assert no_reason.status_code == 200
    secretariat.post(f"/admin/community/awards/{award.pk}/revoke/", {"reason": "誤発行"})

    award.refresh_from_db()
    assert award.is_revoked and award.revocation_reason == "誤発行"


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_member_list_query_count_does_not_grow_with_rows(secretariat):
    cohort = CohortFactory()
    EnrolmentFactory(member=CompletionFactory(cohort=cohort).member)
    one = count_queries(secretariat, "/admin/community_members/")
    for _ in range(49):
        EnrolmentFactory(member=CompletionFactory(cohort=cohort).member)

    assert count_queries(secretariat, "/admin/community_members/") == one


def test_badge_list_query_count_does_not_grow_with_rows(secretariat):
    badge_class = BadgeClassFactory()
    AssertionFactory(badge_class=badge_class)
    one = count_queries(secretariat, "/admin/community_awards/")
    AssertionFactory.create_batch(49, badge_class=badge_class)

    assert count_queries(secretariat, "/admin/community_awards/") == one


def test_member_badge_page_query_count_does_not_grow_with_badges(client, db):
    from community.models import MemberToken

    member = MemberFactory()
    AssertionFactory(member=member)
    _t, raw = MemberToken.issue(member)
    client.get(f"/community/link/{raw}/")
    client.get("/community/me/")  # the first visit after the link also rotates the session
    one = count_queries(client, "/community/me/")
    for _ in range(49):
        AssertionFactory(member=member)

    assert count_queries(client, "/community/me/") == one


def test_secretariat_group_holds_the_community_permissions(db):
    names = set(
        Group.objects.get(name="事務局(審査)")
        .permissions.filter(content_type__app_label="community")
        .values_list("codename", flat=True)
    )
    assert {"view_member", "change_member", "add_assertion", "change_assertion"} <= names
    assert "delete_assertion" not in names
    operator_perms = Group.objects.get(name="プログラム運営者").permissions.filter(
        content_type__app_label="community"
    )
    assert not operator_perms.exists()


@pytest.mark.parametrize(
    "prefix", ["community_enrolments", "community_awards", "community_completion_checks"]
)
def test_enrolments_and_awards_change_only_through_their_actions(secretariat, prefix):
    index = secretariat.get(f"/admin/{prefix}/").content.decode()

    assert f"/admin/{prefix}/add/" not in index
    assert secretariat.get(f"/admin/{prefix}/add/").status_code in (302, 403, 404)


def test_an_invitation_is_declined_only_by_the_member(secretariat):
    enrolment = EnrolmentFactory(state="invited")

    index = secretariat.get("/admin/community_enrolments/").content.decode()

    assert f"/admin/community/enrolments/{enrolment.pk}/declined/" not in index


@pytest.mark.parametrize(
    "url, factory, action_url",
    [
        ("/admin/community_cohorts/", CohortFactory, r"/admin/community/cohorts/(\d+)/invite/"),
        (
            "/admin/community_badge_classes/",
            BadgeClassFactory,
            r"/admin/community/badges/(\d+)/award/",
        ),
    ],
)
def test_cohort_and_badge_rows_start_with_their_action_in_constant_queries(
    secretariat, url, factory, action_url
):
    """Each cohort row offers its invitation, each badge class its award; related rows come along."""
    factory()
    secretariat.get(url)  # the first visit after signing in writes the session once
    one = count_queries(secretariat, url)
    rows = {row.pk for row in factory.create_batch(49)}
    assert count_queries(secretariat, url) == one
    html = secretariat.get(url, headers={"accept-language": "ja"}).content.decode()
    linked = {int(pk) for pk in re.findall(action_url, html)}
    assert linked and linked <= rows | set(factory._meta.model.objects.values_list("pk", flat=True))
    assert len(linked) >= 20, "every row on the page has its action"
