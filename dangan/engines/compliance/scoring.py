"""Weighted comparative selection (综合比选) of candidate providers.

Each criterion gives a score between 0 and 1; the total is the weighted mean scaled to 100.
Quantities where more is better (qualifications, track record, staff, equipment, software) are
scored relative to the best candidate; price relative to the lowest quote; each bad record
halves that criterion; a valid secrecy qualification scores 1 (SEC14-2.4) and also breaks
ties. Candidates are first checked with :func:`evaluate_provider`: those refused by a block
rule are ranked after those merely lacking evidence, which come after the eligible ones.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..identifiers import validate_id_number
from .catalogue import PROVIDER_RULE_IDS
from .context import FactsError, Settings, flag, items, name_of
from .engine import evaluate, evaluate_provider
from .model import Evaluation
from .rules_provider import has_secrecy_qualification, valid_qualifications
from .vocab import DECISION_LABELS, Decision

CRITERIA: dict[str, str] = {
    "qualifications": "资质",
    "track_record": "业绩",
    "staff": "人员",
    "equipment": "设备",
    "software": "加工软件",
    "price": "价格",
    "bad_records": "不良记录",
    "secrecy_qualification": "涉密资质（SEC14-2.4）",
}
DEFAULT_WEIGHTS: dict[str, float] = {
    "qualifications": 20,
    "track_record": 15,
    "staff": 15,
    "equipment": 10,
    "software": 10,
    "price": 20,
    "bad_records": 5,
    "secrecy_qualification": 5,
}
_GROUP_ORDER = {Decision.ALLOWED: 0, Decision.INCOMPLETE: 1, Decision.REFUSED: 2}


@dataclass(frozen=True)
class CriterionScore:
    criterion: str
    raw: float | None
    score: float
    weight: float

    @property
    def points(self) -> float:
        return self.score * self.weight

    def to_dict(self) -> dict[str, Any]:
        return {
            "criterion": self.criterion,
            "label": CRITERIA[self.criterion],
            "raw": self.raw,
            "score": round(self.score, 4),
            "weight": self.weight,
            "points": round(self.points, 4),
        }


@dataclass
class ScoredCandidate:
    name: str
    total: float
    criteria: list[CriterionScore]
    evaluation: Evaluation
    rank: int = 0

    @property
    def decision(self) -> Decision:
        return self.evaluation.decision

    def to_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "name": self.name,
            "total": round(self.total, 2),
            "eligibility": str(self.decision),
            "eligibility_label": DECISION_LABELS[self.decision],
            "refused_by": [f.rule_id for f in self.evaluation.refusals()],
            "missing_evidence": [f.rule_id for f in self.evaluation.missing_evidence()],
            "criteria": [c.to_dict() for c in self.criteria],
        }


@dataclass
class ScoreBoard:
    ranking: list[ScoredCandidate]
    weights: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"weights": self.weights, "ranking": [c.to_dict() for c in self.ranking]}


def check_weights(weights: Mapping[str, Any] | None) -> dict[str, float]:
    merged = dict(DEFAULT_WEIGHTS)
    if weights:
        problems = []
        for key, value in weights.items():
            if key not in CRITERIA:
                problems.append(f"未知的评分项 {key!r}，可选：{'、'.join(CRITERIA)}")
            elif not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
                problems.append(f"评分项 {key} 的权重应为非负数")
            else:
                merged[key] = float(value)
        if problems:
            raise FactsError(problems)
    if sum(merged.values()) <= 0:
        raise FactsError(["权重之和应大于0"])
    return merged


def _raw(candidate: Mapping[str, Any], services: set[str], today: date) -> dict[str, float | None]:
    quals = valid_qualifications(dict(candidate), today) or []
    track = [t for t in items(candidate, "track_record") or [] if isinstance(t, dict)]
    if services:
        track = [
            t
            for t in track
            if not items(t, "service_types") or services & set(items(t, "service_types") or [])
        ]
    staff = [s for s in items(candidate, "staff") or [] if isinstance(s, dict)]
    qualified_staff = sum(
        1
        for s in staff
        if flag(s, "archive_training") is True and validate_id_number(s.get("id_number"), today=today).ok
    )
    equipment = sum(
        (e.get("count") if isinstance(e.get("count"), int) else 1)
        for e in items(candidate, "equipment") or []
        if isinstance(e, dict)
    )
    price = candidate.get("price")
    return {
        "qualifications": float(len(quals)),
        "track_record": float(len(track)),
        "staff": float(qualified_staff),
        "equipment": float(equipment),
        "software": float(len(items(candidate, "software") or [])),
        "price": float(price) if isinstance(price, int | float) and not isinstance(price, bool) else None,
        "bad_records": float(len(items(candidate, "bad_records") or [])),
        "secrecy_qualification": 1.0 if has_secrecy_qualification(dict(candidate), today) else 0.0,
    }


def score_providers(
    candidates: Sequence[Mapping[str, Any]],
    weights: Mapping[str, Any] | None = None,
    *,
    project: Mapping[str, Any] | None = None,
    settings: Settings | None = None,
    today: date | None = None,
) -> ScoreBoard:
    """Rank candidates; ``project`` (the ``project`` object) lets REG-28 check the business scope."""
    if not candidates:
        raise FactsError(["没有候选服务方（candidates）"])
    if not all(isinstance(c, Mapping) for c in candidates):
        raise FactsError(["candidates 中的每一项都应为服务方对象"])
    merged = check_weights(weights)
    today = today or date.today()
    services = set(items(project, "service_types") or []) if project else set()

    evaluations = []
    for c in candidates:
        if project:
            facts = {"project": dict(project), "provider": dict(c)}
            ev = evaluate(facts, settings=settings, today=today, rule_ids=PROVIDER_RULE_IDS)
        else:
            ev = evaluate_provider(c, settings=settings, today=today)
        evaluations.append(ev)
    raws = [_raw(c, services, today) for c in candidates]
    reference = [
        r for r, e in zip(raws, evaluations, strict=True) if e.decision is not Decision.REFUSED
    ] or raws

    relative = ("qualifications", "track_record", "staff", "equipment", "software")
    best = {k: max((r[k] or 0.0) for r in reference) for k in relative}
    prices = [r["price"] for r in reference if r["price"]]
    lowest = min(prices) if prices else None

    scored = []
    for i, (c, raw, ev) in enumerate(zip(candidates, raws, evaluations, strict=True)):
        criteria = []
        for key, weight in merged.items():
            value = raw[key]
            if key == "price":
                score = (lowest / value) if (lowest and value) else 0.0
                score = min(score, 1.0)
            elif key == "bad_records":
                score = 0.5 ** (value or 0)
            elif key == "secrecy_qualification":
                score = value or 0.0
            else:
                score = (value / best[key]) if best[key] else 0.0
                score = min(score, 1.0)
            criteria.append(CriterionScore(key, value, score, weight))
        total = sum(c_.points for c_ in criteria) / sum(merged.values()) * 100
        scored.append(ScoredCandidate(name_of(c, f"候选方{i + 1}"), total, criteria, ev))

    scored.sort(
        key=lambda s: (
            _GROUP_ORDER[s.decision],
            -round(s.total, 6),
            -next(c.score for c in s.criteria if c.criterion == "secrecy_qualification"),
            s.name,
        )
    )
    for rank, s in enumerate(scored, start=1):
        s.rank = rank
    return ScoreBoard(scored, merged)
