"""The acceptance verdict (DAT31-12, SX-3.3-c) from a round's figures. No database access here.

DAT31-12: every machine-checkable item checked and 100 % passed; the manual sample ≥ the rate (5 %) of
件/卷; catalog ↔ image correspondence 100 % in the sample; the other items ≥ 95 %. SX-3.3-c: any safety
hazard, or quality not meeting the standards, refuses acceptance and a rectification is ordered.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext


@dataclass
class Figures:
    machine_check: str  # pass | fail | "" (not run)
    blocking: int
    pages: int
    files: int
    findings: int
    population: int
    required: int
    sample_size: int
    reviewed: int
    correspondence_passed: int
    other_passed: int
    sample_rate: float
    correspondence_min_rate: float
    other_min_rate: float
    by_code: dict[str, Any] = field(default_factory=dict)

    @property
    def correspondence_rate(self) -> float | None:
        return self.correspondence_passed / self.reviewed if self.reviewed else None

    @property
    def other_rate(self) -> float | None:
        return self.other_passed / self.reviewed if self.reviewed else None

    @property
    def review_complete(self) -> bool:
        return self.reviewed == self.sample_size

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["correspondence_rate"] = (
            None if self.correspondence_rate is None else round(self.correspondence_rate, 4)
        )
        out["other_rate"] = None if self.other_rate is None else round(self.other_rate, 4)
        return out


@dataclass
class Outcome:
    verdict: str  # accepted | refused
    rule_ids: list[str]
    reasons: list[str]
    quality_meets_standards: bool


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def quality_reasons(f: Figures) -> list[str]:
    """Every DAT31-12 nonconformity, each message naming the rule."""
    reasons: list[str] = []
    if f.machine_check != "pass":
        reasons.append(
            gettext(
                "DAT31-12：计算机自动检验未通过（阻断性问题 %(f_blocking)s 个，自动检验项目合格率须为 100%%）"
            )
            % {"f_blocking": f.blocking}
        )
    if f.reviewed < f.required:
        reasons.append(
            gettext("DAT31-12：人工抽检 %(f_reviewed)s 件，少于应抽 %(f_required)s 件（不低于 %(v1)s）")
            % {"f_reviewed": f.reviewed, "f_required": f.required, "v1": format(f.sample_rate, ".0%")}
        )
    rate = f.correspondence_rate
    if rate is not None and rate + 1e-9 < f.correspondence_min_rate:
        reasons.append(
            gettext("DAT31-12：目录与图像对应准确率 %(v1)s，低于 %(v2)s")
            % {"v1": pct(rate), "v2": format(f.correspondence_min_rate, ".0%")}
        )
    rate = f.other_rate
    if rate is not None and rate + 1e-9 < f.other_min_rate:
        reasons.append(
            gettext("DAT31-12：其他检查项目合格率 %(v1)s，低于 %(v2)s")
            % {"v1": pct(rate), "v2": format(f.other_min_rate, ".0%")}
        )
    return reasons


def judge(f: Figures, *, safety_hazards: str = "", nonconformities: str = "") -> Outcome:
    reasons = quality_reasons(f)
    if nonconformities.strip():
        reasons.append(
            gettext("SX-3.3-c：验收组认定的其他不符合项：%(v1)s") % {"v1": nonconformities.strip()}
        )
    quality_ok = not reasons
    if safety_hazards.strip():
        reasons.append(gettext("SX-3.3-c：存在档案安全隐患：%(v1)s") % {"v1": safety_hazards.strip()})
    if not reasons:
        return Outcome("accepted", ["DAT31-12", "SX-3.3-c"], [], True)
    reasons.append(gettext("SX-3.3-c：存在安全隐患或质量不符合国家和行业标准的，一律不予验收通过，限期整改"))
    return Outcome("refused", ["DAT31-12", "SX-3.3-c"], reasons, quality_ok)
