from .jobs import ACTIVE_STATUSES, ACTIVE_STATUSES_Q, JobStatus, OcrJob, PageFailure
from .text import PageText, SearchDocument

__all__ = [
    "ACTIVE_STATUSES",
    "ACTIVE_STATUSES_Q",
    "JobStatus",
    "OcrJob",
    "PageFailure",
    "PageText",
    "SearchDocument",
]
