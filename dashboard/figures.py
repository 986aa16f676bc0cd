"""The dashboard's figures for one fiscal year, each a table; charts and the PDF draw from them.

Every function runs a fixed number of grouped queries, whatever the amount of data.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from catalogue.models import Course, ListingAction, ReportingPeriod, ReportRequest, Role
from community.models import Assertion, Cohort, SurveyPage
from community.models.enrolment import EnrolmentState
from manabi.prefectures import Prefecture
from quest.models import Application, ApplicationChoice, RecruitmentRound


@dataclass
class Section:
    key: str
    title: str
    note: str
    columns: list  # header of each value column
    rows: list = field(default_factory=list)  # (label, [values])
    chart: str = "bar"  # "bar" or "line" (values over months)

    @property
    def total(self):
        return [sum(row[1][i] for row in self.rows) for i in range(len(self.columns))]


def _aware(day, end=False):
    moment = datetime.datetime.combine(day, datetime.time.max if end else datetime.time.min)
    return timezone.make_aware(moment)


def _window(fy):
    return _aware(fy.start), _aware(fy.end, end=True)


def listed_courses(fy):
    """Courses listed at the end of the fiscal year (or today, for the current one)."""
    as_of = min(fy.end, timezone.localdate())
    return Course.objects.listed(as_of).filter(first_published_at__lte=_aware(as_of, end=True))


def courses_by_level_and_type(fy):
    counts = {
        (row["level"], row["course_type"]): row["n"]
        for row in listed_courses(fy).values("level", "course_type").annotate(n=Count("pk"))
    }
    rows = [
        (
            str(level_label),
            [counts.get((level, kind), 0) for kind in Course.CourseType.values],
        )
        for level, level_label in Course.Level.choices
    ]
    return Section(
        "courses_level",
        _("Listed courses by level and type"),
        _("Courses listed at the end of the fiscal year."),
        [str(label) for label in Course.CourseType.labels],
        rows,
    )


def courses_by_role(fy):
    counts = dict(
        Role.objects.annotate(
            n=Count("course", filter=Q(course__in=listed_courses(fy)), distinct=True)
        ).values_list("pk", "n")
    )
    rows = [(role.name, [counts.get(role.pk, 0)]) for role in Role.objects.order_by("sort_order")]
    return Section(
        "courses_role",
        _("Listed courses by role"),
        _("A course teaching several roles counts once for each."),
        [pgettext("chart series", "Courses")],
        rows,
    )


def listing_changes(fy):
    start, end = _window(fy)

    def per_month(queryset, field_name):
        return {
            (row["month"].year, row["month"].month): row["n"]
            for row in queryset.annotate(month=TruncMonth(field_name))
            .values("month")
            .annotate(n=Count("pk"))
        }

    new = per_month(
        Course.objects.filter(first_published_at__range=(start, end)), "first_published_at"
    )
    expiring = per_month(
        Course.objects.filter(listed_until__range=(fy.start, fy.end)), "listed_until"
    )
    cancelled = per_month(
        ListingAction.objects.filter(
            action=ListingAction.Action.CANCEL, created_at__range=(start, end)
        ),
        "created_at",
    )
    rows = [
        (
            f"{year}年{month}月",
            [
                new.get((year, month), 0),
                expiring.get((year, month), 0),
                cancelled.get((year, month), 0),
            ],
        )
        for year, month in fy.months()
    ]
    return Section(
        "listing_changes",
        _("New, expiring and cancelled listings"),
        _("Per month: listings started, listing periods ending, and cancellations."),
        [pgettext("listing changes", "New"), _("Expiring"), _("Cancelled")],
        rows,
        chart="line",
    )


def reporting_compliance(fy):
    periods = ReportingPeriod.objects.filter(
        due_date__range=(fy.start, fy.end), opened_at__isnull=False
    ).order_by("due_date")
    today = timezone.localdate()
    requests = ReportRequest.objects.with_filed().filter(period__in=periods)
    counts = {
        row["period"]: row
        for row in requests.values("period").annotate(
            requested=Count("pk"),
            filed_n=Count("pk", filter=Q(filed=True)),
        )
    }
    rows = []
    for period in periods:
        row = counts.get(period.pk, {"requested": 0, "filed_n": 0})
        outstanding = row["requested"] - row["filed_n"]
        overdue = outstanding if period.due_date < today else 0
        rows.append((period.title, [row["requested"], row["filed_n"], overdue]))
    return Section(
        "reporting",
        _("Performance-report compliance"),
        _("Per reporting period due in the fiscal year: reports requested, filed, and overdue."),
        [_("Requested"), _("Filed"), _("Overdue")],
        rows,
    )


def applications_by_programme(fy):
    start, end = _window(fy)
    rows = [
        (row["programme__title"], [row["n"]])
        for row in ApplicationChoice.objects.filter(
            rank=1, application__created_at__range=(start, end)
        )
        .values("programme__title")
        .annotate(n=Count("pk"))
        .order_by("-n", "programme__title")
    ]
    return Section(
        "applications_programme",
        _("Applications by programme (first choice)"),
        _("Applications received in the fiscal year, by their first-choice programme."),
        [pgettext("chart series", "Applications")],
        rows,
    )


def applications_by_region(fy):
    start, end = _window(fy)
    counts = dict(
        Application.objects.filter(created_at__range=(start, end))
        .values_list("prefecture")
        .annotate(n=Count("pk"))
    )
    rows = [(str(label), [counts[code]]) for code, label in Prefecture.choices if counts.get(code)]
    return Section(
        "applications_region",
        _("Applications by prefecture"),
        _("Prefectures with at least one application in the fiscal year."),
        [pgettext("chart series", "Applications")],
        rows,
    )


def applications_by_round(fy):
    start, end = _window(fy)
    rows = [
        (r.name, [r.n])
        for r in RecruitmentRound.objects.filter(announcement_at__range=(start, end))
        .annotate(n=Count("applications"))
        .order_by("announcement_at")
    ]
    return Section(
        "applications_round",
        _("Applications by recruitment round"),
        _("Rounds announced in the fiscal year."),
        [pgettext("chart series", "Applications")],
        rows,
    )


def community_by_cohort(fy):
    cohorts = Cohort.objects.filter(fiscal_year=fy.year).annotate(
        members=Count(
            "enrolments", filter=Q(enrolments__state=EnrolmentState.APPROVED), distinct=True
        ),
    )
    badges = dict(
        Assertion.objects.active()
        .filter(member__enrolment__cohort__fiscal_year=fy.year)
        .values_list("member__enrolment__cohort")
        .annotate(n=Count("pk"))
    )
    rows = [(c.name, [c.members, badges.get(c.pk, 0)]) for c in cohorts.order_by("layer", "name")]
    return Section(
        "community",
        _("Community members and badges by cohort"),
        _(
            "Approved members of the fiscal year's cohorts, and badges issued to them (not revoked)."
        ),
        [pgettext("chart series", "Members"), _("Badges")],
        rows,
    )


def survey_response_rates(fy):
    start, end = _window(fy)
    surveys = (
        SurveyPage.objects.filter(opens_at__range=(start, end))
        .annotate(
            invited=Count("invitations", distinct=True),
            answered=Count(
                "invitations", filter=Q(invitations__answered_at__isnull=False), distinct=True
            ),
        )
        .order_by("opens_at")
    )
    rows = [(s.title, [s.invited, s.answered]) for s in surveys]
    return Section(
        "surveys",
        _("Survey response rates"),
        _("Surveys opened in the fiscal year: invitations sent and answered."),
        [pgettext("chart series", "Invited"), _("Answered")],
        rows,
    )


def dashboard_sections(fy):
    """Every section of the dashboard and of the annual report, in order."""
    return [
        courses_by_level_and_type(fy),
        courses_by_role(fy),
        listing_changes(fy),
        reporting_compliance(fy),
        applications_by_programme(fy),
        applications_by_region(fy),
        applications_by_round(fy),
        community_by_cohort(fy),
        survey_response_rates(fy),
    ]
