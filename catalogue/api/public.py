"""Public, read-only course and partner endpoints.

Anonymous reads show only live, listed courses and approved partners.
"""

import functools

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import Case, CharField, Count, F, Max, OuterRef, Q, Value, When
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from wagtail.api.v3.errors import ProblemDetail

from manabi.api.support import (
    as_utc,
    cached_for_catalogue_version,
    invalid_parameters,
    paginate,
    paginate_after,
    refuse_unknown_parameters,
)

from ..filters import CourseFilter
from ..models import Course, DeletedCourse, Partner
from ..models.courses import course_page_url
from .schemas import (
    CourseDetailOut,
    CourseFilterParams,
    CoursePage,
    CourseSummaryOut,
    PageParams,
    PartnerOut,
    PartnerPage,
    PartnerRef,
    RemovedCoursePage,
    RemovedParams,
)

courses_router = Router(tags=["courses"])
partners_router = Router(tags=["partners"])

COURSE_RELATIONS = (
    "standards",
    "roles",
    "skill_categories",
    "reskill_fields",
    "subsidies",
    "exams",
)


# The relations a list item shows (CourseSummaryOut); the detail shows them all.
SUMMARY_RELATIONS = ("standards", "roles")
# The columns a list item shows, read as rows (``values``): not the description's rich text,
# nor Wagtail's revision and workflow columns. Kept in step with the schema: its fields that
# are columns, plus what ``summary_item`` reads (``course_url`` is ``url``; ``public_url``
# needs the id only).
SUMMARY_COLUMNS = tuple(
    field.name
    for field in Course._meta.concrete_fields
    if field.name in CourseSummaryOut.model_fields and field.name != "partner"
)
SUMMARY_VALUES = (*SUMMARY_COLUMNS, "url", "partner_id", "partner__name")


def codes_array(relation):
    """The codes of a many-to-many relation of each course as one array column, in display order.

    A list page then needs one query, not one more per relation (``prefetch_related``).
    """
    field = Course._meta.get_field(relation)
    related = field.related_model
    return ArraySubquery(
        related.objects.filter(**{field.related_query_name(): OuterRef("pk")})
        .order_by(*related._meta.ordering)
        .values("code")
    )


@functools.cache
def summary_codes():
    """The code arrays of a list item, built once (annotating copies them)."""
    return {f"{name}_codes": codes_array(name) for name in SUMMARY_RELATIONS}


def summary_rows(courses):
    """``courses`` as the rows a list item is made of (``summary_items``), in id order."""
    rows = courses.order_by("pk").values(*SUMMARY_VALUES)
    if connection.vendor != "postgresql":
        return rows  # the quick start's SQLite has no arrays: ``attach_codes`` reads them
    return rows.annotate(**summary_codes())


def attach_codes(rows):
    """On SQLite, the codes of each relation for a page of rows: one query per relation."""
    if connection.vendor == "postgresql" or not rows:
        return rows
    ids = [row["id"] for row in rows]
    for name in SUMMARY_RELATIONS:
        field = Course._meta.get_field(name)
        related = field.related_model
        by_course = {row["id"]: [] for row in rows}
        pairs = (
            related.objects.filter(**{f"{field.related_query_name()}__in": ids})
            .order_by(*related._meta.ordering)
            .values_list(field.related_query_name(), "code")
        )
        for course_id, code in pairs:
            by_course[course_id].append(code)
        for row in rows:
            row[f"{name}_codes"] = by_course[row["id"]]
    return rows


def summary_items(rows):
    """List items (``CourseSummaryOut``) from ``summary_rows``, without validating each field again.

    The rows come from the database in the schema's types; building the items directly
    (``model_construct``) skips ninja's per-field resolution through ``DjangoGetter``,
    most of a list request's time. ninja serialises them as usual, so the JSON is the
    schema's (``tests/api/test_public_api.py`` compares both for the same courses).
    """
    construct = CourseSummaryOut.model_construct
    partner = PartnerRef.model_construct
    items = []
    for row in attach_codes(rows):
        fields = {name: row[name] for name in SUMMARY_COLUMNS}
        fields["study_hours"] = float(row["study_hours"])
        fields["partner"] = partner(id=row["partner_id"], name=row["partner__name"])
        fields["public_url"] = course_page_url(row["id"])
        fields["course_url"] = row["url"]
        for name in SUMMARY_RELATIONS:
            fields[name] = row[f"{name}_codes"]
        items.append(construct(**fields))
    return items


def listed_courses(relations=COURSE_RELATIONS):
    return (
        Course.objects.listed()
        .select_related("partner")
        .prefetch_related(*relations)
        .order_by("pk")
    )


