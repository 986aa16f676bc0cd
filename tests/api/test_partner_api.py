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
        "course_url": "https://partner.example.jp/api-course",
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
            fee_type="free",
            fee_yen=500,
            course_url="javascript:alert(1)",
            standards=["dss-l-1-2", "nope"],
        ),
        content_type="application/json",
        headers=partners["my_auth"],
    )
    assert response.status_code == 422
    fields = {tuple(e["loc"]) for e in response.json()["errors"]}
    assert {("body", "fee_yen"), ("body", "course_url"), ("body", "standards")} <= fields
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
                {"prefecture": "13", "gender": "female", "learners": 1, "completers": 0},
            ],
        },
        content_type="application/json",
        headers=partners["my_auth"],
    )
    assert bad.status_code == 422
    locs = {tuple(e["loc"]) for e in bad.json()["errors"]}
    assert ("body", "period_end") in locs
    assert ("body", "rows[0].completers") in locs
    assert ("body", "rows[1]") in locs
    # A code outside the documented enum is refused by the schema, in the same shape.
    unknown_code = client.post(
        "/api/v3/partner/reports/",
        {
            "course_id": course.pk,
            "period_start": "2026-04-01",
            "period_end": "2026-09-30",
            "rows": [{"prefecture": "99", "gender": "female", "learners": 1, "completers": 0}],
        },
        content_type="application/json",
        headers=partners["my_auth"],
    )
    assert unknown_code.status_code == 422
    assert [e["loc"] for e in unknown_code.json()["errors"]] == [["body", "rows[0].prefecture"]]
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


def test_submitting_a_live_course_with_no_change_is_refused(client, partners):
    course = partners["their_course"]
    auth = token_for(PartnerUserFactory(partner=course.partner))
    response = client.post(f"/api/v3/partner/courses/{course.pk}/submit/", headers=auth)
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert "Nothing to review" in response.json()["detail"]
    course.refresh_from_db()
    assert not course.workflow_in_progress


def test_a_partner_withdraws_its_own_submission(client, partners):
    auth = partners["my_auth"]
    course_id = client.post(
        "/api/v3/partner/courses/", course_payload(), content_type="application/json", headers=auth
    ).json()["id"]
    client.post(f"/api/v3/partner/courses/{course_id}/submit/", headers=auth)
    again = client.post(f"/api/v3/partner/courses/{course_id}/submit/", headers=auth)
    assert again.status_code == 409

    withdrawn = client.post(f"/api/v3/partner/courses/{course_id}/withdraw/", headers=auth)
    assert withdrawn.status_code == 200, withdrawn.content
    assert withdrawn.json()["in_review"] is False
    # The draft can be changed again and resubmitted.
    changed = client.patch(
        f"/api/v3/partner/courses/{course_id}/",
        course_payload(title="取り下げ後に修正した講座"),
        content_type="application/json",
        headers=auth,
    )
    assert changed.status_code == 200
    assert (
        client.post(f"/api/v3/partner/courses/{course_id}/submit/", headers=auth).status_code == 200
    )

    twice = client.post(f"/api/v3/partner/courses/{course_id}/withdraw/", headers=auth)
    assert (
        client.post(f"/api/v3/partner/courses/{course_id}/withdraw/", headers=auth).status_code
        == 409
    )
    assert twice.status_code == 200


def test_another_partner_cannot_withdraw_a_submission(client, partners):
    course = partners["their_course"]
    response = client.post(
        f"/api/v3/partner/courses/{course.pk}/withdraw/", headers=partners["my_auth"]
    )
    assert response.status_code == 404


def test_partner_writes_are_server_to_server_only(client, partners, settings):
    """A preflight from an allowed origin does not allow a write method, so browsers refuse."""
    settings.CORS_ALLOWED_ORIGINS = ["https://partner.example.jp"]
    preflight = client.options(
        "/api/v3/partner/courses/",
        headers={
            "origin": "https://partner.example.jp",
            "access-control-request-method": "POST",
            "access-control-request-headers": "authorization, content-type",
        },
    )
    allowed = preflight.get("Access-Control-Allow-Methods", "")
    assert "POST" not in allowed and "PATCH" not in allowed
    read = client.get("/api/v3/courses/", headers={"origin": "https://partner.example.jp"})
    assert read["Access-Control-Allow-Origin"] == "https://partner.example.jp"
    exposed = {h.strip().lower() for h in read["Access-Control-Expose-Headers"].split(",")}
    assert {"etag", "retry-after", "link"} <= exposed
