"""The provider's dashboard panel: qualifications that have expired or expire soon."""

from __future__ import annotations

from typing import Any

from dangan.core.dashboard import DashboardPanel, register_panel


def expiring_panel(user: Any) -> dict[str, Any] | None:
    org = getattr(user, "organization", None)
    if org is None or not org.is_provider:
        return None
    from .services import expiring_qualifications, expiry_warning_days

    return {
        "qualifications": expiring_qualifications(org),
        "within_days": expiry_warning_days(),
        "provider": org,
    }


def register_panels() -> None:
    register_panel(
        DashboardPanel("providers.expiring", "providers/dashboard_expiring.html", expiring_panel, order=20)
    )
