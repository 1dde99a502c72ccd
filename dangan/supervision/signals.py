"""A custody discrepancy (missing or damaged original) opens a LAW-44 incident in the same transaction."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from .adapters import incident_from_custody, model_or_none


def _on_custody_incident(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if created and not raw:
        incident_from_custody(instance)


CustodyIncident = model_or_none("custody", "CustodyIncident")
if CustodyIncident is not None:
    post_save.connect(
        _on_custody_incident, sender=CustodyIncident, dispatch_uid="supervision_custody_incident"
    )
