"""Rule objects, per-rule results and the evaluation that gathers them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .vocab import (
    DECISION_LABELS,
    KIND_LABELS,
    STAGES,
    STATUS_LABELS,
    Decision,
    Kind,
    Status,
)

if TYPE_CHECKING:
    from .context import Context


@dataclass(frozen=True)
class RuleResult:
    """What a check returns: status, a Chinese message and the facts it relied on."""

    status: Status
    message: str
    evidence: dict[str, Any] = field(default_factory=dict)


def passed(message: str, **evidence: Any) -> RuleResult:
    return RuleResult(Status.PASS, message, evidence)


def failed(message: str, **evidence: Any) -> RuleResult:
    return RuleResult(Status.FAIL, message, evidence)


def not_applicable(message: str, **evidence: Any) -> RuleResult:
    return RuleResult(Status.NOT_APPLICABLE, message, evidence)


def missing(message: str, **evidence: Any) -> RuleResult:
    return RuleResult(Status.EVIDENCE_MISSING, message, evidence)


@dataclass(frozen=True)
class Rule:
    """One row of RULES.md made executable.

    ``wording`` is the original Chinese text; ``verbatim`` is False where only a summary of the
    source was available (the summary is then marked as such when shown). ``due`` is the
    project phase from which the rule's evidence is expected; ``subject`` says whether the rule
    is about the project (needs ``project`` facts) or about the provider alone.
    """

    id: str
    source: str
    title: str
    wording: str
    kind: Kind
    stages: tuple[str, ...]
    check: Callable[[Context], RuleResult]
    verbatim: bool = True
    due: str = "planned"
    subject: str = "project"

    def kind_for(self, ctx: Context) -> Kind:
        override = ctx.settings.kind_overrides.get(self.id)
        return Kind(override) if override else self.kind

    def describe(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "wording": self.wording,
            "wording_verbatim": self.verbatim,
            "kind": str(self.kind),
            "kind_label": KIND_LABELS[self.kind],
            "stages": list(self.stages),
            "stage_labels": [STAGES[s] for s in self.stages],
            "due_phase": self.due,
            "subject": self.subject,
        }


@dataclass(frozen=True)
class Finding:
    """A rule's result within one evaluation (rule metadata plus the result)."""

    rule: Rule
    kind: Kind
    result: RuleResult

    @property
    def rule_id(self) -> str:
        return self.rule.id

    @property
    def status(self) -> Status:
        return self.result.status

    @property
    def message(self) -> str:
        return self.result.message

    @property
    def evidence(self) -> dict[str, Any]:
        return self.result.evidence

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.rule.id,
            "source": self.rule.source,
            "title": self.rule.title,
            "kind": str(self.kind),
            "kind_label": KIND_LABELS[self.kind],
            "status": str(self.status),
            "status_label": STATUS_LABELS[self.status],
            "message": self.message,
            "evidence": self.evidence,
            "wording": self.rule.wording,
            "wording_verbatim": self.rule.verbatim,
        }


@dataclass
class Evaluation:
    """All findings of one evaluation and the decision drawn from them.

    refused    — at least one ``block`` rule fails;
    incomplete — no block rule fails, but at least one lacks evidence;
    allowed    — every block rule passes or does not apply (warnings may remain).
    """

    results: list[Finding]
    stage: str | None = None
    input_warnings: list[str] = field(default_factory=list)
    subject: dict[str, Any] = field(default_factory=dict)

    def get(self, rule_id: str) -> Finding:
        for finding in self.results:
            if finding.rule_id == rule_id:
                return finding
        raise KeyError(rule_id)

    def refusals(self) -> list[Finding]:
        return [f for f in self.results if f.kind is Kind.BLOCK and f.status is Status.FAIL]

    def missing_evidence(self) -> list[Finding]:
        return [f for f in self.results if f.kind is Kind.BLOCK and f.status is Status.EVIDENCE_MISSING]

    def blocking(self) -> list[Finding]:
        """Block rules that prevent approval: failures first, then missing evidence."""
        return self.refusals() + self.missing_evidence()

    def warnings(self) -> list[Finding]:
        return [
            f
            for f in self.results
            if f.kind is not Kind.BLOCK and f.status in (Status.FAIL, Status.EVIDENCE_MISSING)
        ]

    @property
    def decision(self) -> Decision:
        if self.refusals():
            return Decision.REFUSED
        if self.missing_evidence():
            return Decision.INCOMPLETE
        return Decision.ALLOWED

    @property
    def allowed(self) -> bool:
        return self.decision is Decision.ALLOWED

    def counts(self) -> dict[str, int]:
        out = {str(s): 0 for s in Status}
        for finding in self.results:
            out[str(finding.status)] += 1
        return out

    def to_dict(self) -> dict[str, Any]:
        decision = self.decision
        return {
            "decision": str(decision),
            "decision_label": DECISION_LABELS[decision],
            "stage": self.stage,
            "stage_label": STAGES.get(self.stage, "全部阶段") if self.stage else "全部阶段",
            "subject": self.subject,
            "refused_by": [f.rule_id for f in self.refusals()],
            "missing_evidence": [f.rule_id for f in self.missing_evidence()],
            "warnings": [f.rule_id for f in self.warnings()],
            "counts": self.counts(),
            "input_warnings": list(self.input_warnings),
            "results": [f.to_dict() for f in self.results],
        }
