"""Public, read-only course and partner endpoints, and a partner's own authenticated endpoints.

Anonymous reads show only live, listed courses and approved partners.
Partner tokens (Wagtail ``APIToken``) create and change their own drafts and
submit them to review; no endpoint here publishes anything.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.api.v3.errors import ProblemDetail

from manabi.api_support import (
    MAX_PAGE_SIZE,
    InputSchema,
    invalid_parameters,
    paginate,
    validation_problem,
)

from .filters import CourseFilter
from .models import (
    Course,
    Exam,
    Partner,
    PerformanceReport,
    PerformanceReportRow,
    ReskillField,
    Role,
    SkillCategory,
    SkillStandard,
    Subsidy,
)
from .permissions import partner_for

courses_router = Router(tags=["courses"])
partners_router = Router(tags=["partners"])
partner_api = Router(tags=["partner (authenticated)"], auth=BearerTokenAuth())

COURSE_RELATIONS = (
    "standards",
    "roles",
    "skill_categories",
    "reskill_fields",
    "subsidies",
    "exams",
)


# -------------------------------------------------------------------- schemas


def codes(related):
    """Codes of a prefetched taxonomy relation, in its display order."""
    return [item.code for item in related.all()]


class PartnerRef(Schema):
    id: int
    name: str


class CourseSummaryOut(Schema):
    id: int
    title: str
    summary: str
    level: int
    course_type: str
    fee_type: str
    fee_yen: int
    study_hours: Decimal
    delivery: str
    partner: PartnerRef
    public_url: str
    course_url: str = Field(alias="url")
    standards: list[str]
    roles: list[str]
    updated_at: datetime.datetime
    listed_until: datetime.date | None

    @staticmethod
    def resolve_public_url(obj):
        return obj.get_absolute_url()

    resolve_standards = staticmethod(lambda obj: codes(obj.standards))

    resolve_roles = staticmethod(lambda obj: codes(obj.roles))


class CourseDetailOut(CourseSummaryOut):
    description: str
    skill_categories: list[str]
    reskill_fields: list[str]
    subsidies: list[str]
    exams: list[str]
    individual_application: bool
    venue_prefecture: str
    reskill_certified_until: datetime.date | None
    capacity: int | None
    schedule: str
    language: str
    prerequisites: str
    listed_from: datetime.date | None

    resolve_skill_categories = staticmethod(lambda obj: codes(obj.skill_categories))

    resolve_reskill_fields = staticmethod(lambda obj: codes(obj.reskill_fields))

    resolve_subsidies = staticmethod(lambda obj: codes(obj.subsidies))

    resolve_exams = staticmethod(lambda obj: codes(obj.exams))


class CoursePage(Schema):
    count: int
    next: str | None
    previous: str | None
    items: list[CourseSummaryOut]


class PartnerOut(Schema):
    """Public partner fields only: no contact person, e-mail or phone."""

    id: int
    name: str
    name_kana: str
    corporate_number: str
    prefecture: str
    website: str
    description: str


class PartnerPage(Schema):
    count: int
    next: str | None
    previous: str | None
    items: list[PartnerOut]


class PageParams(Schema):
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


class CourseFilterParams(PageParams):
    level: list[int] = Field(default_factory=list, description="1–4; repeat for several")
    partner: int | None = None
    standard: list[str] = Field(
        default_factory=list, description="skill standard code, e.g. dss-p-1-2"
    )
    role: list[str] = Field(default_factory=list, description="DSS-P role code, e.g. data-engineer")
    fee_type: list[str] = Field(default_factory=list, description="free, paid, partly_free")
    delivery: list[str] = Field(
        default_factory=list, description="online_live, on_demand, classroom, hybrid"
    )
    updated_since: datetime.datetime | None = Field(
        None, description="ISO 8601; changed at or after"
    )


# ---------------------------------------------------------------- public reads


def listed_courses():
    return (
        Course.objects.listed()
        .select_related("partner")
        .prefetch_related(*COURSE_RELATIONS)
        .order_by("pk")
    )


@courses_router.get(
    "/",
    response={200: CoursePage, 400: ProblemDetail},
    summary="List live, listed courses",
    operation_id="courses_list",
    description="Complete listing for synchronisation, in a stable order (by id). "
    "Use `updated_since` to fetch only what changed.",
)
def list_courses(request: HttpRequest, params: Query[CourseFilterParams]):
    filterset = CourseFilter(request.GET, queryset=listed_courses())
    if not filterset.is_valid():
        return invalid_parameters(filterset.errors)
    queryset = filterset.qs
    # One pass over the listing gives both the count and Last-Modified.
    totals = queryset.order_by().aggregate(count=Count("pk"), latest=Max("updated_at"))
    request.last_modified = totals["latest"]
    return Status(
        200, paginate(request, queryset, params.page, params.page_size, count=totals["count"])
    )


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
    response=PartnerPage,
    summary="List approved partners",
    operation_id="partners_list",
)
def list_partners(request: HttpRequest, params: Query[PageParams]):
    queryset = approved_partners()
    totals = queryset.order_by().aggregate(count=Count("pk"), latest=Max("updated_at"))
    request.last_modified = totals["latest"]
    return paginate(request, queryset, params.page, params.page_size, count=totals["count"])


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


# ------------------------------------------------------ partner's own endpoints


class CourseIn(InputSchema):
    title: str = Field(max_length=200)
    summary: str = Field(max_length=200)
    description: str = ""
    url: str
    level: int
    course_type: str
    standards: list[str]
    roles: list[str] = []
    skill_categories: list[str] = []
    reskill_fields: list[str] = []
    subsidies: list[str] = []
    exams: list[str] = []
    fee_type: str
    fee_yen: int = 0
    study_hours: Decimal
    delivery: str
    venue_prefecture: str = ""
    individual_application: bool = True
    reskill_certified_until: datetime.date | None = None
    capacity: int | None = None
    schedule: str = ""
    language: str = "ja"
    prerequisites: str = ""


class OwnCourseOut(Schema):
    id: int
    title: str
    live: bool
    has_unpublished_changes: bool
    in_review: bool
    listing_state: str
    latest_revision_id: int | None

    @staticmethod
    def resolve_in_review(obj):
        return obj.workflow_in_progress


class OwnCoursePage(Schema):
    count: int
    next: str | None
    previous: str | None
    items: list[OwnCourseOut]


class ReportRowIn(InputSchema):
    prefecture: str
    gender: str
    learners: int = Field(ge=0)
    completers: int = Field(ge=0)


class ReportIn(InputSchema):
    course_id: int
    period_start: datetime.date
    period_end: datetime.date
    sessions_held: int = Field(0, ge=0)
    evaluation_summary: str = ""
    comments: str = ""
    complaints: str = ""
    rows: list[ReportRowIn]


class ReportOut(Schema):
    id: int
    course_id: int
    period_start: datetime.date
    period_end: datetime.date


TAXONOMY_FIELDS = {
    "standards": SkillStandard,
    "roles": Role,
    "skill_categories": SkillCategory,
    "reskill_fields": ReskillField,
    "subsidies": Subsidy,
    "exams": Exam,
}


def require_partner(request):
    partner = partner_for(request.user)
    if partner is None:
        raise PermissionDenied("This token does not belong to a partner's user.")
    return partner


def own_course(request, course_id):
    partner = require_partner(request)
    course = Course.objects.filter(partner=partner, pk=course_id).first()
    if course is None:
        # Another partner's course is indistinguishable from a missing one.
        raise Http404("No such course.")
    return course


def apply_course_data(course, data):
    """Set fields and relations from ``CourseIn``, validate as the admin form does."""
    values = data.dict()
    relations = {name: values.pop(name) for name in TAXONOMY_FIELDS}
    for name, value in values.items():
        setattr(course, name, value)
    errors = {}
    resolved = {}
    for name, model in TAXONOMY_FIELDS.items():
        codes = relations[name]
        found = list(model.objects.filter(code__in=codes))
        unknown = sorted(set(codes) - {obj.code for obj in found})
        if unknown:
            errors[name] = [f"Unknown codes: {', '.join(unknown)}"]
        resolved[name] = found
    try:
        course.full_clean(exclude=["partner", *TAXONOMY_FIELDS])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if "standards" not in errors:
        try:
            course.clean_standards(resolved["standards"])
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    from .services import roles_for_level

    roles = roles_for_level(course.level, resolved["standards"])
    if roles is not None:
        resolved["roles"] = list(roles)
    for name, objects in resolved.items():
        getattr(course, name).set(objects)


@partner_api.get(
    "/courses/",
    response=OwnCoursePage,
    summary="Your organisation's courses, drafts included",
    operation_id="partner_courses_list",
)
def own_courses(request: HttpRequest, params: Query[PageParams]):
    partner = require_partner(request)
    queryset = Course.objects.filter(partner=partner).order_by("pk")
    page = paginate(request, queryset, params.page, params.page_size)
    page["items"] = [c.get_latest_revision_as_object() for c in page["items"]]
    return page


@partner_api.get(
    "/courses/{course_id}/",
    response={200: CourseDetailOut, 404: ProblemDetail},
    summary="Your course as last saved (draft included)",
    operation_id="partner_courses_detail",
)
def own_course_detail(request: HttpRequest, course_id: int):
    return Status(200, own_course(request, course_id).get_latest_revision_as_object())


@partner_api.post(
    "/courses/",
    response={201: OwnCourseOut, 403: ProblemDetail, 422: ProblemDetail},
    summary="Create a course draft",
    operation_id="partner_courses_create",
)
def create_course(request: HttpRequest, data: CourseIn):
    partner = require_partner(request)
    try:
        with transaction.atomic():
            course = Course(partner=partner, live=False)
            apply_course_data(course, data)
            course.save()
            course.save_revision(user=request.user)
    except ValidationError as exc:
        return validation_problem(exc)
    return Status(201, course)


@partner_api.patch(
    "/courses/{course_id}/",
    response={200: OwnCourseOut, 404: ProblemDetail, 422: ProblemDetail},
    summary="Change a course: saves a new draft; a live course stays online unchanged",
    operation_id="partner_courses_update",
)
def update_course(request: HttpRequest, course_id: int, data: CourseIn):
    course = own_course(request, course_id)
    if course.workflow_in_progress:
        raise PermissionDenied("The course is in review; wait for the result before changing it.")
    try:
        with transaction.atomic():
            draft = course.get_latest_revision_as_object()
            apply_course_data(draft, data)
            if not course.live:
                draft.save()
            draft.save_revision(user=request.user)
    except ValidationError as exc:
        return validation_problem(exc)
    course.refresh_from_db()
    return Status(200, course)


@partner_api.post(
    "/courses/{course_id}/submit/",
    response={200: OwnCourseOut, 404: ProblemDetail, 403: ProblemDetail},
    summary="Submit the latest draft to review (never publishes)",
    operation_id="partner_courses_submit",
)
def submit_course(request: HttpRequest, course_id: int):
    course = own_course(request, course_id)
    workflow_state = course.current_workflow_state
    if workflow_state and workflow_state.status == workflow_state.STATUS_NEEDS_CHANGES:
        workflow_state.resume(request.user)
    elif course.workflow_in_progress:
        raise PermissionDenied("The course is already in review.")
    else:
        course.get_workflow().start(course, request.user)
    course.refresh_from_db()
    return Status(200, course)


@partner_api.post(
    "/reports/",
    response={201: ReportOut, 404: ProblemDetail, 422: ProblemDetail},
    summary="File a performance report for one of your courses",
    operation_id="partner_reports_create",
)
def file_report(request: HttpRequest, data: ReportIn):
    course = own_course(request, data.course_id)
    values = data.dict()
    rows = values.pop("rows")
    values.pop("course_id")
    report = PerformanceReport(course=course, submitted_by=request.user, **values)
    errors = {}
    try:
        report.full_clean()
    except ValidationError as exc:
        errors.update(exc.message_dict)
    row_objects = [PerformanceReportRow(report=report, **row) for row in rows]
    seen = set()
    for index, row in enumerate(row_objects):
        try:
            row.full_clean(exclude=["report"])
        except ValidationError as exc:
            errors.update({f"rows[{index}].{k}": v for k, v in exc.message_dict.items()})
        if (row.prefecture, row.gender) in seen:
            errors[f"rows[{index}]"] = ["The same prefecture and gender appear twice."]
        seen.add((row.prefecture, row.gender))
    if errors:
        return validation_problem(ValidationError(errors))
    with transaction.atomic():
        report.save()
        for row in row_objects:
            row.report = report
        PerformanceReportRow.objects.bulk_create(row_objects)
    return Status(201, report)
