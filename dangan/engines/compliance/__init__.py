"""Compliance engine: the rules of RULES.md as objects checked over plain data.

No Django here. The Django apps call :func:`evaluate`, :func:`evaluate_provider` and
:func:`score_providers` with plain dicts and store or show the returned objects.
"""

from .catalogue import PROVIDER_RULE_IDS, RULES, RULES_BY_ID
from .context import FactsError, Settings
from .engine import evaluate, evaluate_provider
from .model import Evaluation, Finding, Rule, RuleResult
from .scoring import DEFAULT_WEIGHTS, ScoreBoard, score_providers
from .vocab import Decision, Kind, Status

__all__ = [
    "DEFAULT_WEIGHTS",
    "PROVIDER_RULE_IDS",
    "RULES",
    "RULES_BY_ID",
    "Decision",
    "Evaluation",
    "FactsError",
    "Finding",
    "Kind",
    "Rule",
    "RuleResult",
    "ScoreBoard",
    "Settings",
    "Status",
    "evaluate",
    "evaluate_provider",
    "score_providers",
]
