"""The ordered rule catalogue (RULES.md §§1–3, project-level §4, §6)."""

from __future__ import annotations

from . import rules_contract, rules_provider, rules_regulator, rules_scope
from .model import Rule

RULES: tuple[Rule, ...] = (
    *rules_scope.RULES,
    *rules_provider.RULES,
    *rules_contract.RULES,
    *rules_regulator.RULES,
)
RULES_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}

# Provider eligibility (evaluate_provider): what can be judged from the provider's own facts.
PROVIDER_RULE_IDS: tuple[str, ...] = (
    "SX-3.1-b1",
    "SX-3.1-b2",
    "SX-3.1-b3",
    "REG-28",
    "SX-4.1",
    "SX-4.3",
    "SEC14-2.4",
    "SX-2.1",
)
