"""A partner reaches only its own objects on every admin surface (IDOR guards).

Each test signs in as partner A and aims at partner B's objects by id.
"""

import pytest
from django.urls import reverse

from catalogue.models import ChangeNotice, Course, Partner, PerformanceReport
from tests.catalogue.admin import snippet_url
from tests.catalogue.factories import (
    CourseFactory,
    PartnerFactory,
    PartnerUserFactory,
    SecretariatUserFactory,
    list_course,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_partners(client, site):
    mine = PartnerFactory(name="自社株式会社")
    theirs = PartnerFactory(name="他社株式会社")
    my_course = CourseFactory(partner=mine, title="自社の講座")
    their_course = list_course(CourseFactory(partner=theirs, title="他社の秘密の講座"))
    # A second revision and a log entry, so that history and compare have something to show.
    their_course.title = "他社の秘密の講座（改訂）"
    their_course.save_revision()
    client.force_login(PartnerUserFactory(partner=mine))
    return {"mine": mine, "theirs": theirs, "my_course": my_course, "their_course": their_course}


def revisions(course):
    return list(course.revisions.order_by("pk").values_list("pk", flat=True))


OBJECT_VIEWS = [
    "edit",
    "inspect",
    "history",
    "history_results",
    "usage",
    "delete",
    "preview_on_edit",
    "unpublish",
    "lock",
    "unlock",
    "workflow_history",
    "confirm_workflow_cancellation",
]


@pytest.mark.parametrize("view", OBJECT_VIEWS)
def test_other_partners_course_is_refused_on_every_object_view(client, two_partners, view):
    """404, or Wagtail's own permission refusal (a redirect to the dashboard) where it asks the policy."""
    course = two_partners["their_course"]
    url = snippet_url(Course, view, course.pk)
    for response in (client.get(url), client.post(url, {})):
        assert response.status_code == 404 or response.headers.get("Location") == "/admin/"
        assert "他社の秘密の講座" not in response.content.decode()


def test_revision_views_and_compare_are_404(client, two_partners):
    course = two_partners["their_course"]
    first, second = revisions(course)[:2]
    for url in [
        snippet_url(Course, "revisions_view", course.pk, first),
        snippet_url(Course, "revisions_revert", course.pk, first),
        reverse(
            Course.snippet_viewset.get_url_name("revisions_compare"),
            kwargs={"pk": course.pk, "revision_id_a": first, "revision_id_b": second},
        ),
    ]:
        assert client.get(url).status_code == 404, url


def test_listing_search_and_export_show_only_own_courses(client, two_partners):
    listing = client.get(snippet_url(Course, "list")).content.decode()
    assert "自社の講座" in listing
    assert "他社の秘密の講座" not in listing
    searched = client.get(snippet_url(Course, "list_results"), {"q": "他社"}).content.decode()
    assert "他社の秘密の講座" not in searched
    export = client.get(snippet_url(Course, "list"), {"export": "csv"})
    body = (
        b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    )
    assert "自社の講座" in body
    assert "他社の秘密の講座" not in body


def test_partner_filter_lists_only_own_partner(client, two_partners):
    html = client.get(snippet_url(Course, "list")).content.decode()
    assert "他社株式会社" not in html


def test_chooser_lists_and_chooses_only_own_courses(client, two_partners):
    namespace = Course.snippet_viewset.get_chooser_admin_url_namespace()
    listing = client.get(reverse(f"{namespace}:choose")).json()["html"]
    assert "自社の講座" in listing
    assert "他社の秘密の講座" not in listing
    chosen = client.get(reverse(f"{namespace}:chosen", args=[two_partners["their_course"].pk]))
    assert chosen.status_code == 404


def test_other_partner_record_is_404(client, two_partners):
    theirs = two_partners["theirs"]
    for view in ["edit", "inspect", "history", "delete"]:
        assert client.get(snippet_url(Partner, view, theirs.pk)).status_code == 404
    listing = client.get(snippet_url(Partner, "list")).content.decode()
    assert "自社株式会社" in listing
    assert "他社株式会社" not in listing


def test_notice_and_report_cannot_name_another_partners_course(client, two_partners):
    their_course = two_partners["their_course"]
    notice = client.post(
        snippet_url(ChangeNotice, "add"),
        {"course": their_course.pk, "kind": "withdrawal", "effective_date": "2026-12-01"},
    )
    assert notice.status_code == 200
    assert "course" in notice.context["form"].errors
    assert not ChangeNotice.objects.exists()

    report = client.post(
        snippet_url(PerformanceReport, "add"),
        {
            "course": their_course.pk,
            "period_start": "2026-04-01",
            "period_end": "2026-09-30",
            "sessions_held": "1",
            "rows-TOTAL_FORMS": "0",
            "rows-INITIAL_FORMS": "0",
            "rows-MIN_NUM_FORMS": "0",
            "rows-MAX_NUM_FORMS": "1000",
        },
    )
    assert report.status_code == 200
    assert "course" in report.context["form"].errors
    assert not PerformanceReport.objects.exists()


def test_partner_cannot_move_its_course_to_another_partner(client, two_partners):
    from tests.catalogue.admin import course_form_data

    course = two_partners["my_course"]
    response = client.post(
        snippet_url(Course, "edit", course.pk), course_form_data(two_partners["theirs"])
    )
    assert response.status_code == 200
    assert "partner" in response.context["form"].errors
    course.refresh_from_db()
    assert course.partner == two_partners["mine"]


@pytest.mark.parametrize(
    "url",
    ["/admin/reports/site-history/", "/admin/reports/workflow/", "/admin/reports/workflow_tasks/"],
)
def test_unscoped_wagtail_reports_are_closed_to_partners(client, two_partners, url):
    assert client.get(url).status_code in (302, 403)
    assert "他社の秘密の講座" not in client.get(url, follow=True).content.decode()


def test_secretariat_sees_every_partner(client, two_partners):
    client.force_login(SecretariatUserFactory())
    listing = client.get(snippet_url(Course, "list")).content.decode()
    assert "自社の講座" in listing
    assert "他社の秘密の講座" in listing


def test_bulk_delete_of_another_partners_course_lists_and_deletes_nothing(client, two_partners):
    course = two_partners["their_course"]
    for url in [
        f"/admin/bulk/catalogue/course/delete/?id={course.pk}",
        "/admin/bulk/catalogue/course/delete/?id=all",
    ]:
        response = client.get(url)
        assert "他社の秘密の講座" not in response.content.decode()
    client.post(f"/admin/bulk/catalogue/course/delete/?id={course.pk}")
    client.post("/admin/bulk/catalogue/course/delete/?id=all")
    assert Course.objects.filter(pk=course.pk).exists()
