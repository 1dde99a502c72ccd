"""Custody and production demo: units for the demo projects, one hand-over out and partly back, and
production events — all created through the services, so every step is in the ledger.

Needs a project with a provider (from dangan/projects/demo.py); without one it creates nothing.
Idempotent: a second run changes nothing.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from dangan.accounts import roles
from dangan.accounts.models import User
from dangan.core.audit_context import Actor, acting_as, actor_for_user
from dangan.projects.models import Project, ProjectStaffAssignment

from . import services
from .importer import commit_import, guess_mapping, plan_import
from .models import ArchiveUnit

UNITS = 30
RETURNED = 20
TITLES = (
    "关于印发年度工作要点的通知",
    "会议纪要",
    "关于机构调整的批复",
    "年度工作总结",
    "关于表彰先进集体的决定",
)


def _user(org: Any, *codes: str) -> User | None:
    return User.objects.filter(organization=org, roles__code__in=codes, is_active=True).order_by("pk").first()


def _project() -> Project | None:
    return (
        Project.objects.filter(provider__isnull=False)
        .exclude(status__in=["closed", "draft"])
        .order_by("created_at")
        .first()
    )


def load_custody_demo(orgs_by_name: dict[str, Any] | None = None) -> list[str]:
    notes: list[str] = []
    project = _project()
    if project is None:
        return ["没有已确定服务方的演示项目：未创建原件交接演示数据"]
    client_user = _user(project.client, roles.CLIENT_STAFF, roles.CLIENT_MANAGER)
    provider_user = _user(project.provider, roles.PROVIDER_OPERATOR, roles.PROVIDER_MANAGER)
    if client_user is None or provider_user is None:
        return ["演示项目的委托方或服务方没有业务用户：未创建原件交接演示数据"]
    prefix = "Z109-WS·2008-Y-BGS-"
    if ArchiveUnit.objects.filter(owner=project.client, archive_no__startswith=prefix).exists():
        return notes
    headers = ["档号", "题名", "责任者", "日期", "页数", "密级", "库房", "排", "列", "节", "层", "盒号"]
    rows = [
        [
            f"{prefix}{i:04d}",
            TITLES[i % len(TITLES)],
            project.client.name,
            f"2008{1 + i % 12:02d}{1 + i % 28:02d}",
            str(4 + i % 9),
            "",
            "一号库",
            "2",
            str(1 + i // 10),
            "1",
            str(1 + i % 5),
            f"{1 + i // 10:03d}",
        ]
        for i in range(1, UNITS + 1)
    ]
    with transaction.atomic():
        with acting_as(actor_for_user(client_user)):
            plan = plan_import(project.client, headers, rows, guess_mapping(headers))
            commit_import(project.client, plan, "演示目录.csv")
            units = list(ArchiveUnit.objects.filter(owner=project.client, archive_no__startswith=prefix))
            services.add_units_to_project(project, units)
            out = services.create_batch(project, "out", client_user)
            for unit in units:
                services.add_to_batch(out, unit.archive_no, client_user)
            services.send_batch(out, client_user)
        with acting_as(actor_for_user(provider_user)):
            for unit in units:
                services.scan_receipt(out, unit.archive_no, provider_user)
            services.confirm_receipt(out, provider_user)
            back = services.create_batch(project, "return", provider_user)
            for unit in units[:RETURNED]:
                services.add_to_batch(back, unit.archive_no, provider_user)
            services.send_batch(back, provider_user)
        with acting_as(actor_for_user(client_user)):
            for unit in units[:RETURNED]:
                services.scan_receipt(back, unit.archive_no, client_user)
            services.confirm_receipt(back, client_user)
        notes.append(f"{project.name}：{UNITS} 件出库，{RETURNED} 件已归还，{UNITS - RETURNED} 件仍在服务方")
        notes.extend(_production(project, units[RETURNED:], provider_user))
    with acting_as(Actor.system("custody-overdue-check")):
        overdue = services.raise_overdue_incidents(project=project)
    if overdue:
        notes.append(f"{project.name}：{overdue} 件超过原件最迟归还日期，已生成事件")
    return notes


def _production(project: Project, units: list[ArchiveUnit], user: User) -> list[str]:
    from dangan.production import services as production

    assignment = next(
        (
            a
            for a in ProjectStaffAssignment.objects.filter(project=project, active=True).select_related(
                "staff"
            )
            if production.operator_problem(project, a.staff) is None
        ),
        None,
    )
    if assignment is None:
        return ["演示项目没有符合 SX-3.1-b3 的派驻作业人员：未创建加工记录"]
    stages = production.ensure_stages(project)
    by_code = {s.code: s for s in stages}
    start = timezone.now() - timedelta(days=3)
    with acting_as(actor_for_user(user)):
        for n, unit in enumerate(units):
            steps = stages[: 3 + n % (len(stages) - 2)]
            for k, stage in enumerate(steps):
                at = start + timedelta(days=k // 3, hours=n % 8)
                production.record(
                    project,
                    production.Report(
                        unit=unit, stage=stage, operator=assignment.staff, finished_at=at, pages=unit.pages
                    ),
                    user,
                )
        rework_unit = next(
            (
                u
                for u in units
                if getattr(u.progress.filter(project=project).first(), "stage_id", None)
                == by_code.get("self_check", stages[-1]).pk
            ),
            None,
        )
        if rework_unit is not None and "scan" in by_code:
            production.record(
                project,
                production.Report(
                    unit=rework_unit,
                    stage=by_code["self_check"],
                    operator=assignment.staff,
                    finished_at=timezone.now(),
                    result="fail",
                    rework_to_stage=by_code["scan"],
                    reason="第2页图像歪斜超过3°，重新扫描",
                ),
                user,
            )
    return [f"{project.name}：{len(units)} 件有加工记录（含一次自检不通过返工）"]
