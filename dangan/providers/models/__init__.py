from .registry import (
    BadRecord,
    BadRecordImmutable,
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
    "BadRecordImmutable",
    "Equipment",
    "ProviderProfile",
    "Qualification",
    "Shareholder",
    "Software",
    "StaffMember",
    "TrainingRecord",
]
