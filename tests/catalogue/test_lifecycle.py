"""Listing lifecycle on frozen time: 3-year period, 60-day warning, expiry, withdrawals, suspensions."""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from wagtail.models import ModelLogEntry

from catalogue import services
from catalogue.models import ChangeNotice, Course, CourseNotPublishable, ListingAction
from tests.catalogue.factories import CourseFactory, SecretariatUserFactory, list_course

pytestmark = pytest.mark.django_db
JST = ZoneInfo("Asia/Tokyo")


def at(day):
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(3), tzinfo=JST), tick=False
    )


def run(date=None):
    out = StringIO()
    call_command("run_listing_lifecycle", *(["--date", date] if date else []), stdout=out)
    return out.getvalue()


def actions(course):
    return list(
        ModelLogEntry.objects.for_instance(course).order_by("pk").values_list("action", flat=True)
    )


def test_listing_lasts_three_years_warns_once_then_expires(site):
    published_on = datetime.date(2026, 4, 1)
    with at(published_on):
        course = list_course(CourseFactory(partner__contact_email="p@example.jp"))
    assert course.listed_from == published_on
    assert course.listed_until == datetime.date(2029, 4, 1)

    with at(datetime.date(2029, 1, 30)):  # 61 days before the end: too early
        assert "expiry notices sent: 0" in run()
    with at(datetime.date(2029, 1, 31)):  # 60 days before
        assert "expiry notices sent: 1" in run()
        assert "expiry notices sent: 0" in run()  # safe to run twice
    warnings = [m for m in mail.outbox if "掲載期間が近く終了します" in m.subject]
    assert len(warnings) == 1
    assert "2029年4月1日" in warnings[0].body

    with at(datetime.date(2029, 4, 1)):  # last listed day
        assert "listings expired: 0" in run()
        assert Course.objects.listed().filter(pk=course.pk).exists()
    with at(datetime.date(2029, 4, 2)):
        assert "listings expired: 1" in run()
        assert "listings expired: 0" in run()
        assert not Course.objects.listed().filter(pk=course.pk).exists()

    course.refresh_from_db()
    assert course.live is False
    assert course.listing_state == Course.ListingState.EXPIRED
    assert "catalogue.listing.expiry_notified" in actions(course)
    assert "catalogue.listing.expired" in actions(course)


def test_reskill_certification_extends_the_listing(site):
    with at(datetime.date(2026, 4, 1)):
        course = list_course(CourseFactory(reskill_certified_until=datetime.date(2030, 3, 31)))
    assert course.listed_until == datetime.date(2030, 3, 31)


def test_withdrawal_takes_effect_on_its_date(site):
    with at(datetime.date(2026, 4, 1)):
        course = list_course(CourseFactory())
        ChangeNotice.objects.create(
            course=course,
            kind="withdrawal",
            effective_date=datetime.date(2026, 6, 1),
            description="講座終了のため",
        )
    with at(datetime.date(2026, 5, 31)):
        assert "withdrawals applied: 0" in run()
    with at(datetime.date(2026, 6, 1)):
        assert "withdrawals applied: 1" in run()
        assert "withdrawals applied: 0" in run()
    course.refresh_from_db()
    assert (course.live, course.listing_state) == (False, Course.ListingState.WITHDRAWN)
    assert ChangeNotice.objects.get().status == ChangeNotice.Status.PROCESSED


def test_a_change_keeps_the_live_version_online_while_in_review(client, site):
    course = list_course(CourseFactory(title="公開中の講座名"))
    course.title = "変更後の講座名"
    course.save_revision()
    course.refresh_from_db()
    assert course.live
    assert course.title == "公開中の講座名"
    assert course.has_unpublished_changes
    assert "公開中の講座名" in client.get(f"/courses/{course.pk}/").content.decode()


def test_bad_date_is_a_clear_error():
    with pytest.raises(CommandError, match="--date: '2026-13-01' is not a date"):
        run("2026-13-01")


