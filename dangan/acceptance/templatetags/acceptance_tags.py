from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def pct(value: Any) -> str:
    """0.956 -> 95.6%; None -> —."""
    if value is None or value == "":
        return "—"
    try:
        return f"{float(value):.1%}"
    except (TypeError, ValueError):
        return "—"


@register.filter
def lookup(mapping: Any, key: str) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None
