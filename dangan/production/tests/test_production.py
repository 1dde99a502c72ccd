"""Production tracking: DA/T 31 default stages, the operator rule (SX-3.1-b3), stage order, the
self-inspection rework loop (SX-4.2-a), the idempotent API, statistics and the board."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dangan.core.testing import api_client
from dangan.custody.testing import make_staff
from dangan.ledger.models import LedgerEntry
from dangan.production import services
from dangan.production.models import StageEvent, UnitProgress, UnitStatus
from dangan.projects.models import ProjectStaffAssignment

pytestmark = pytest.mark.django_db


def stage(cw, code):
    return next(s for s in services.ensure_stages(cw.project) if s.code == code)


def report(cw, unit, code, **kw):
    return services.Report(
        unit=unit, stage=stage(cw, code), operator=cw.staff, finished_at=timezone.now(), **kw
    )


def advance(cw, unit, codes):
    for code in codes:
        services.record(cw.project, report(cw, unit, code, pages=unit.pages))


def test_digitization_projects_get_the_dat31_stages_and_organizing_the_dat22_ones(cw):
    names = [s.name for s in services.ensure_stages(cw.project)]
    assert names[0] == "出库" and names[-1] == "入库" and "自检" in names and "数据挂接" in names
    cw.other_project.service_types = ["organizing"]
    assert [s[1] for s in services.default_stages(cw.other_project)][:5] == [
        "组件",
        "分类",
        "排列",
        "编号",
        "编目",
    ]


@pytest.mark.parametrize("problem", ["unassigned", "invalid_id", "inactive", "other_provider"])
def test_the_operator_must_be_assigned_active_with_a_valid_id(cw, problem):
    if problem == "unassigned":
        staff = make_staff(cw.world.provider_a, "李未派", 2)
    elif problem == "invalid_id":
        staff = make_staff(cw.world.provider_a, "王无证", 3, id_number="140101199001010000")
        ProjectStaffAssignment.objects.create(project=cw.project, staff=staff)
    elif problem == "inactive":
        staff = make_staff(cw.world.provider_a, "赵离职", 4, active=False)
        ProjectStaffAssignment.objects.create(project=cw.project, staff=staff)
    else:
        staff = make_staff(cw.world.provider_b, "钱外单位", 5)
    with pytest.raises(services.ProductionError, match=r"^SX-3\.1-b3："):
        services.record(
            cw.project,
            services.Report(
                unit=cw.units[0], stage=stage(cw, "checkout"), operator=staff, finished_at=timezone.now()
            ),
        )
    assert not StageEvent.objects.exists()


def test_stages_are_done_in_order(cw):
    with pytest.raises(services.ProductionError, match="当前应进行“出库”环节"):
        services.record(cw.project, report(cw, cw.units[0], "scan"))


def test_failed_self_inspection_sends_the_unit_back_to_the_named_stage_with_the_reason(cw):
    unit = cw.units[0]
    advance(cw, unit, ["checkout", "preprocess", "catalog", "scan", "image"])
    with pytest.raises(services.ProductionError, match=r"SX-4\.2-a"):
        services.record(cw.project, report(cw, unit, "self_check", result="fail"))
    services.record(
        cw.project,
        report(cw, unit, "self_check", result="fail", rework_to_stage=stage(cw, "scan"), reason="第3页漏扫"),
    )
    progress = UnitProgress.objects.get(unit=unit)
    assert progress.stage.code == "scan" and progress.status == UnitStatus.REWORK
    assert "第3页漏扫" in progress.rework_reason
    advance(cw, unit, ["scan", "image", "self_check", "link", "rebind", "checkin"])
    progress.refresh_from_db()
    assert progress.status == UnitStatus.DONE and progress.stage is None
    assert StageEvent.objects.filter(unit=unit).count() == 12
    # each event and each progress change is in the ledger
    assert LedgerEntry.objects.filter(object_type="production.stageevent").count() == 12
    assert LedgerEntry.objects.filter(object_type="production.unitprogress").count() >= 12


def test_the_api_is_idempotent_for_the_same_report(cw):
    api = api_client(cw.provider_operator)
    body = {
        "project": cw.project.pk,
        "archive_no": cw.units[0].archive_no,
        "stage": "checkout",
        "operator": cw.staff.pk,
        "finished_at": "2026-03-02T10:00:00+08:00",
        "pages": 12,
        "client_reference": "scanner-7/000123",
    }
    first = api.post("/api/production/events/", body, format="json")
    assert first.status_code == 201, first.content
    second = api.post("/api/production/events/", body, format="json")
    assert second.status_code == 200 and second.json()["id"] == first.json()["id"]
    assert StageEvent.objects.count() == 1
    assert UnitProgress.objects.get().stage.code == "preprocess"
    conflict = api.post("/api/production/events/", {**body, "pages": 99}, format="json")
    assert conflict.status_code == 409


def test_the_api_refuses_what_the_rules_refuse(cw):
    api = api_client(cw.provider_operator)
    body = {"project": cw.project.pk, "unit": cw.units[0].pk, "stage": "scan", "operator": cw.staff.pk}
    body["finished_at"] = "2026-03-02T10:00:00+08:00"
    response = api.post("/api/production/events/", body, format="json")
    assert response.status_code == 400 and "出库" in response.json()["detail"]
    assert api.post("/api/production/events/", {**body, "stage": "nope"}, format="json").status_code == 400
    # other provider: the project does not exist for it
    other = api_client(cw.world.provider_b_manager)
    assert other.post("/api/production/events/", body, format="json").status_code == 404
    # the client may read but not report
    assert (
        api_client(cw.world.client_a_manager).post("/api/production/events/", body, format="json").status_code
        == 403
    )


def test_stats_per_operator_stage_and_day(cw):
    for unit in cw.units[:3]:
        advance(cw, unit, ["checkout", "preprocess"])
    rows = services.workload(cw.project)
    assert {(r["operator"], r["stage"], r["units"]) for r in rows} == {
        ("张扫描", "出库", 3),
        ("张扫描", "前处理（拆装订/修复/编页）", 3),
    }
    summary = services.progress(cw.project)
    waiting = {s["code"]: s["waiting"] for s in summary["stages"]}
    assert waiting["checkout"] == 2 and waiting["catalog"] == 3 and summary["total"] == 5
    api = api_client(cw.world.city_officer)
    data = api.get(f"/api/production/stats/?project={cw.project.pk}").json()
    assert data["progress"]["total"] == 5 and len(data["workload"]) == 2
    assert (
        api_client(cw.world.other_officer).get(f"/api/production/stats/?project={cw.project.pk}").status_code
        == 404
    )
    assert api.get("/api/production/events/").json()["count"] == 6
    assert api_client(cw.world.other_officer).get("/api/production/events/").json()["count"] == 0


def test_the_board_records_one_stage_for_many_units(cw):
    client = Client()
    client.force_login(cw.provider_operator)
    url = reverse("production:board", args=[cw.project.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'data-testid="record-stage"' in page.content.decode()
    response = client.post(
        url,
        {
            "units": [u.pk for u in cw.units[:4]],
            "stage": stage(cw, "checkout").pk,
            "operator": cw.staff.pk,
            "result": "pass",
        },
    )
    assert response.status_code == 302
    assert StageEvent.objects.count() == 4
    html = client.get(url + f"?stage={stage(cw, 'preprocess').pk}").content.decode()
    assert html.count('data-testid="current-stage"') == 4
    # the client sees the board but cannot record
    client.force_login(cw.world.client_a_manager)
    assert 'data-testid="record-stage"' not in client.get(url).content.decode()
    assert client.post(url, {"units": [cw.units[4].pk]}).status_code == 403


def test_stage_list_is_configurable_but_used_stages_stay(cw):
    client = Client()
    client.force_login(cw.world.provider_a_manager)
    url = reverse("production:stages", args=[cw.project.pk])
    assert client.get(url).status_code == 200
    advance(cw, cw.units[0], ["checkout"])
    response = client.post(url, {"stages": "scan 扫描\nqc 质检 自检"})
    assert "已有加工记录，不能删除" in response.content.decode()
    # "preprocess" is where unit 0 now waits, so it must stay too
    client.post(url, {"stages": "checkout 出库\npreprocess 前处理\nscan 扫描\nqc 质检 自检\ncheckin 入库"})
    stages = services.ensure_stages(cw.project)
    assert [s.code for s in stages] == ["checkout", "preprocess", "scan", "qc", "checkin"] and stages[3].is_inspection
    client.force_login(cw.world.provider_b_manager)
    assert client.get(url).status_code == 404
    client.force_login(cw.world.city_officer)
    assert client.get(url).status_code == 403