def test_suspend_resume_and_cancel_record_reasons_and_tell_the_partner(site):
    reviewer = SecretariatUserFactory()
    course = list_course(CourseFactory(partner__contact_email="p@example.jp"))

    services.suspend_listing(
        course, reviewer, ListingAction.Reason.COMPLAINTS_OR_MISDESCRIPTION, "苦情の調査中"
    )
    course.refresh_from_db()
    assert (course.live, course.listing_state) == (False, Course.ListingState.SUSPENDED)
    assert "苦情の調査中" in mail.outbox[-1].body
    assert "（ウ）" in mail.outbox[-1].body

    services.resume_listing(course, reviewer, "調査の結果、問題なし")
    course.refresh_from_db()
    assert (course.live, course.listing_state) == (True, Course.ListingState.ACTIVE)

    services.cancel_listing(
        course, reviewer, ListingAction.Reason.CRITERIA_NOT_MET, "基準を満たさない"
    )
    course.refresh_from_db()
    assert (course.live, course.listing_state) == (False, Course.ListingState.CANCELLED)
    assert [a.action for a in course.listing_actions.order_by("pk")] == [
        "suspend",
        "resume",
        "cancel",
    ]
    assert {
        "catalogue.listing.suspend",
        "catalogue.listing.resume",
        "catalogue.listing.cancel",
    } <= set(actions(course))
    with pytest.raises(CourseNotPublishable):
        course.approved_revision.publish(user=reviewer)


def test_listing_action_view_requires_a_reason_and_shows_it_in_history(client, site):
    reviewer = SecretariatUserFactory()
    course = list_course(CourseFactory())
    client.force_login(reviewer)
    url = f"/admin/catalogue/courses/{course.pk}/listing/suspend/"

    empty = client.post(url, {"reason_category": "", "reason": ""})
    assert empty.status_code == 200
    html = empty.content.decode()
    assert "該当する事由（ア〜エ）を選んでください。" in html
    assert "この措置の理由を入力してください。" in html
    course.refresh_from_db()
    assert course.live

    done = client.post(url, {"reason_category": "b", "reason": "報告が未提出"})
    assert done.status_code == 302
    history = client.get(f"/admin/snippets/catalogue/course/history/{course.pk}/").content.decode()
    assert "掲載を一時停止しました" in history
    assert "報告が未提出" in history


def test_partner_cannot_use_listing_actions(client, site):
    from tests.catalogue.factories import PartnerUserFactory

    course = list_course(CourseFactory())
    client.force_login(PartnerUserFactory(partner=course.partner))
    response = client.post(
        f"/admin/catalogue/courses/{course.pk}/listing/suspend/",
        {"reason_category": "a", "reason": "x"},
    )
    assert response.status_code in (302, 403)
    course.refresh_from_db()
    assert course.live


def test_every_listing_change_goes_through_the_one_table(site):
    """The admin offers exactly the actions the lifecycle table allows, and the services refuse the rest."""
    from django.core.exceptions import ValidationError

    from catalogue.admin_views import available_listing_actions

    reviewer = SecretariatUserFactory()
    course = list_course(CourseFactory())
    assert [a for a, _label in available_listing_actions(course)] == ["suspend", "cancel"]
    services.suspend_listing(course, reviewer, "a", "調査中のため")
    assert [a for a, _label in available_listing_actions(course)] == ["resume", "cancel"]
    with pytest.raises(ValidationError):
        services.suspend_listing(course, reviewer, "a", "二重の停止")
    services.cancel_listing(course, reviewer, "b", "虚偽の記載のため")
    assert available_listing_actions(course) == []
    with pytest.raises(ValidationError, match="現在の状態では"):
        services.cancel_listing(course, reviewer, "b", "二重の取消")
    with pytest.raises(ValidationError):
        services.resume_listing(course, reviewer, "再開")
    assert ListingAction.objects.filter(course=course).count() == 2
