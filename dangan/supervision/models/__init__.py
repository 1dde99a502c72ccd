from .findings import (
    FINDING_CATEGORIES,
    OPEN_ORDER_STATUSES,
    Finding,
    OrderStatus,
    RectificationOrder,
    Severity,
)
from .incidents import Incident, IncidentKind, IncidentStatus
from .inspection import (
    Inspection,
    InspectionKind,
    InspectionResult,
    InspectionStatus,
    InspectionTemplate,
    ResultOutcome,
    TemplateItem,
)
from .regulator import NegativeListEntry, Notice, Notification, RegulatorAction

__all__ = [
    "FINDING_CATEGORIES",
    "OPEN_ORDER_STATUSES",
    "Finding",
    "Incident",
    "IncidentKind",
    "IncidentStatus",
    "Inspection",
    "InspectionKind",
    "InspectionResult",
    "InspectionStatus",
    "InspectionTemplate",
    "NegativeListEntry",
    "Notice",
    "Notification",
    "OrderStatus",
    "RectificationOrder",
    "RegulatorAction",
    "ResultOutcome",
    "Severity",
    "TemplateItem",
]
