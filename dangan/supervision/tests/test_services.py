from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from dangan.ledger.models import LedgerEntry
from dangan.supervision.models import (
    Incident,
    InspectionTemplate,
    Notification,
    OrderStatus,
    RectificationOrder,
)
from dangan.supervision.services import SupervisionError, inspections, regulator
from dangan.supervision.services import incidents as inc
from dangan.supervision.services.deadlines import check_deadlines

pytestmark = pytest.mark.django_db


def test_shipped_templates_carry_the_rule_ids():
    enforcement = InspectionTemplate.objects.get(code="regulator-enforcement")
    covers = {i.covers for i in enforcement.items.all() if i.covers}
    assert covers == {"national_scope_security", "client_responsibility", "service_safeguards"}
    assert all("SX-2.2-a" in i.rule_ids for i in enforcement.items.filter(covers__gt=""))
    onsite = InspectionTemplate.objects.get(code="client-onsite-digitization")
    texts = " ".join(onsite.items.values_list("text", flat=True))
    for phrase in ("签到", "身份", "互联网", "手机", "U盘", "视频监控", "清点", "加锁", "清除数据"):
        assert phrase in texts
    rules = {r for i in onsite.items.all() for r in i.rule_ids}
    assert {"SEC14-2.6", "SEC14-2.8", "CUSTODY", "LAW-25"} <= rules


def test_order_lifecycle_is_ledgered_and_notifies(flow):
    order = flow.order
    assert order.status == OrderStatus.ISSUED and order.addressed_to == flow.provider_a
    assert order.findings.get().rule_id == "SEC14-2.8"  # taken from the checklist item
    assert Notification.objects.filter(user=flow.provider_a_manager, category="rectification").exists()
    with pytest.raises(SupervisionError, match="只有整改单位"):
        inspections.respond(order, flow.client_a_manager, "x")
    inspections.respond(order, flow.provider_a_manager, "已清退手机并设置存包柜")
    with pytest.raises(SupervisionError, match="只有下达单位"):
        inspections.verify(order, flow.provider_a_manager, True, "ok")
    inspections.verify(order, flow.client_a_manager, True, "现场复查到位")
    order.refresh_from_db()
    assert order.status == OrderStatus.VERIFIED and order.verified_by == flow.client_a_manager
    events = set(
        LedgerEntry.objects.filter(object_type="supervision.rectificationorder").values_list(
            "event", flat=True
        )
    )
    assert {"supervision_order_issued", "supervision_order_responded", "supervision_order_verified"} <= events


def test_rejected_verification_needs_a_new_deadline(flow):
    inspections.respond(flow.order, flow.provider_a_manager, "已整改")
    with pytest.raises(SupervisionError, match=r"SX-2\.2-b"):
        inspections.verify(flow.order, flow.client_a_manager, False, "未到位")
    inspections.verify(
        flow.order, flow.client_a_manager, False, "未到位", timezone.localdate() + timedelta(days=5)
    )
    flow.order.refresh_from_db()
    assert flow.order.status == OrderStatus.ISSUED


def test_client_cannot_inspect_another_clients_project(sw):
    with pytest.raises(SupervisionError, match=r"SX-3\.3-a"):
        inspections.create_inspection(
            sw.client_b_manager,
            kind="client_onsite",
            project=sw.project,
            date=timezone.localdate(),
            inspectors="x",
        )
    with pytest.raises(SupervisionError, match="不在本机关辖区"):
        inspections.create_inspection(
            sw.other_officer,
            kind="regulator_enforcement",
            target_org=sw.client_a,
            date=timezone.localdate(),
            inspectors="x",
        )


def test_incident_cannot_be_closed_unreported_law44(sw):
    incident = inc.open_incident(
        sw.provider_a_manager, sw.project, kind="damage", title="原件水渍", description="漏水"
    )
    with pytest.raises(SupervisionError) as refused:
        inc.close(incident, sw.client_a_manager)
    assert refused.value.rule_id == "LAW-44" and "未报告的事件不得关闭" in str(refused.value)
    assert LedgerEntry.objects.filter(event="supervision_incident_close_refused").exists()
    inc.report(incident, sw.provider_a_manager, "已电话并书面报告")
    incident.refresh_from_db()
    assert incident.reported_to == sw.city  # the most local regulator over the client
    assert Notification.objects.filter(user=sw.city_officer, category="incident").exists()
    inc.close(incident, sw.client_a_manager, "已修复")
    assert Incident.objects.get(pk=incident.pk).status == "closed"


def test_safety_accident_needs_accountability_sx22b(sw):
    incident = inc.open_incident(
        sw.client_a_manager,
        sw.project,
        kind="leak",
        title="扫描件外泄",
        description="x",
        safety_accident=True,
    )
    inc.report(incident, sw.client_a_manager, "已报告")
    with pytest.raises(SupervisionError, match=r"SX-2\.2-b"):
        inc.close(incident, sw.client_a_manager)
    inc.record_accountability(incident, sw.client_a_manager, "分管副主任王某", "诫勉谈话")
    inc.close(incident, sw.client_a_manager)