@courses_router.get(
    "/",
    response={200: CoursePage, 400: ProblemDetail},
    summary="List live, listed courses",
    operation_id="courses_list",
    description="Complete listing for synchronisation, in a stable order (by id). "
    "Use `updated_since` to fetch only what changed and `/courses/removed/` for what left. "
    "For deep paging use `after` (the last id you have): `next` then continues by id.",
)
def list_courses(request: HttpRequest, params: Query[CourseFilterParams]):
    if refused := refuse_unknown_parameters(request, CourseFilterParams):
        return refused
    filterset = CourseFilter(request.GET, queryset=Course.objects.listed())
    if not filterset.is_valid():
        return invalid_parameters(filterset.errors)
    queryset = filterset.qs
    # One pass over the listing gives both the count and Last-Modified; every page
    # of the same filters shares it until the catalogue changes.
    totals = cached_for_catalogue_version(
        request,
        "course-totals",
        lambda: queryset.order_by().aggregate(count=Count("pk"), latest=Max("updated_at")),
    )
    request.last_modified = totals["latest"]
    rows = summary_rows(queryset)
    if params.after is not None:
        page = paginate_after(request, rows, params.after, params.page_size, totals["count"])
    else:
        page = paginate(request, rows, params.page, params.page_size, count=totals["count"])
    page["items"] = summary_items(page["items"])
    return Status(200, CoursePage.model_construct(**page))


def removals_since(since):
    """Tombstones at or after ``since``, oldest first: ``{id, removed_at, reason}`` rows.

    Courses once published that are no longer listed (the reason from their state),
    and courses deleted outright (``DeletedCourse``), in one query.
    """
    reason = Case(
        When(~Q(listing_state=Course.ListingState.ACTIVE), then=F("listing_state")),
        When(partner__live=False, then=Value("partner_withdrawn")),
        default=Value("unpublished"),
        output_field=CharField(),
    )
    unlisted = (
        Course.objects.filter(first_published_at__isnull=False, updated_at__gte=since)
        .exclude(pk__in=Course.objects.listed().values("pk"))
        .annotate(removed_at=F("updated_at"), reason=reason)
        .order_by()
        .values("id", "removed_at", "reason")
    )
    deleted = (
        DeletedCourse.objects.filter(deleted_at__gte=since)
        .annotate(removed_at=F("deleted_at"), reason=Value("deleted", output_field=CharField()))
        .order_by()
        .values("course_id", "removed_at", "reason")
    )
    return unlisted.union(deleted, all=True).order_by("removed_at", "id")


@courses_router.get(
    "/removed/",
    response={200: RemovedCoursePage, 400: ProblemDetail},
    summary="Courses that left the listing since a moment (tombstones for sync)",
    operation_id="courses_removed",
    description="Every course once published that is no longer listed and changed at or after "
    "`since`: unpublished, suspended, cancelled, expired, withdrawn, its partner's approval "
    "withdrawn, or deleted. A mirror syncing with `updated_since` deletes these ids; a course "
    "listed again appears in `/courses/?updated_since=` once more.",
)
def removed_courses(request: HttpRequest, params: Query[RemovedParams]):
    if refused := refuse_unknown_parameters(request, RemovedParams):
        return refused
    removals = removals_since(as_utc(params.since))
    return Status(200, paginate(request, removals, params.page, params.page_size))


@courses_router.get(
    "/{course_id}/",
    response={200: CourseDetailOut, 404: ProblemDetail},
    summary="One live, listed course",
    operation_id="courses_detail",
)
def course_detail(request: HttpRequest, course_id: int):
    course = get_object_or_404(listed_courses(), pk=course_id)
    request.last_modified = course.updated_at
    return Status(200, course)


def approved_partners():
    return Partner.objects.filter(live=True).order_by("pk")


@partners_router.get(
    "/",
    response={200: PartnerPage, 400: ProblemDetail},
    summary="List approved partners",
    operation_id="partners_list",
)
def list_partners(request: HttpRequest, params: Query[PageParams]):
    if refused := refuse_unknown_parameters(request, PageParams):
        return refused
    queryset = approved_partners()
    totals = queryset.order_by().aggregate(count=Count("pk"), latest=Max("updated_at"))
    request.last_modified = totals["latest"]
    return Status(
        200, paginate(request, queryset, params.page, params.page_size, count=totals["count"])
    )


@partners_router.get(
    "/{partner_id}/",
    response={200: PartnerOut, 404: ProblemDetail},
    summary="One approved partner",
    operation_id="partners_detail",
)
def partner_detail(request: HttpRequest, partner_id: int):
    partner = get_object_or_404(approved_partners(), pk=partner_id)
    request.last_modified = partner.updated_at
    return Status(200, partner)
