"""A partner's own endpoints, authenticated by a Wagtail ``APIToken`` of one of its users.

Tokens create and change their own drafts and submit them to review; no
endpoint here publishes anything.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from ninja import Query, Router, Status
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.api.v3.errors import ProblemDetail, problem_response

from manabi.api.support import paginate, refuse_unknown_parameters, validation_problem

from ..models import (
    Course,
    Exam,
    PerformanceReport,
    PerformanceReportRow,
    ReskillField,
    Role,
    SkillCategory,
    SkillStandard,
    Subsidy,
)
from ..permissions import partner_for
from ..services import roles_for_level
from .schemas import (
    CourseDetailOut,
    CourseIn,
    OwnCourseOut,
    OwnCoursePage,
    PageParams,
    ReportIn,
    ReportOut,
)

partner_api = Router(tags=["partner (authenticated)"], auth=BearerTokenAuth())


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


# Model fields whose API name differs: the provider's URL is ``course_url`` everywhere in the
# API, because ``public_url`` is the page on this site.
API_NAMES = {"url": "course_url"}


def apply_course_data(course, data):
    """Set fields and relations from ``CourseIn``, validate as the admin form does.

    Errors are keyed by the API's field names.
    """
    values = data.dict()
    for model_name, api_name in API_NAMES.items():
        values[model_name] = values.pop(api_name)
    relations = {name: values.pop(name) for name in TAXONOMY_FIELDS}
    # The model keeps hours as a decimal with one place; a float's str() is its shortest form.
    values["study_hours"] = Decimal(str(values["study_hours"]))
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
        raise ValidationError({API_NAMES.get(name, name): msgs for name, msgs in errors.items()})
    roles = roles_for_level(course.level, resolved["standards"])
    if roles is not None:
        resolved["roles"] = list(roles)
    for name, objects in resolved.items():
        getattr(course, name).set(objects)


@partner_api.get(
    "/courses/",
    response={200: OwnCoursePage, 400: ProblemDetail},
    summary="Your organisation's courses, drafts included",
    operation_id="partner_courses_list",
)
def own_courses(request: HttpRequest, params: Query[PageParams]):
    if refused := refuse_unknown_parameters(request, PageParams):
        return refused
    partner = require_partner(request)
    queryset = Course.objects.filter(partner=partner).order_by("pk")
    page = paginate(request, queryset, params.page, params.page_size)
    page["items"] = [c.get_latest_revision_as_object() for c in page["items"]]
    return Status(200, page)


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
    response={200: OwnCourseOut, 403: ProblemDetail, 404: ProblemDetail, 409: ProblemDetail},
    summary="Submit the latest draft to review (never publishes)",
    description="409 when the course is already in review, or when it is live and has no "
    "change since publication (nothing to review).",
    operation_id="partner_courses_submit",
)
def submit_course(request: HttpRequest, course_id: int):
    course = own_course(request, course_id)
    workflow_state = course.current_workflow_state
    if workflow_state and workflow_state.status == workflow_state.STATUS_NEEDS_CHANGES:
        workflow_state.resume(request.user)
    elif course.workflow_in_progress:
        return conflict("The course is already in review.")
    elif course.live and not course.has_unpublished_changes:
        return conflict("Nothing to review: the course has not changed since it was published.")
    else:
        course.get_workflow().start(course, request.user)
    course.refresh_from_db()
    return Status(200, course)


@partner_api.post(
    "/courses/{course_id}/withdraw/",
    response={200: OwnCourseOut, 404: ProblemDetail, 409: ProblemDetail},
    summary="Withdraw your submission from review; the draft stays as it is",
    description="409 when the course is not in review.",
    operation_id="partner_courses_withdraw",
)
def withdraw_submission(request: HttpRequest, course_id: int):
    course = own_course(request, course_id)
    workflow_state = course.current_workflow_state
    if workflow_state is None:
        return conflict("The course is not in review.")
    workflow_state.cancel(user=request.user)
    course.refresh_from_db()
    return Status(200, course)


def conflict(detail):
    return problem_response(status=409, detail=detail)


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
