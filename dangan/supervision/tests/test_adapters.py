from __future__ import annotations

import pytest
from django.utils import timezone

from dangan.supervision.adapters import (
    LEDGER_SOURCES,
    LedgerRow,
    model_or_none,
    register_ledger_source,
    sync_custody_incidents,
)
from dangan.supervision.models import Incident
from dangan.supervision.services.work_ledger import work_ledger

pytestmark = pytest.mark.django_db


def _custody_incident(sw, kind: str):
    ArchiveUnit = model_or_none("custody", "ArchiveUnit")
    CustodyIncident = model_or_none("custody", "CustodyIncident")
    if CustodyIncident is None:
        pytest.skip("custody app not installed")
    unit = ArchiveUnit.objects.create(
        owner=sw.client_a, archive_no=f"A1-WS·2020-Y-BGS-{kind}", title="关于某事的通知"
    )
    return CustodyIncident.objects.create(
        project=sw.project, unit=unit, kind=kind, opened_at=timezone.now(), details="CUSTODY：接收清点时缺失"
    )


def test_custody_discrepancy_opens_a_law44_incident(sw):
    ci = _custody_incident(sw, "missing")
    incident = Incident.objects.get(source=f"custody.CustodyIncident:{ci.pk}")
    assert incident.kind == "loss" and incident.status == "open" and incident.project == sw.project
    assert sync_custody_incidents() == 0  # already taken over, never twice


def test_overdue_originals_are_not_law44_incidents(sw):
    _custody_incident(sw, "overdue")
    assert not Incident.objects.exists()


def test_bulk_created_custody_incidents_are_caught_by_the_sync(sw):
    ci = _custody_incident(sw, "damaged")
    Incident.objects.filter(source=f"custody.CustodyIncident:{ci.pk}").delete()
    assert sync_custody_incidents() == 1
    assert Incident.objects.get().kind == "damage"


def test_acceptance_rounds_join_the_ledger_through_the_hook(sw):
    def acceptance_rows(project, start, end):
        return [
            LedgerRow(
                at=timezone.now(),
                source="acceptance",
                source_label="验收",
                title="第1轮验收：不予通过",
                rule_id="SX-3.3-c",
            )
        ]

    register_ledger_source(acceptance_rows)
    try:
        rows = work_ledger(sw.project)
        assert [r.title for r in rows if r.source == "acceptance"] == ["第1轮验收：不予通过"]
    finally:
        LEDGER_SOURCES.remove(acceptance_rows)
