from .registry import (
    BadRecord,
    Equipment,
    ProviderProfile,
    Qualification,
    Shareholder,
    Software,
    StaffMember,
    TrainingRecord,
)

__all__ = [
    "BadRecord",
    "Equipment",
    "ProviderProfile",
    "Qualification",
    "Shareholder",
    "Software",
    "StaffMember",
    "TrainingRecord",
]
