"""A partner's token: its own drafts and reports only, into review but never published."""

import pytest
from wagtail.models import APIToken

from catalogue.models import Course, PerformanceReport
from tests.catalogue.factories import (
    CourseFactory,
    PartnerFactory,
    PartnerUserFactory,
    UserFactory,
    list_course,
)

pytestmark = pytest.mark.django_db


def token_for(user):
    _token, plaintext = APIToken.create_token(user=user, name="test")
    return {"authorization": f"Bearer {plaintext}"}


@pytest.fixture
def partners(site):
    mine, theirs = PartnerFactory(name="自社"), PartnerFactory(name="他社")
    return {
        "mine": mine,
        "theirs": theirs,
        "my_auth": token_for(PartnerUserFactory(partner=mine)),
        "their_course": list_course(CourseFactory(partner=theirs, title="他社の講座")),
    }


def course_payload(**overrides):
    payload = {
        "title": "APIで登録した講座",
        "summary": "APIから登録した講座の概要",
        "description": "<p>説明</p>",
        "url": "https://partner.example.jp/api-course",
        "level": 3,
        "course_type": "practical",
        "standards": ["dss-p-1-2"],
        "roles": ["data-engineer"],
        "fee_type": "paid",
        "fee_yen": 10000,
        "study_hours": "6",
        "delivery": "on_demand",
    }
    payload.update(overrides)
    return payload


def test_create_change_and_submit_a_draft_never_publishes(client, partners):
    auth = partners["my_auth"]
    created = client.post(
        "/api/v3/partner/courses/", course_payload(), content_type="application/json", headers=auth
    )
    assert created.status_code == 201, created.content
    course_id = created.json()["id"]
    assert created.json()["live"] is False
    assert created["Cache-Control"] == "private, no-store"

    changed = client.patch(
        f"/api/v3/partner/courses/{course_id}/",
        course_payload(title="名前を変えた講座"),
        content_type="application/json",
        headers=auth,
    )
    assert changed.status_code == 200
    detail = client.get(f"/api/v3/partner/courses/{course_id}/", headers=auth).json()
    assert detail["title"] == "名前を変えた講座"
    assert detail["roles"] == ["data-engineer"]

    submitted = client.post(f"/api/v3/partner/courses/{course_id}/submit/", headers=auth)
    assert submitted.status_code == 200
    assert submitted.json()["in_review"] is True
    course = Course.objects.get(pk=course_id)
    assert course.workflow_in_progress
    assert course.live is False


def test_bad_course_data_is_422_with_field_names(client, partners):
    response = client.post(
        "/api/v3/partner/courses/",
        course_payload(
            fee_type="free", fee_yen=500, url="javascript:alert(1)", standards=["dss-l-1-2", "nope"]
        ),
        content_type="application/json",
        headers=partners["my_auth"],
    )
    assert response.status_code == 422
    fields = {tuple(e["loc"]) for e in response.json()["errors"]}
    assert {("body", "fee_yen"), ("body", "url"), ("body", "standards")} <= fields
    assert not Course.objects.filter(title="APIで登録した講座").exists()


def test_another_partners_course_is_invisible(client, partners):
    auth, theirs = partners["my_auth"], partners["their_course"]
    assert client.get(f"/api/v3/partner/courses/{theirs.pk}/", headers=auth).status_code == 404
    assert (
        client.patch(
            f"/api/v3/partner/courses/{theirs.pk}/",
            course_payload(),
            content_type="application/json",
            headers=auth,
        ).status_code
        == 404
    )
    assert (
        client.post(f"/api/v3/partner/courses/{theirs.pk}/submit/", headers=auth).status_code == 404
    )
    listing = client.get("/api/v3/partner/courses/", headers=auth).json()
    assert listing["count"] == 0
    report = client.post(
        "/api/v3/partner/reports/",
        {
            "course_id": theirs.pk,
            "period_start": "2026-04-01",
            "period_end": "2026-09-30",
            "rows": [],
        },
        content_type="application/json",
        headers=auth,
    )
    assert report.status_code == 404
    theirs.refresh_from_db()
    assert theirs.title == "他社の講座"


