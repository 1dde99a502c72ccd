"""Dashboard panels contributed by apps: each app registers what its users should see first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DashboardPanel:
    name: str
    template: str
    # Returns the panel's context, or None when the panel does not apply to this user.
    context: Callable[[Any], dict[str, Any] | None]
    order: int = 100


PANELS: list[DashboardPanel] = []


def register_panel(panel: DashboardPanel) -> None:
    if all(existing.name != panel.name for existing in PANELS):
        PANELS.append(panel)
        PANELS.sort(key=lambda p: p.order)


def panels_for(user: Any) -> list[tuple[DashboardPanel, dict[str, Any]]]:
    rendered = []
    for panel in PANELS:
        context = panel.context(user)
        if context is not None:
            rendered.append((panel, context))
    return rendered
