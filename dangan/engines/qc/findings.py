"""The Finding record every check produces."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .codes import CODES


@dataclass
class Finding:
    code: str
    severity: str
    rule: str
    message: str
    archive_no: str | None = None
    file: str | None = None
    page: int | None = None
    details: dict[str, Any] = field(default_factory=dict)
    thumbnail: str | None = None  # base64 JPEG of the flagged page, for the HTML report only

    @property
    def title(self) -> str:
        return CODES[self.code].title

    def to_dict(self, *, thumbnails: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity,
            "rule": self.rule,
            "title": self.title,
            "archive_no": self.archive_no,
            "file": self.file,
            "page": self.page,
            "message": self.message,
            "details": self.details,
        }
        if thumbnails and self.thumbnail:
            out["thumbnail"] = self.thumbnail
        return out

    def sort_key(self) -> tuple[str, str, int, str]:
        return (self.archive_no or "\uffff", self.file or "", self.page or 0, self.code)


class FindingFactory:
    """Builds findings with the severity the active profile assigns to each code."""

    def __init__(self, severity: dict[str, str] | None = None):
        self._severity = severity or {}

    def __call__(
        self,
        code: str,
        message: str,
        *,
        archive_no: str | None = None,
        file: str | None = None,
        page: int | None = None,
        **details: Any,
    ) -> Finding:
        meta = CODES[code]
        return Finding(
            code=code,
            severity=self._severity.get(code, meta.severity),
            rule=meta.rule,
            message=message,
            archive_no=archive_no,
            file=file,
            page=page,
            details=details,
        )