def test_outsider_cannot_open_an_incident(sw):
    with pytest.raises(SupervisionError, match="LAW-44"):
        inc.open_incident(sw.provider_b_manager, sw.project, kind="loss", title="x", description="x")


def test_deadlines_remind_then_escalate_once(flow, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_HOST = "smtp.example.invalid"
    flow.provider_a_manager.email = "pm@example.com"
    flow.provider_a_manager.save()
    flow.city_officer.email = "city@example.com"
    flow.city_officer.save()
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        report = check_deadlines(flow.order.deadline - timedelta(days=2))
    assert report.reminded == 1 and report.escalated == 0
    assert any("将于" in m.body and m.to == ["pm@example.com"] for m in mail.outbox)
    assert check_deadlines(flow.order.deadline - timedelta(days=1)).reminded == 0  # only once
    with django_capture_on_commit_callbacks(execute=True):
        report = check_deadlines(flow.order.deadline + timedelta(days=1))
    assert report.escalated == 1
    order = RectificationOrder.objects.get(pk=flow.order.pk)
    assert order.status == OrderStatus.OVERDUE and order.escalated_at is not None
    assert Notification.objects.filter(user=flow.city_officer, category="overdue").exists()
    assert any(m.to == ["city@example.com"] and "逾期" in m.subject + m.body for m in mail.outbox)
    assert check_deadlines(today + timedelta(days=30)).escalated == 0
    # An overdue order may still be answered; it stays marked late.
    inspections.respond(order, flow.provider_a_manager, "已整改")
    assert RectificationOrder.objects.get(pk=order.pk).status == OrderStatus.RESPONDED


def test_no_email_without_a_mail_server(flow):
    check_deadlines(flow.order.deadline - timedelta(days=1))
    assert mail.outbox == []


def test_management_command(flow, capsys):
    from django.core.management import call_command

    call_command("check_deadlines", "--today", (flow.order.deadline + timedelta(days=1)).isoformat())
    assert "逾期上报 1 项" in capsys.readouterr().out


def test_notice_reaches_recipients_only_when_published(flow):
    notice = regulator.create_notice(flow.city_officer, "通报", "正文", [flow.provider_a], [flow.finding])
    from dangan.supervision.models import Notice

    assert not Notice.objects.restrict(flow.provider_a_manager).exists()
    regulator.publish_notice(notice, flow.city_officer)
    assert Notice.objects.restrict(flow.provider_a_manager).get() == notice
    assert not Notice.objects.restrict(flow.provider_b_manager).exists()
    assert Notification.objects.filter(user=flow.provider_a_manager, category="notice").exists()
    with pytest.raises(SupervisionError, match="不在本机关辖区"):
        regulator.create_notice(flow.other_officer, "t", "b", [flow.provider_a])


def test_provider_credit_levels(sw):
    assert regulator.provider_credit(sw.provider_a)["level"] == "good"
    regulator.take_action(sw.city_officer, sw.provider_a, "summons", "明知隐患未整改")
    assert regulator.provider_credit(sw.provider_a)["level"] == "watch"
    regulator.take_action(sw.city_officer, sw.provider_a, "penalty", "罚款", published=True)
    credit = regulator.provider_credit(sw.provider_a)
    assert credit["level"] == "warning" and credit["penalties"] == 1
    regulator.add_to_negative_list(sw.city_officer, sw.provider_a, "严重违约")
    assert regulator.provider_credit(sw.provider_a)["level"] == "negative"
    with pytest.raises(SupervisionError, match="已在本机关的负面清单"):
        regulator.add_to_negative_list(sw.city_officer, sw.provider_a, "again")


def test_bad_records_count_against_credit(sw):
    from dangan.providers.models import BadRecord

    BadRecord.objects.create(
        provider=sw.provider_b,
        kind="breach",
        occurred_on=timezone.localdate(),
        description="违约",
        recorded_by=sw.client_b,
    )
    assert regulator.provider_credit(sw.provider_b)["level"] == "watch"


def test_compliance_facts_from_supervision(flow):
    from dangan.projects.services import build_facts

    inc.open_incident(flow.client_a_manager, flow.project, kind="loss", title="丢失一卷", description="x")
    facts = build_facts(flow.project)
    assert facts["supervision"]["key_steps_tracked"] is True
    assert facts["supervision"]["copy_control_checked"] is True
    assert facts["ledger"]["open_problems_unrectified"] == 1
    assert facts["incidents"] == [
        {"kind": "loss", "description": "丢失一卷", "reported_to_regulator": False, "closed": False}
    ]
    assert facts["findings"][0]["major"] is True and facts["findings"][0]["notified"] is False
    from dangan.engines.compliance.schema import check_input

    errors, warnings = check_input(facts)
    assert errors == [] and not [
        w for w in warnings if "supervision" in w or "incidents" in w or "findings" in w
    ]
