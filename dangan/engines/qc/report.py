"""The Report a QC run returns, and its JSON form (schema ``dangan.qc.report/1``, see docs/qc.md)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .codes import CODES, ERROR, VERDICT_RULE
from .findings import Finding

SCHEMA = "dangan.qc.report/1"


@dataclass
class ItemSummary:
    key: str
    archive_no: str
    pages: int
    files: list[str]
    in_catalog: bool
    title: str = ""
    year: str = ""
    group: str = ""  # 卷 or class the item belongs to, for sampling spread
    pages_known: bool = True  # False when a multi-page file could not be read

    def to_dict(self) -> dict[str, Any]:
        return {
            "archive_no": self.archive_no,
            "pages": self.pages,
            "files": self.files,
            "in_catalog": self.in_catalog,
            "title": self.title,
            "year": self.year,
            "group": self.group,
        }


@dataclass
class Report:
    summary: dict[str, Any]
    findings: list[Finding] = field(default_factory=list)
    items: list[ItemSummary] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.summary["verdict"]["machine_check"] == "pass"

    def to_dict(self, *, thumbnails: bool = False) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "summary": self.summary,
            "findings": [f.to_dict(thumbnails=thumbnails) for f in self.findings],
            "items": [i.to_dict() for i in self.items],
        }

    def to_json(self, *, thumbnails: bool = False, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(thumbnails=thumbnails), ensure_ascii=False, indent=indent)


def summarise(findings: list[Finding], base: dict[str, Any]) -> dict[str, Any]:
    by_code: dict[str, dict[str, Any]] = {}
    for code, n in sorted(Counter(f.code for f in findings).items()):
        sev = next(f.severity for f in findings if f.code == code)
        meta = CODES[code]
        by_code[code] = {"count": n, "severity": sev, "rule": meta.rule, "title": meta.title}
    by_sev = Counter(f.severity for f in findings)
    blocking = by_sev.get(ERROR, 0)
    verdict = {
        "rule": VERDICT_RULE,
        "machine_check": "pass" if blocking == 0 else "fail",
        "blocking": blocking,
        "message": (
            "计算机自动检验项目 100% 检验，未发现阻断性问题；尚需人工抽检（DAT31-12）"
            if blocking == 0
            else f"计算机自动检验发现 {blocking} 个阻断性问题，合格率未达 100%，不予验收（DAT31-12）"
        ),
    }
    out = dict(base)
    out.update(
        {
            "by_severity": {
                "error": by_sev.get("error", 0),
                "warning": by_sev.get("warning", 0),
                "info": by_sev.get("info", 0),
            },
            "by_code": by_code,
            "verdict": verdict,
        }
    )
    return out
