from .contract import Contract, ContractClause
from .evaluation import EVALUATION_CRITERIA, ProviderEvaluation, RegionFilingPolicy
from .project import Project, ProjectStaffAssignment, ProjectStatus
from .scope import ArchiveGroup, OperatingRule, ResponsiblePerson, Site
from .selection import Candidate, SelectionDecision

__all__ = [
    "EVALUATION_CRITERIA",
    "ArchiveGroup",
    "Candidate",
    "Contract",
    "ContractClause",
    "OperatingRule",
    "Project",
    "ProjectStaffAssignment",
    "ProjectStatus",
    "ProviderEvaluation",
    "RegionFilingPolicy",
    "ResponsiblePerson",
    "SelectionDecision",
    "Site",
]
