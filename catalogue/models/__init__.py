from .courses import Course, CourseQuerySet
from .lifecycle import ChangeNotice, DeletedCourse, ListingAction
from .partners import Partner, PartnerMember
from .publication import CourseNotPublishable
from .reporting import ReportingItem, ReportingPeriod, ReportRequest
from .reports import PerformanceReport, PerformanceReportRow
from .review import CriteriaChecklistTask, ListingCriterion
from .taxonomy import (
    Exam,
    ReskillField,
    Role,
    RoleCategory,
    SkillCategory,
    SkillStandard,
    Subsidy,
)

__all__ = [
    "ChangeNotice",
    "Course",
    "CourseNotPublishable",
    "CourseQuerySet",
    "CriteriaChecklistTask",
    "DeletedCourse",
    "Exam",
    "ListingAction",
    "ListingCriterion",
    "Partner",
    "PartnerMember",
    "PerformanceReport",
    "PerformanceReportRow",
    "ReportRequest",
    "ReportingItem",
    "ReportingPeriod",
    "ReskillField",
    "Role",
    "RoleCategory",
    "SkillCategory",
    "SkillStandard",
    "Subsidy",
]
