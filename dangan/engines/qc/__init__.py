"""Deliverable quality inspection (DA/T 31-2017 acceptance checks), runnable without Django.

Python API (used by the acceptance app)::

    from dangan.engines.qc import run_check, CheckOptions, load_profile
    report = run_check(CheckOptions(delivery="/media/批次1", catalog="目录.xlsx",
                                    on_progress=lambda done, total: ...))
    report.summary["verdict"], report.findings, report.to_dict()

    from dangan.engines.qc import draw_sample, import_review
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .codes import CODES, CodeInfo
from .profile import Profile, ProfileError, load_profile

if TYPE_CHECKING:  # heavy modules (numpy, cv2) are imported on first use only
    from .engine import CheckOptions, QCError, inventory, run_check
    from .report import Report
    from .sampling import ReviewResult, draw_sample, import_review, write_review_sheet

_LAZY = {
    "run_check": "engine",
    "CheckOptions": "engine",
    "QCError": "engine",
    "Report": "report",
    "draw_sample": "sampling",
    "import_review": "sampling",
    "ReviewResult": "sampling",
    "write_review_sheet": "sampling",
    "inventory": "engine",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module = importlib.import_module(f".{_LAZY[name]}", __name__)
        return getattr(module, name)
    raise AttributeError(name)


__all__ = [
    "CODES",
    "CheckOptions",
    "CodeInfo",
    "Profile",
    "ProfileError",
    "QCError",
    "Report",
    "ReviewResult",
    "draw_sample",
    "import_review",
    "inventory",
    "load_profile",
    "run_check",
    "write_review_sheet",
]
