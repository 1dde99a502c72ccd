"""The acceptance workflow through the services: check, sample, verdict, rectification, resubmission."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dangan.acceptance import services
from dangan.acceptance.models import AcceptanceRound, QcFinding, RoundStatus, SampleItem
from dangan.ledger.models import LedgerEntry
from dangan.projects.services import build_facts
from dangan.supervision.models import OrderStatus

from .helpers import build_delivery, clean_delivery, defective_delivery

ALL_PASS = {"correspondence": "pass", "image_quality": "pass", "completeness": "pass", "naming": "pass"}


def submit(aw, folder, **kw) -> AcceptanceRound:
    rnd = services.submit_round(aw.project, aw.world.provider_a_manager, str(folder), **kw)
    rnd.refresh_from_db()
    return rnd


def review_all(rnd, user, results=ALL_PASS, reason=""):
    for item in SampleItem.objects.filter(round=rnd):
        services.record_review(item, user, dict(results), reason)


@pytest.mark.django_db(transaction=True)
def test_clean_delivery_passes_machine_check_and_is_accepted(aw):
    rnd = submit(aw, clean_delivery(aw.root))
    assert rnd.status == RoundStatus.REVIEWING
    assert rnd.machine_check == "pass"
    assert rnd.counts["pages"] == 8 and rnd.progress_done == rnd.progress_total == 8
    assert QcFinding.objects.filter(round=rnd).count() == 0
    sample = list(SampleItem.objects.filter(round=rnd))
    assert len(sample) == rnd.sample_required >= 1  # ≥ 5 % of 4 件, at least one
    # The catalog entry as delivered travels with the sampled item, for the reviewer.
    entry = sample[0].catalog_entry
    assert entry["values"]["archive_no"] == sample[0].archive_no and entry["values"]["pages"] == "2"
    assert ("题名", sample[0].title) in sample[0].catalog_rows
    with pytest.raises(services.AcceptanceError, match="DAT31-12：人工抽检尚未完成"):
        services.decide(rnd, aw.world.client_a_manager)
    review_all(rnd, aw.client_staff)
    decision = services.decide(rnd, aw.world.client_a_manager, comments="质量良好")
    assert decision.accepted and decision.rectification_order is None
    assert decision.rule_ids == ["DAT31-12", "SX-3.3-c"]
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.ACCEPTED
    events = list(LedgerEntry.objects.filter(object_id=str(rnd.pk)).values_list("event", flat=True))
    for event in (
        "acceptance.submitted",
        "acceptance.checked",
        "acceptance.sample_drawn",
        "acceptance.decided",
    ):
        assert event in events
    facts = build_facts(aw.project)
    assert facts["acceptance"] == {
        "safety_hazards": [],
        "quality_meets_standards": True,
        "decision": "passed",
    }


@pytest.mark.django_db(transaction=True)
def test_refused_then_rectified_then_accepted(aw):
    first = submit(aw, defective_delivery(aw.root))
    assert first.machine_check == "fail"
    codes = set(QcFinding.objects.filter(round=first).values_list("code", flat=True))
    assert "PAGE_COUNT_MISMATCH" in codes
    # The machine check alone refuses: no need to finish the sample.
    deadline = timezone.localdate() + timedelta(days=10)
    decision = services.decide(first, aw.client_staff, deadline=deadline)
    assert decision.verdict == "refused"
    assert any(r.startswith("DAT31-12：计算机自动检验未通过") for r in decision.reasons)
    assert any(r.startswith("SX-3.3-c") for r in decision.reasons)
    order = decision.rectification_order
    assert order.addressed_to == aw.world.provider_a and order.deadline == deadline
    assert order.issued_by == aw.world.client_a and order.status == OrderStatus.ISSUED
    facts = build_facts(aw.project)["acceptance"]
    assert facts["decision"] == "refused" and facts["quality_meets_standards"] is False
    assert facts["rectification_deadline"] == deadline.isoformat()

    second = submit(aw, clean_delivery(aw.root, "batch1-rectified"), note="补扫缺页")
    assert second.number == 2 and second.machine_check == "pass"
    order.refresh_from_db()
    assert order.status == OrderStatus.RESPONDED  # the resubmission answers the order
    review_all(second, aw.client_staff)
    assert services.decide(second, aw.client_staff).accepted
    order.refresh_from_db()
    assert order.status == OrderStatus.VERIFIED  # the accepted round closes it
    history = list(
        AcceptanceRound.objects.filter(project=aw.project).order_by("number").values_list("status", flat=True)
    )
    assert history == ["refused", "accepted"]


@pytest.mark.django_db(transaction=True)
def test_sample_failures_and_safety_hazard_refuse_under_the_rules(aw):
    rnd = submit(aw, clean_delivery(aw.root, items=3))
    items = list(SampleItem.objects.filter(round=rnd))
    with pytest.raises(ValidationError, match="请写明页码和问题"):
        services.record_review(items[0], aw.client_staff, {**ALL_PASS, "correspondence": "fail"})
    services.record_review(
        items[0], aw.client_staff, {**ALL_PASS, "correspondence": "fail"}, "第 2 页题名不符"
    )
    for item in items[1:]:
        services.record_review(item, aw.client_staff, ALL_PASS)
    f, outcome = services.preview(rnd)
    assert f.correspondence_rate < 1 and outcome.verdict == "refused"
    assert any("目录与图像对应准确率" in r and r.startswith("DAT31-12") for r in outcome.reasons)
    # A hazard refuses on its own even when the figures pass.
    services.record_review(items[0], aw.client_staff, ALL_PASS)
    with pytest.raises(ValidationError, match=r"SX-3\.3-c"):
        services.decide(rnd, aw.client_staff, safety_hazard=True)
    decision = services.decide(rnd, aw.client_staff, safety_hazard=True, safety_hazards="加工场所无监控")
    assert decision.verdict == "refused" and decision.safety_hazard
    assert any("存在档案安全隐患：加工场所无监控" in r for r in decision.reasons)
    assert decision.rectification_order.findings.get().severity == "critical"
    assert build_facts(aw.project)["acceptance"]["safety_hazards"] == ["加工场所无监控"]


@pytest.mark.django_db(transaction=True)
def test_planted_defects_are_stored_with_their_rules(aw):
    planted = build_delivery(aw.root / "planted")
    rnd = submit(aw, aw.root / "planted", catalog_source="auto")
    assert rnd.machine_check == "fail"
    stored = set(QcFinding.objects.filter(round=rnd).values_list("code", "rule"))
    for code, _no, _page in planted.defects:
        assert code in {c for c, _ in stored}, code
    assert ("IMG_SKEW", "DAT31-10") in stored
    # One ledger entry summarises the bulk write.
    entry = LedgerEntry.objects.get(event="acceptance.checked", object_id=str(rnd.pk))
    assert entry.after["findings_written"] == QcFinding.objects.filter(round=rnd).count()


@pytest.mark.django_db(transaction=True)
def test_delivery_outside_root_or_through_a_link_is_refused(aw, tmp_path):
    outside = clean_delivery(tmp_path / "elsewhere")
    for path in (str(outside), "../elsewhere/batch1", "/etc"):
        with pytest.raises(ValidationError, match="交付根目录"):
            services.submit_round(aw.project, aw.world.provider_a_manager, path)
    os.symlink(outside, aw.root / "sneaky")
    with pytest.raises(ValidationError, match="符号链接"):
        services.submit_round(aw.project, aw.world.provider_a_manager, "sneaky")
    with pytest.raises(ValidationError, match="不存在"):
        services.submit_round(aw.project, aw.world.provider_a_manager, "missing")
    assert not AcceptanceRound.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_who_may_submit_and_when(aw):
    folder = clean_delivery(aw.root)
    with pytest.raises(services.AcceptanceError, match="只有承接本项目的服务方"):
        services.submit_round(aw.project, aw.world.provider_b_manager, str(folder))
    with pytest.raises(services.AcceptanceError, match="权限"):
        services.submit_round(aw.project, aw.provider_operator, str(folder))
    aw.project.status = "contracted"
    aw.project.save()
    with pytest.raises(services.AcceptanceError, match="实施或验收阶段"):
        services.submit_round(aw.project, aw.world.provider_a_manager, str(folder))
    aw.project.status = "accepting"
    aw.project.save()
    submit(aw, folder)
    with pytest.raises(services.AcceptanceError, match="尚有未作出结论"):
        services.submit_round(aw.project, aw.world.provider_a_manager, str(folder))


@pytest.mark.django_db(transaction=True)
def test_catalog_exported_from_project_units(aw):
    from dangan.custody.models import ArchiveUnit, ProjectUnit

    folder = clean_delivery(aw.root, items=2)
    for n in (1, 2):
        unit = ArchiveUnit.objects.create(
            owner=aw.world.client_a,
            archive_no=f"Z109-WS·2011-Y-BGS-{n:04d}",
            title=f"第{n}件",
            responsible="办公室",
            date="20110102",
            pages=2,
            retention="Y",
            item_no=str(n),
            year=2011,
            fonds_no="Z109",
        )
        ProjectUnit.objects.create(project=aw.project, unit=unit)
    (folder / "目录.csv").unlink()
    rnd = submit(aw, folder, catalog_source="units")
    assert rnd.catalog_path.endswith(".csv") and rnd.counts["catalog_items"] == 2
    assert rnd.machine_check == "pass", list(
        QcFinding.objects.filter(round=rnd).values_list("message", flat=True)
    )


@pytest.mark.django_db(transaction=True)
def test_work_ledger_rows_and_regulator_stats(aw):
    from dangan.acceptance.hooks import ledger_rows, pass_rate_stats
    from dangan.projects.models import Project

    rnd = submit(aw, defective_delivery(aw.root))
    services.decide(rnd, aw.client_staff)
    rows = ledger_rows(aw.project, None, None)
    titles = [r.title for r in rows]
    assert "第 1 轮交付提交" in titles and "第 1 轮验收结论：不予验收通过" in titles
    assert any(r.rule_id == "SX-3.3-c" for r in rows)
    stats = pass_rate_stats(Project.objects.filter(pk=aw.project.pk))
    assert stats[0]["value"].startswith("0%")
