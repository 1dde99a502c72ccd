from .handover import (
    BatchStatus,
    CustodyIncident,
    Direction,
    HandoverBatch,
    HandoverItem,
    IncidentKind,
    ReceivedStatus,
)
from .units import (
    AT_HOME_STATES,
    OUTSTANDING_STATES,
    ArchiveUnit,
    CustodyState,
    ProjectUnit,
    UnitLevel,
    is_classified_text,
)

__all__ = [
    "AT_HOME_STATES",
    "OUTSTANDING_STATES",
    "ArchiveUnit",
    "BatchStatus",
    "CustodyIncident",
    "CustodyState",
    "Direction",
    "HandoverBatch",
    "HandoverItem",
    "IncidentKind",
    "ProjectUnit",
    "ReceivedStatus",
    "UnitLevel",
    "is_classified_text",
]
