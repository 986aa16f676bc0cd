from .applications import Application, ApplicationChoice, CompanyIntake, ExportLog
from .operators import Operator, RecruitmentRound
from .pages import (
    InterviewIndexPage,
    InterviewPage,
    LeafletIndexPage,
    LeafletPage,
    Material,
    MaterialIndexPage,
    ProgrammeIndexPage,
    ProgrammeKind,
    ProgrammePage,
    QuestHomePage,
)
from .privacy import PersonalDataRequest

__all__ = [
    "Application",
    "ApplicationChoice",
    "CompanyIntake",
    "ExportLog",
    "InterviewIndexPage",
    "InterviewPage",
    "LeafletIndexPage",
    "LeafletPage",
    "Material",
    "MaterialIndexPage",
    "Operator",
    "PersonalDataRequest",
    "ProgrammeIndexPage",
    "ProgrammeKind",
    "ProgrammePage",
    "QuestHomePage",
    "RecruitmentRound",
]
