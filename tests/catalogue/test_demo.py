"""The demo catalogue covers every facet value and the special states, reproducibly."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from catalogue.models import Course, Partner, Role, Subsidy
from catalogue.taxonomy_values import study_time_bucket

pytestmark = pytest.mark.django_db


def load(seed=7, courses=120):
    call_command("load_demo", "--courses", str(courses), "--seed", str(seed), stdout=StringIO())


def test_demo_catalogue_spreads_over_every_value(site):
    load()
    listed = Course.objects.listed()
    assert Partner.objects.count() == 30
    assert Course.objects.count() == 120
    assert set(listed.values_list("level", flat=True)) == {1, 2, 3, 4}
    assert set(listed.values_list("fee_type", flat=True)) == set(Course.FeeType.values)
    assert set(listed.values_list("delivery", flat=True)) == set(Course.Delivery.values)
    assert {study_time_bucket(h) for h in listed.values_list("study_hours", flat=True)} == {
        "up-to-1h",
        "1-10h",
        "10h-plus",
    }
    assert set(listed.values_list("subsidies", flat=True)) >= set(
        Subsidy.objects.values_list("pk", flat=True)
    )
    assert set(listed.values_list("roles", flat=True)) >= set(
        Role.objects.values_list("pk", flat=True)
    )
    states = set(Course.objects.values_list("listing_state", flat=True))
    assert {"active", "suspended", "expired"} <= states
    assert Course.objects.filter(live=False, first_published_at__isnull=True).exists()  # drafts
    assert any(c.workflow_in_progress for c in Course.objects.filter(live=False))


def test_demo_is_reproducible_from_the_seed(site):
    load(seed=11, courses=60)
    first = list(Course.objects.order_by("pk").values_list("title", "level", "fee_yen"))
    # Reports protect their courses; the demo's reporting periods go with them (#13).
    from catalogue.models import PerformanceReport, ReportingPeriod

    PerformanceReport.objects.all().delete()
    ReportingPeriod.objects.all().delete()
    Course.objects.all().delete()
    Partner.objects.all().delete()
    load(seed=11, courses=60)
    assert list(Course.objects.order_by("pk").values_list("title", "level", "fee_yen")) == first


def test_too_few_courses_is_refused():
    with pytest.raises(CommandError, match="at least 60"):
        call_command("load_demo", "--courses", "5", stdout=StringIO())
