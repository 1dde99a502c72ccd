from .rounds import (
    ACTIVE_STATUSES,
    CHECK_ITEMS,
    AcceptanceRound,
    CatalogSource,
    Decision,
    QcFinding,
    RoundStatus,
    SampleItem,
    SampleResult,
    Verdict,
)

__all__ = [
    "ACTIVE_STATUSES",
    "CHECK_ITEMS",
    "AcceptanceRound",
    "CatalogSource",
    "Decision",
    "QcFinding",
    "RoundStatus",
    "SampleItem",
    "SampleResult",
    "Verdict",
]
