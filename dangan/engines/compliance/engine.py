"""Entry points: evaluate a project, evaluate a provider."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from .catalogue import PROVIDER_RULE_IDS, RULES
from .context import Context, FactsError, Settings, text
from .model import Evaluation, Finding, Rule, RuleResult, not_applicable
from .schema import check_input
from .vocab import PHASES, STAGES, Status


def _as_of(facts: Mapping[str, Any], today: date | None) -> date:
    if today is not None:
        return today
    value = facts.get("as_of")
    if isinstance(value, str) and value:
        return date.fromisoformat(value)
    return date.today()


def _run(rule: Rule, ctx: Context, stage: str | None) -> Finding:
    kind = rule.kind_for(ctx)
    result: RuleResult
    if rule.subject == "project" and ctx.project is None:
        result = not_applicable("未描述项目（仅评估服务方），本条不适用")
    elif rule.subject == "provider" and ctx.provider is None:
        result = not_applicable("尚未确定服务方，本条不适用")
    elif stage is None and rule.subject == "project" and not ctx.phase_reached(rule.due):
        # Without an explicit stage the whole plan is checked; a rule about a later phase
        # (acceptance, close-out …) has nothing to judge yet.
        result = not_applicable(
            f"项目当前处于“{PHASES[ctx.phase]}”阶段，本条自“{PHASES[rule.due]}”阶段起检查"
        )
    else:
        result = rule.check(ctx)
    assert isinstance(result.status, Status)
    return Finding(rule, kind, result)


def evaluate(
    facts: Mapping[str, Any],
    stage: str | None = None,
    *,
    settings: Settings | None = None,
    today: date | None = None,
    rule_ids: Iterable[str] | None = None,
) -> Evaluation:
    """Evaluate a project description (see docs/compliance.md for the format).

    ``stage`` restricts the evaluation to the rules checked at that point of the workflow (see
    ``vocab.STAGES``); without it every rule is evaluated and rules belonging to a later phase of
    the project than ``project.phase`` are "not applicable". ``settings`` overrides the
    ``settings`` object of the facts. Raises :class:`FactsError` when the input is unusable.
    """
    problems, warnings = check_input(facts)
    if stage is not None and stage not in STAGES:
        problems.append(f"未知的检查阶段 {stage!r}，可选：{'、'.join(STAGES)}")
    if problems:
        raise FactsError(problems)
    if settings is None:
        settings = Settings.from_dict(facts.get("settings"))
    ctx = Context(dict(facts), settings, _as_of(facts, today))
    wanted = set(rule_ids) if rule_ids is not None else None
    chosen = [r for r in RULES if (stage is None or stage in r.stages) and (wanted is None or r.id in wanted)]
    findings = [_run(rule, ctx, stage) for rule in chosen]
    subject = {
        "project": text(ctx.project, "name") or None,
        "client": text(ctx.client, "name") or None,
        "client_kind": ctx.client_kind,
        "provider": text(ctx.provider, "name") or None,
        "phase": ctx.phase if ctx.project is not None else None,
        "as_of": ctx.today.isoformat(),
    }
    return Evaluation(findings, stage=stage, input_warnings=warnings, subject=subject)


def evaluate_provider(
    provider_facts: Mapping[str, Any],
    *,
    settings: Settings | None = None,
    today: date | None = None,
) -> Evaluation:
    """Provider eligibility from the provider's own facts (rules in ``PROVIDER_RULE_IDS``).

    Accepts either the provider object itself or ``{"provider": {...}}``.
    """
    if not isinstance(provider_facts, Mapping):
        raise FactsError(["服务方信息应为 JSON 对象"])
    if "provider" in provider_facts and isinstance(provider_facts["provider"], Mapping):
        facts = dict(provider_facts)
    else:
        facts = {"provider": dict(provider_facts)}
    return evaluate(facts, settings=settings, today=today, rule_ids=PROVIDER_RULE_IDS)
