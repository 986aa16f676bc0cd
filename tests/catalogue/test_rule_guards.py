"""Rules that no other test would miss if their code were removed or inverted."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from catalogue import services
from catalogue.models import ChangeNotice, Course, ListingCriterion
from tests.catalogue.factories import (
    CourseFactory,
    PartnerFactory,
    SecretariatUserFactory,
    list_course,
)

pytestmark = pytest.mark.django_db
JST = ZoneInfo("Asia/Tokyo")


def at(day):
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(3), tzinfo=JST), tick=False
    )


def in_review(course):
    course.save_revision()
    course.get_workflow().start(course, SecretariatUserFactory())
    course.refresh_from_db()
    return course.current_workflow_task_state


def test_checklist_task_refuses_approval_without_every_criterion_whoever_calls_it(site):
    """The form requires every box; the task itself re-checks for any other caller."""
    course = CourseFactory(partner=PartnerFactory())
    task_state = in_review(course)
    task = task_state.task.specific
    reviewer = SecretariatUserFactory()
    criteria = list(ListingCriterion.objects.filter(is_active=True))
    assert len(criteria) > 1
    all_but_one = {f"criterion_{c.pk}": True for c in criteria[1:]}

    with pytest.raises(PermissionDenied):
        task.on_action(task_state, reviewer, "approve", comment="", **all_but_one)
    task_state.refresh_from_db()
    assert task_state.status == "in_progress"

    with pytest.raises(PermissionDenied):
        task.on_action(task_state, reviewer, "reject", comment="  ")
    task_state.refresh_from_db()
    assert task_state.status == "in_progress"

    everything = {f"criterion_{c.pk}": True for c in criteria}
    task.on_action(task_state, reviewer, "approve", comment="", **everything)
    task_state.refresh_from_db()
    assert task_state.status == "approved"


def test_an_abolition_notice_takes_the_course_offline_on_its_date(site):
    with at(datetime.date(2026, 4, 1)):
        course = list_course(CourseFactory())
        notice = ChangeNotice.objects.create(
            course=course,
            kind=ChangeNotice.Kind.ABOLITION,
            effective_date=datetime.date(2026, 7, 1),
            description="講座を廃止します",
        )
    with at(datetime.date(2026, 6, 30)):
        assert services.run_daily_lifecycle()["withdrawn"] == 0
        assert Course.objects.listed().filter(pk=course.pk).exists()
    with at(datetime.date(2026, 7, 1)):
        assert services.run_daily_lifecycle()["withdrawn"] == 1
    course.refresh_from_db()
    notice.refresh_from_db()
    assert course.live is False
    assert course.listing_state != Course.ListingState.ACTIVE
    assert not Course.objects.listed().filter(pk=course.pk).exists()
    assert notice.status == ChangeNotice.Status.PROCESSED


@pytest.mark.parametrize(
    ("published_on", "listed_until"),
    [
        # No 29 February three years on: the month's last day.
        (datetime.date(2028, 2, 29), datetime.date(2031, 2, 28)),
        (datetime.date(2028, 2, 28), datetime.date(2031, 2, 28)),
        (datetime.date(2028, 3, 1), datetime.date(2031, 3, 1)),
    ],
)
def test_a_listing_published_on_29_february_ends_on_the_last_day_of_february(
    site, published_on, listed_until
):
    with at(published_on):
        course = list_course(CourseFactory())
    assert course.listed_from == published_on
    assert course.listed_until == listed_until
