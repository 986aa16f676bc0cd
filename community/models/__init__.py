from .badges import Assertion, BadgeAlignment, BadgeClass, Issuer
from .cohorts import Cohort, Layer
from .enrolment import Enrolment, EnrolmentEvent, EnrolmentState
from .hearings import Hearing, HearingAttachment
from .imports import MemberImport
from .members import Completion, Member, MemberToken
from .quest_link import CompletionCheck
from .surveys import SurveyInvitation, SurveyPage, SurveyQuestion, SurveyResponse

__all__ = [
    "Assertion",
    "BadgeAlignment",
    "BadgeClass",
    "Cohort",
    "Completion",
    "CompletionCheck",
    "Enrolment",
    "EnrolmentEvent",
    "EnrolmentState",
    "Hearing",
    "HearingAttachment",
    "Issuer",
    "Layer",
    "Member",
    "MemberImport",
    "MemberToken",
    "SurveyInvitation",
    "SurveyPage",
    "SurveyQuestion",
    "SurveyResponse",
]
