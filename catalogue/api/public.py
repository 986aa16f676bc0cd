"""Public, read-only course and partner endpoints.

Anonymous reads show only live, listed courses and approved partners.
"""

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
from .schemas import (
    CourseDetailOut,
    CourseFilterParams,
    CoursePage,
    CourseSummaryOut,
    PageParams,
    PartnerOut,
    PartnerPage,
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
# The columns a list item shows: not the description's rich text, nor Wagtail's
# revision and workflow columns. Kept in step with the schema: its fields that are columns,
# plus what its resolvers read (``course_url`` is ``url``; ``public_url`` needs the id only).
SUMMARY_FIELDS = (
    *(
        field.name
        for field in Course._meta.concrete_fields
        if field.name in CourseSummaryOut.model_fields and field.name != "partner"
    ),
    "url",
    "partner__id",
    "partner__name",
)


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


def course_summaries():
    """Listed courses as a list item shows them (``CourseSummaryOut``), in id order."""
    courses = listed_courses(relations=()).only(*SUMMARY_FIELDS)
    if connection.vendor != "postgresql":
        # The quick start's SQLite has no arrays: one query more per relation.
        return courses.prefetch_related(*SUMMARY_RELATIONS)
    return courses.annotate(**{f"{name}_codes": codes_array(name) for name in SUMMARY_RELATIONS})


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
    filterset = CourseFilter(request.GET, queryset=course_summaries())
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
    if params.after is not None:
        page = paginate_after(request, queryset, params.after, params.page_size, totals["count"])
    else:
        page = paginate(request, queryset, params.page, params.page_size, count=totals["count"])
    return Status(200, page)


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
