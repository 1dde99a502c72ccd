"""The supervision facts of one project for the compliance engine (docs/compliance.md §3).

Filled in: ``supervision`` (SX-3.3-a, SEC14-2.8), ``ledger`` (SX-3.3-b), ``incidents`` (LAW-44),
``inspections`` (SX-2.2-a, regulator inspections only) and ``findings`` (SX-2.2-b).
"""

from __future__ import annotations

from typing import Any

from .models import (
    Finding,
    Incident,
    IncidentStatus,
    Inspection,
    InspectionKind,
    InspectionResult,
    InspectionStatus,
    OrderStatus,
    ResultOutcome,
    Severity,
)

INCIDENT_FACT_KINDS = {
    "damage": "damage",
    "loss": "loss",
    "leak": "leak",
    "unauthorized_copy": "other",
    "other": "other",
}


def _analysis_done(project: Any) -> bool:
    from dangan.ledger.models import LedgerEntry

    return LedgerEntry.objects.filter(
        event="supervision_analysis", object_type="projects.project", object_id=str(project.pk)
    ).exists()


def supervision_facts(project: Any, facts: dict[str, Any]) -> None:
    inspections = list(Inspection.objects.filter(project=project, status=InspectionStatus.DONE))
    client_checks = [i for i in inspections if i.kind != InspectionKind.REGULATOR_ENFORCEMENT]
    findings = list(Finding.objects.filter(project=project).prefetch_related("orders", "notices"))
    copy_checked = (
        InspectionResult.objects.filter(
            inspection__project=project, outcome__in=[ResultOutcome.OK, ResultOutcome.PROBLEM]
        )
        .filter(item__rule_ids__icontains="SEC14-2.8")
        .exists()
    )
    unrectified = [f for f in findings if not any(o.status == OrderStatus.VERIFIED for o in f.orders.all())]
    supervision = facts.setdefault("supervision", {})
    if client_checks or findings:
        supervision["key_steps_tracked"] = bool(client_checks)
        supervision["interventions"] = len(findings)
    if copy_checked:
        supervision["copy_control_checked"] = True
    if not supervision:
        facts.pop("supervision")
    if client_checks or findings:
        facts["ledger"] = {
            "entries": len(client_checks) + len(findings),
            "periodic_analysis": _analysis_done(project),
            "open_problems_unrectified": len(unrectified),
        }
    incidents = list(Incident.objects.filter(project=project))
    if incidents:
        facts["incidents"] = [
            {
                "kind": INCIDENT_FACT_KINDS[i.kind],
                "description": i.title,
                "reported_to_regulator": i.reported_to_regulator_at is not None,
                "closed": i.status == IncidentStatus.CLOSED,
            }
            for i in incidents
        ]
    enforcement = [i for i in inspections if i.kind == InspectionKind.REGULATOR_ENFORCEMENT]
    if enforcement:
        facts["inspections"] = [
            {
                "date": i.date.isoformat(),
                "covers": sorted(
                    set(
                        InspectionResult.objects.filter(inspection=i)
                        .exclude(outcome=ResultOutcome.NOT_APPLICABLE)
                        .exclude(item__covers="")
                        .values_list("item__covers", flat=True)
                    )
                ),
            }
            for i in enforcement
        ]
    if findings:
        rows = []
        for f in findings:
            deadlines = [o.deadline for o in f.orders.all()]
            row: dict[str, Any] = {
                "description": f"{f.rule_id}：{f.description[:80]}",
                "major": f.is_major,
                "notified": any(n.published for n in f.notices.all()),
                "safety_accident": f.severity == Severity.CRITICAL,
            }
            if deadlines:
                row["rectification_deadline"] = min(deadlines).isoformat()
            rows.append(row)
        facts["findings"] = rows
