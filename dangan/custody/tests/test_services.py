"""Custody rules as a user meets them: SX-3.1-c refusals, hand-over out and back, missing and overdue
incidents, reconciliation counts and the CUSTODY close check."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dangan.custody import services
from dangan.custody.models import (
    ArchiveUnit,
    BatchStatus,
    CustodyIncident,
    CustodyState,
    IncidentKind,
    ProjectUnit,
)
from dangan.custody.testing import make_units
from dangan.engines.compliance.vocab import CLASSIFIED_RESTRICTED_SERVICES
from dangan.ledger.models import LedgerEntry
from dangan.projects.models import Project

pytestmark = pytest.mark.django_db


def hand_out(cw, units=None):
    units = units if units is not None else cw.units
    batch = services.create_batch(cw.project, "out", cw.client_staff)
    for u in units:
        assert services.add_to_batch(batch, u.archive_no, cw.client_staff).ok
    services.send_batch(batch, cw.client_staff)
    for u in units:
        assert services.scan_receipt(batch, u.archive_no, cw.provider_operator).ok
    services.confirm_receipt(batch, cw.provider_operator)
    return batch


def hand_back(cw, units, scanned):
    batch = services.create_batch(cw.project, "return", cw.provider_operator)
    for u in units:
        assert services.add_to_batch(batch, u.archive_no, cw.provider_operator).ok
    services.send_batch(batch, cw.provider_operator)
    for u in scanned:
        assert services.scan_receipt(batch, u.archive_no, cw.client_staff).ok
    return batch, services.confirm_receipt(batch, cw.client_staff)


def test_classified_unit_is_refused_for_digitization_and_organizing_but_not_once_declassified(cw):
    assert {"digitization", "organizing"} <= CLASSIFIED_RESTRICTED_SERVICES
    secret, declassified = make_units(cw.world.client_a, 2, start=100, classification="机密★10年")
    declassified.declassified = True
    declassified.save()
    result = services.add_units_to_project(cw.project, [secret, declassified])
    assert [u.pk for u in result.added] == [declassified.pk]
    [(no, reason)] = result.refused
    assert no == secret.archive_no and reason.startswith("SX-3.1-c：")
    assert not ProjectUnit.objects.filter(project=cw.project, unit=secret).exists()


def test_classified_unit_may_join_a_project_outside_the_restricted_services(cw):
    deposit = Project.objects.create(
        client=cw.world.client_a, provider=cw.world.provider_a, name="寄存", service_types=["deposit"]
    )
    [secret] = make_units(cw.world.client_a, 1, start=200, classification="秘密")
    assert services.add_units_to_project(deposit, [secret]).added == [secret]


def test_another_clients_unit_cannot_join(cw):
    [foreign] = make_units(cw.world.client_b, 1, start=300)
    result = services.add_units_to_project(cw.project, [foreign])
    assert not result.added and "委托方本单位" in result.refused[0][1]


def test_scan_feedback_names_why_a_unit_is_not_added(cw):
    batch = services.create_batch(cw.project, "out", cw.client_staff)
    [outside] = make_units(cw.world.client_a, 1, start=400)
    assert services.add_to_batch(batch, "NOPE-XX·2011-Y-0001", cw.client_staff).code == "not_found"
    assert services.add_to_batch(batch, outside.archive_no, cw.client_staff).code == "not_in_project"
    first = cw.units[0]
    # a full-width hyphen from a hand-typed 档号 still finds the unit
    assert services.add_to_batch(batch, first.archive_no.replace("-", "－"), cw.client_staff).code == "added"
    assert services.add_to_batch(batch, first.archive_no, cw.client_staff).code == "already"
    # classified after being taken into the project: refused at hand-over too (SX-3.1-c, "every batch")
    second = cw.units[1]
    ArchiveUnit.objects.filter(pk=second.pk).update(classification="绝密")
    result = services.add_to_batch(batch, second.archive_no, cw.client_staff)
    assert result.code == "classified" and result.message.startswith("SX-3.1-c")
    # the provider cannot add to the client's outgoing batch
    assert services.add_to_batch(batch, cw.units[2].archive_no, cw.provider_operator).code == "forbidden"
    other = services.create_batch(cw.project, "out", cw.client_staff)
    assert services.add_to_batch(other, first.archive_no, cw.client_staff).code == "other_batch"


def test_only_the_right_side_creates_sends_and_confirms(cw):
    with pytest.raises(services.CustodyError, match="只能由委托方创建"):
        services.create_batch(cw.project, "out", cw.provider_operator)
    with pytest.raises(services.CustodyError, match="只能由服务方创建"):
        services.create_batch(cw.project, "return", cw.client_staff)
    batch = services.create_batch(cw.project, "out", cw.client_staff)
    with pytest.raises(services.CustodyError, match="没有档案"):
        services.send_batch(batch, cw.client_staff)
    services.add_to_batch(batch, cw.units[0].archive_no, cw.client_staff)
    with pytest.raises(services.CustodyError, match="只有交出方"):
        services.send_batch(batch, cw.provider_operator)
    services.send_batch(batch, cw.client_staff)
    with pytest.raises(services.CustodyError, match="只有接收方"):
        services.confirm_receipt(batch, cw.client_staff)


def test_hand_over_out_and_back_with_one_unit_missing_raises_an_incident_and_blocks_closing(cw):
    out = hand_out(cw)
    out.refresh_from_db()
    assert out.status == BatchStatus.RECEIVED and out.confirmed_by_both
    assert out.sent_by == cw.client_staff and out.received_by == cw.provider_operator
    rec = services.reconcile(cw.project)
    assert rec.by_state == {CustodyState.WITH_PROVIDER: 5} and rec.outstanding == 5
    assert rec.by_holder == {cw.world.provider_a.name: 5}
    facts = services.custody_facts(cw.project)
    assert facts["handovers"] == [
        {"batch": out.number, "out_count": 5, "confirmed_by_both": True, "returned_count": None}
    ]

    lost = cw.units[-1]
    _batch, summary = hand_back(cw, cw.units, scanned=cw.units[:-1])
    assert summary.received == 4 and summary.missing == [lost.archive_no]
    lost.refresh_from_db()
    assert lost.custody_state == CustodyState.MISSING
    assert lost.holder == cw.world.provider_a  # responsibility stays with the party that listed it
    incident = CustodyIncident.objects.get(unit=lost)
    assert incident.kind == IncidentKind.MISSING and incident.details.startswith("CUSTODY：")
    rec = services.reconcile(cw.project)
    assert rec.by_state == {CustodyState.RETURNED: 4, CustodyState.MISSING: 1}
    assert rec.open_incidents == 1
    problems = services.close_problems(cw.project)
    assert problems and "CUSTODY：尚有 1 卷（件）原件未归还或下落不明" in problems[0]
    assert services.custody_facts(cw.project)["handovers"][0]["returned_count"] == 4
    events = set(LedgerEntry.objects.values_list("event", flat=True))
    assert {"custody_handover_sent", "custody_handover_received"} <= events


def test_compliance_engine_blocks_closing_on_these_facts(cw):
    from dangan.engines.compliance.model import Status
    from dangan.engines.compliance.rules_contract import check_custody

    hand_out(cw)
    hand_back(cw, cw.units, scanned=cw.units[:-1])

    class Ctx:
        project = {"service_types": ["digitization"]}
        facts = services.custody_facts(cw.project)
        phase = "closed"

    result = check_custody(Ctx())
    assert result.status is Status.FAIL
    assert "数量不符" in result.message


def test_every_unit_back_lets_the_project_close(cw):
    hand_out(cw)
    hand_back(cw, cw.units, scanned=cw.units)
    assert services.close_problems(cw.project) == []
    assert services.custody_facts(cw.project)["handovers"][0]["returned_count"] == 5


def test_found_unit_can_be_returned_later_and_the_incident_resolved(cw):
    hand_out(cw)
    lost = cw.units[0]
    hand_back(cw, cw.units, scanned=cw.units[1:])
    hand_back(cw, [lost], scanned=[lost])
    lost.refresh_from_db()
    assert lost.custody_state == CustodyState.RETURNED
    incident = CustodyIncident.objects.get(unit=lost)
    services.resolve_incident(incident, cw.client_staff, "服务方在加工区找到，已归还")
    assert services.close_problems(cw.project) == []
    assert services.reconcile(cw.project).open_incidents == 0


def test_damage_noted_at_receipt_raises_a_damage_incident(cw):
    batch = services.create_batch(cw.project, "out", cw.client_staff)
    services.add_to_batch(batch, cw.units[0].archive_no, cw.client_staff)
    services.send_batch(batch, cw.client_staff)
    result = services.scan_receipt(
        batch, cw.units[0].archive_no, cw.provider_operator, damaged=True, note="封皮破损"
    )
    assert result.ok and "损坏" in result.message
    assert services.scan_receipt(batch, cw.units[0].archive_no, cw.provider_operator).code == "already"
    services.confirm_receipt(batch, cw.provider_operator)
    incident = CustodyIncident.objects.get(kind=IncidentKind.DAMAGED)
    assert "封皮破损" in incident.details


def test_overdue_units_raise_one_incident_each_and_only_once(cw):
    cw.project.originals_due_on = date.today() - timedelta(days=1)
    cw.project.save()
    hand_out(cw, cw.units[:3])
    assert services.reconcile(cw.project).overdue == 3
    assert services.raise_overdue_incidents() == 3
    assert services.raise_overdue_incidents() == 0
    assert CustodyIncident.objects.filter(kind=IncidentKind.OVERDUE).count() == 3
    assert LedgerEntry.objects.filter(event="custody_overdue_incidents").count() == 1


def test_units_not_yet_due_raise_nothing(cw):
    cw.project.originals_due_on = date.today() + timedelta(days=30)
    cw.project.save()
    hand_out(cw)
    assert services.raise_overdue_incidents() == 0
    assert services.reconcile(cw.project).overdue == 0