def test_changing_a_live_course_keeps_the_live_version(client, partners):
    course = list_course(CourseFactory(partner=partners["mine"], title="公開中の講座"))
    response = client.patch(
        f"/api/v3/partner/courses/{course.pk}/",
        course_payload(title="変更案"),
        content_type="application/json",
        headers=partners["my_auth"],
    )
    assert response.status_code == 200
    assert response.json()["has_unpublished_changes"] is True
    assert client.get(f"/api/v3/courses/{course.pk}/").json()["title"] == "公開中の講座"


def test_file_a_report_with_bad_rows_then_good_rows(client, partners):
    course = list_course(CourseFactory(partner=partners["mine"]))
    bad = client.post(
        "/api/v3/partner/reports/",
        {
            "course_id": course.pk,
            "period_start": "2026-09-30",
            "period_end": "2026-04-01",
            "rows": [
                {"prefecture": "13", "gender": "female", "learners": 3, "completers": 5},
                {"prefecture": "99", "gender": "female", "learners": 1, "completers": 0},
            ],
        },
        content_type="application/json",
        headers=partners["my_auth"],
    )
    assert bad.status_code == 422
    locs = {tuple(e["loc"]) for e in bad.json()["errors"]}
    assert ("body", "period_end") in locs
    assert ("body", "rows[0].completers") in locs
    assert ("body", "rows[1].prefecture") in locs
    assert not PerformanceReport.objects.exists()

    good = client.post(
        "/api/v3/partner/reports/",
        {
            "course_id": course.pk,
            "period_start": "2026-04-01",
            "period_end": "2026-09-30",
            "sessions_held": 4,
            "rows": [{"prefecture": "13", "gender": "female", "learners": 10, "completers": 8}],
        },
        content_type="application/json",
        headers=partners["my_auth"],
    )
    assert good.status_code == 201
    assert PerformanceReport.objects.get().rows.get().completers == 8


def test_tokens_without_a_partner_and_no_tokens_are_refused(client, partners):
    assert client.get("/api/v3/partner/courses/").status_code == 401
    bogus = {"authorization": "Bearer not-a-token"}
    assert client.get("/api/v3/partner/courses/", headers=bogus).status_code == 401
    staff = token_for(UserFactory())
    assert client.get("/api/v3/partner/courses/", headers=staff).status_code == 403


def test_no_endpoint_publishes_a_course(client, partners):
    from manabi.api import api

    paths = api.get_openapi_schema()["paths"]
    assert not [p for p in paths if "publish" in p and ("course" in p or "partner" in p)]


def test_wagtails_snippet_api_does_not_expose_catalogue_objects(client, partners):
    """Wagtail's snippet endpoints scope by model permission only and ignore workflows."""
    from tests.catalogue.factories import SecretariatUserFactory

    auth = partners["my_auth"]
    theirs = partners["their_course"]
    for url in [
        "/api/v3/snippets/catalogue.course/",
        f"/api/v3/snippets/catalogue.course/{theirs.pk}/",
        "/api/v3/snippets/catalogue.partner/",
    ]:
        response = client.get(url, headers=auth)
        assert response.status_code in (400, 404, 422), url
        assert "他社の講座" not in response.content.decode()

    draft = CourseFactory(partner=partners["mine"])
    draft.save_revision()
    secretariat = token_for(SecretariatUserFactory())
    publish = client.post(
        f"/api/v3/snippets/catalogue.course/{draft.pk}/actions/publish/", headers=secretariat
    )
    assert publish.status_code in (400, 404, 422)
    draft.refresh_from_db()
    assert draft.live is False


def test_nul_characters_in_a_body_are_a_422(client, partners):
    response = client.post(
        "/api/v3/partner/courses/",
        course_payload(title="a\x00b", exams=["\x00"]),
        content_type="application/json",
        headers=partners["my_auth"],
    )
    assert response.status_code == 422
