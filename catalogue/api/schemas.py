"""The shapes of the course and partner API: what anonymous readers and partner tokens send and receive."""

import datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import AliasChoices

from manabi.api.support import MAX_PAGE_SIZE, InputSchema, UtcDateTime
from manabi.prefectures import Prefecture

from ..models import Course
from ..models.courses import SUMMARY_MAX_LENGTH
from ..models.reports import Gender


def codes(obj, relation):
    """Codes of a taxonomy relation in its display order: the list's array column
    (``catalogue.api.public.codes_array``) when the query has one, else the prefetched objects."""
    annotated = getattr(obj, f"{relation}_codes", None)
    if annotated is not None:
        return annotated
    return [item.code for item in getattr(obj, relation).all()]


class PartnerRef(Schema):
    """A course's partner wherever a course appears: lists, details and search hits."""

    id: int
    name: str


class CourseCardOut(Schema):
    """What every course item shows, in lists and search hits alike: one name and type per field.

    Read from a ``Course`` or a search ``SearchHit`` (both have ``partner`` and
    ``get_absolute_url``).
    """

    id: int
    title: str
    summary: str
    level: int
    fee_type: str
    fee_yen: int
    study_hours: float = Field(description="hours, one decimal place")
    delivery: str
    partner: PartnerRef
    public_url: str = Field(description="the course page on this site")

    @staticmethod
    def resolve_public_url(obj):
        return obj.get_absolute_url()


class CourseSummaryOut(CourseCardOut):
    course_type: str
    course_url: str = Field(description="the provider's own page of the course")
    standards: list[str]
    roles: list[str]
    updated_at: UtcDateTime
    listed_until: datetime.date | None

    @staticmethod
    def resolve_course_url(obj):
        return obj.url

    resolve_standards = staticmethod(lambda obj: codes(obj, "standards"))

    resolve_roles = staticmethod(lambda obj: codes(obj, "roles"))


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

    resolve_skill_categories = staticmethod(lambda obj: codes(obj, "skill_categories"))

    resolve_reskill_fields = staticmethod(lambda obj: codes(obj, "reskill_fields"))

    resolve_subsidies = staticmethod(lambda obj: codes(obj, "subsidies"))

    resolve_exams = staticmethod(lambda obj: codes(obj, "exams"))


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


def documented_values(choices, item_type="string"):
    """Document a filter's allowed values; the FilterSet checks them (a 400 naming the parameter, as search)."""
    return {"items": {"type": item_type, "enum": [value for value, _label in choices]}}


class CourseFilterParams(PageParams):
    level: list[int] = Field(
        default_factory=list,
        description="repeat for several",
        json_schema_extra=documented_values(Course.Level.choices, "integer"),
    )
    partner: int | None = None
    standard: list[str] = Field(
        default_factory=list,
        description="skill standard code, e.g. dss-p-1-2",
        json_schema_extra={"items": {"type": "string", "minLength": 1}},
    )
    role: list[str] = Field(
        default_factory=list,
        description="DSS-P role code, e.g. data-engineer",
        json_schema_extra={"items": {"type": "string", "minLength": 1}},
    )
    fee_type: list[str] = Field(
        default_factory=list, json_schema_extra=documented_values(Course.FeeType.choices)
    )
    delivery: list[str] = Field(
        default_factory=list, json_schema_extra=documented_values(Course.Delivery.choices)
    )
    updated_since: datetime.datetime | None = Field(
        None, description="ISO 8601; changed at or after (see also /courses/removed/)"
    )
    after: int | None = Field(
        None, ge=0, description="keyset paging: courses with an id above this one (`page` ignored)"
    )


class RemovedParams(PageParams):
    since: datetime.datetime = Field(
        description="ISO 8601 with offset; courses that left the listing at or after this moment"
    )


class RemovedCourseOut(Schema):
    """A tombstone: a course a mirror should delete (``catalogue.api.public.removals_since``)."""

    id: int
    removed_at: UtcDateTime
    reason: Literal[
        "unpublished",
        "partner_withdrawn",
        "suspended",
        "cancelled",
        "expired",
        "withdrawn",
        "deleted",
    ]


class RemovedCoursePage(Schema):
    count: int
    next: str | None
    previous: str | None
    items: list[RemovedCourseOut]


# ------------------------------------------------------ partner tokens


def one_of(choices):
    """The values of Django ``choices`` as a ``Literal``: an enum in the document, checked on input."""
    return Literal[tuple(value for value, _label in choices)]


Level = one_of(Course.Level.choices)
CourseType = one_of(Course.CourseType.choices)
FeeType = one_of(Course.FeeType.choices)
Delivery = one_of(Course.Delivery.choices)
Language = one_of(Course.Language.choices)
PrefectureCode = one_of(Prefecture.choices)
GenderCode = one_of(Gender.choices)


# Deprecated names still accepted or sent, and the day they go (README, consumer notes).
URL_ALIAS_UNTIL = "2027-05-31"


class CourseIn(InputSchema):
    title: str = Field(min_length=1, max_length=200)
    summary: str = Field(min_length=1, max_length=SUMMARY_MAX_LENGTH)
    description: str = Field(min_length=1, description="HTML: h3, b, ol, ul, a(href) are kept")
    # Checked with the model's rules (http/https only) so that every field's error comes at once.
    # ``url`` was its name until 2026-11; accepted until URL_ALIAS_UNTIL (README, consumer notes).
    course_url: str = Field(
        max_length=500,
        validation_alias=AliasChoices("course_url", "url"),
        description="http:// or https:// URL of the provider's own page of the course "
        f"(`url` is accepted as a deprecated name until {URL_ALIAS_UNTIL})",
    )
    level: Level
    course_type: CourseType = Field(description="level 1: literacy; levels 2–4: practical")
    standards: list[str] = Field(min_length=1, description="skill standard codes")
    roles: list[str] = []
    skill_categories: list[str] = []
    reskill_fields: list[str] = []
    subsidies: list[str] = []
    exams: list[str] = []
    fee_type: FeeType
    fee_yen: int = Field(0, ge=0, description="0 for a free course, more than 0 for a paid one")
    study_hours: float = Field(ge=0.1, le=99999.9, description="hours, one decimal place")
    delivery: Delivery
    venue_prefecture: PrefectureCode | Literal[""] = Field(
        "", description="required for classroom and hybrid delivery"
    )
    individual_application: bool = True
    reskill_certified_until: datetime.date | None = None
    capacity: int | None = Field(None, ge=0)
    schedule: str = Field("", max_length=200)
    language: Language = "ja"
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
    prefecture: PrefectureCode
    gender: GenderCode
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
