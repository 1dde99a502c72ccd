"""Demo acceptance: a small delivery for 某市人民政府办公室's digitization project, checked once and
refused (one page missing: PAGE_COUNT_MISMATCH, DAT31-11 → DAT31-12, SX-3.3-c) with a rectification order
to the provider. Built through the services, so every step is ledgered; a second call changes nothing."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from dangan.accounts.models import Organization, User
from dangan.core.audit_context import acting_as, actor_for_user

DEMO_PROJECT = "某市人民政府办公室2025年文书档案数字化"
DEMO_FOLDER = "某市人民政府办公室-第一批"
ITEMS = 6


def _user(org: Organization | None, role: str) -> User | None:
    if org is None:
        return None
    return User.objects.filter(organization=org, roles__code=role, is_active=True).first()


def write_demo_delivery(folder: Path, items: int = ITEMS, missing_page_item: int | None = 3) -> Path:
    """Folder-per-件 JPEG pages (300 dpi) and a catalog; item ``missing_page_item`` lacks its page 2."""
    from dangan.engines.qc.tests.pages import encode, text_page

    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in range(1, items + 1):
        archive_no = f"Z109-WS·2011-Y-BGS-{n:04d}"
        (folder / archive_no).mkdir(exist_ok=True)
        for p in (1, 2):
            if n == missing_page_item and p == 2:
                continue
            (folder / archive_no / f"{p:03d}.jpg").write_bytes(encode(text_page(7000 + n * 10 + p)))
        rows.append(
            [archive_no, f"关于2011年第{n}号事项的通知", "办公室", f"201103{n:02d}", "2", "永久", str(n)]
        )
    with (folder / "归档文件目录.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["档号", "题名", "责任者", "日期", "页数", "保管期限", "件号"])
        writer.writerows(rows)
    return folder


def load_acceptance_demo(orgs_by_name: dict[str, Organization] | None = None) -> list[str]:
    from dangan.projects.models import Project

    from . import services
    from .delivery import delivery_root
    from .models import AcceptanceRound, SampleItem

    project = Project.objects.filter(name=DEMO_PROJECT).select_related("client", "provider").first()
    if project is None or project.provider_id is None or project.status not in services.SUBMIT_STATUSES:
        return []
    if AcceptanceRound.objects.filter(project=project).exists():
        return []
    provider_manager = _user(project.provider, "provider_manager")
    reviewer = _user(project.client, "client_manager") or _user(project.client, "client_staff")
    if provider_manager is None or reviewer is None:
        return []
    folder = write_demo_delivery(delivery_root() / DEMO_FOLDER)
    with acting_as(actor_for_user(provider_manager)):
        rnd = services.submit_round(project, provider_manager, str(folder), note="第一批 6 件（演示）")
        rnd = services.run_round(rnd.pk, workers=0)  # the queued task later finds it done and stops
    notes = [f"验收：{project.name} 第 {rnd.number} 轮，自动检验 {rnd.machine_check}"]
    with acting_as(actor_for_user(reviewer)):
        ok = {"correspondence": "pass", "image_quality": "pass", "completeness": "pass", "naming": "pass"}
        for item in SampleItem.objects.filter(round=rnd):
            broken = item.archive_no.endswith("-0003")
            results: dict[str, Any] = {**ok, "completeness": "fail"} if broken else ok
            services.record_review(item, reviewer, results, "第 2 页缺失" if broken else "")
        decision = services.decide(rnd, reviewer, comments="缺页须补扫后重新交付（演示）")
    notes.append(
        f"验收结论：{decision.get_verdict_display()}，整改通知 {decision.rectification_order.number}"
    )
    return notes
