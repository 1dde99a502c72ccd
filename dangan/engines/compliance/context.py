"""Settings and the evaluation context handed to every rule check."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from .vocab import (
    ADMITTED_SERVICE_TYPES,
    ORGAN_ALLOWED_SERVICE_TYPES,
    PHASE_ORDER,
    SERVICE_TYPES,
    STATE_OWNED_CLIENT_KINDS,
    Kind,
)


class FactsError(ValueError):
    """The input cannot be evaluated; ``problems`` are Chinese sentences naming each defect."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("；".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Settings:
    """Where local practice varies. Defaults follow RULES.md; see docs/compliance.md."""

    admitted_service_types: frozenset[str] = ADMITTED_SERVICE_TYPES
    organ_allowed_service_types: frozenset[str] = ORGAN_ALLOWED_SERVICE_TYPES
    local_filing: bool = False
    local_filing_kind: Kind = Kind.BLOCK
    min_professional_staff: int = 1

    @property
    def kind_overrides(self) -> dict[str, str]:
        return {"LOCAL-FILING": str(self.local_filing_kind)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Settings:
        if not data:
            return cls()
        problems: list[str] = []
        kwargs: dict[str, Any] = {}
        for key in ("admitted_service_types", "organ_allowed_service_types"):
            if key in data:
                value = data[key]
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    problems.append(f"settings.{key} 应为业务类型代码的列表")
                    continue
                unknown = [v for v in value if v not in SERVICE_TYPES]
                if unknown:
                    problems.append(f"settings.{key} 含有未知的业务类型代码：{'、'.join(unknown)}")
                    continue
                kwargs[key] = frozenset(value)
        if "local_filing" in data:
            if not isinstance(data["local_filing"], bool):
                problems.append("settings.local_filing 应为 true 或 false")
            else:
                kwargs["local_filing"] = data["local_filing"]
        if "local_filing_kind" in data:
            if data["local_filing_kind"] not in ("block", "warn", "record"):
                problems.append("settings.local_filing_kind 只能是 block、warn 或 record")
            else:
                kwargs["local_filing_kind"] = Kind(data["local_filing_kind"])
        if "min_professional_staff" in data:
            value = data["min_professional_staff"]
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                problems.append("settings.min_professional_staff 应为非负整数")
            else:
                kwargs["min_professional_staff"] = value
        unknown_keys = set(data) - {
            "admitted_service_types",
            "organ_allowed_service_types",
            "local_filing",
            "local_filing_kind",
            "min_professional_staff",
        }
        if unknown_keys:
            problems.append(f"settings 含有未知的设置项：{'、'.join(sorted(unknown_keys))}")
        if problems:
            raise FactsError(problems)
        return cls(**kwargs)


def section(data: Mapping[str, Any] | None, key: str) -> dict[str, Any] | None:
    if not isinstance(data, Mapping):
        return None
    value = data.get(key)
    return value if isinstance(value, dict) else None


def flag(data: Mapping[str, Any] | None, key: str) -> bool | None:
    """True/False when the fact is recorded, None when it is not."""
    if not isinstance(data, Mapping):
        return None
    value = data.get(key)
    return value if isinstance(value, bool) else None


def items(data: Mapping[str, Any] | None, key: str) -> list[Any] | None:
    if not isinstance(data, Mapping):
        return None
    value = data.get(key)
    return value if isinstance(value, list) else None


def text(data: Mapping[str, Any] | None, key: str) -> str:
    if not isinstance(data, Mapping):
        return ""
    value = data.get(key)
    return value.strip() if isinstance(value, str) else ""


def name_of(obj: Any, fallback: str) -> str:
    if isinstance(obj, Mapping):
        value = obj.get("name")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return fallback


@dataclass
class Context:
    facts: dict[str, Any]
    settings: Settings = field(default_factory=Settings)
    today: date = field(default_factory=date.today)

    @cached_property
    def project(self) -> dict[str, Any] | None:
        return section(self.facts, "project")

    @cached_property
    def client(self) -> dict[str, Any] | None:
        return section(self.facts, "client")

    @cached_property
    def provider(self) -> dict[str, Any] | None:
        return section(self.facts, "provider")

    @cached_property
    def services(self) -> frozenset[str]:
        return frozenset(items(self.project, "service_types") or [])

    @cached_property
    def client_kind(self) -> str | None:
        kind = text(self.client, "kind")
        return kind or None

    @cached_property
    def phase(self) -> str:
        return text(self.project, "phase") or "planned"

    def phase_reached(self, phase: str) -> bool:
        return PHASE_ORDER.index(self.phase) >= PHASE_ORDER.index(phase)

    @cached_property
    def state_owned(self) -> bool | None:
        """Whether the archives belong to the state (档案法 25); None when unknown."""
        if self.client_kind in STATE_OWNED_CLIENT_KINDS:
            return True
        return flag(self.client, "state_owned")

    @cached_property
    def archive_groups(self) -> list[dict[str, Any]]:
        return [g for g in items(self.facts, "archive_groups") or [] if isinstance(g, dict)]

    @cached_property
    def staff(self) -> list[dict[str, Any]] | None:
        staff = items(self.provider, "staff")
        return None if staff is None else [s for s in staff if isinstance(s, dict)]
