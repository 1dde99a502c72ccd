"""Demo data: a client's on-site inspection of the demo digitization project with one finding and an open
rectification order, a published regulator notice and one 约谈 (REG-51). The negative list stays empty.
Idempotent; everything goes through the services, so it is ledgered."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from dangan.accounts.models import Organization, User

from .models import Inspection, InspectionTemplate, Notice, RegulatorAction
from .services import inspections, regulator

DEMO_MARK = "（演示）"


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).select_related("organization").first()


def _demo_project(client: Organization) -> Any:
    from dangan.projects.models import Project

    return (
        Project.objects.filter(
            client=client, service_types__icontains="digitization", provider__isnull=False
        ).first()
        or Project.objects.filter(service_types__icontains="digitization", provider__isnull=False).first()
    )


@transaction.atomic
def load_supervision_demo(orgs_by_name: dict[str, Organization] | None = None) -> None:
    client_staff = _user("organ_staff")
    inspector = _user("inspector")
    if Inspection.objects.filter(summary__endswith=DEMO_MARK).exists():
        return
    # The shipped checklists come from a data migration; a flushed test database no longer has them.
    from .checklists import load_shipped_templates
    from .models import TemplateItem

    load_shipped_templates(InspectionTemplate, TemplateItem)
    if client_staff is not None:
        project = _demo_project(client_staff.organization)
        if project is not None and project.client_id == client_staff.organization_id:
            template = InspectionTemplate.objects.get(code="client-onsite-digitization")
            today = timezone.localdate()
            inspection = inspections.create_inspection(
                client_staff,
                kind="client_onsite",
                project=project,
                template=template,
                date=today - timedelta(days=3),
                inspectors="郑档案、李某",
                summary="数字化加工现场例行检查" + DEMO_MARK,
            )
            items = {i.order: i for i in template.items.all()}
            outcomes = {i.pk: ("ok", "") for i in items.values()}
            outcomes[items[4].pk] = ("problem", "一名作业人员将手机带入作业区")
            inspections.record_results(inspection, client_staff, outcomes)
            finding = inspections.add_finding(
                inspection,
                client_staff,
                item=items[4],
                severity="major",
                category="equipment_media",
                description="作业区发现作业人员携带手机，存在擅自拍摄、复制档案信息的风险",
            )
            inspections.issue_order(
                client_staff,
                [finding],
                "立即清退作业区内通讯工具，完善存包制度并对全体作业人员开展保密教育",
                today + timedelta(days=10),
            )
    if inspector is not None:
        province = inspector.organization
        recipients = list(
            Organization.objects.filter(
                kind__in=["client", "provider"], region_code__startswith=province.jurisdiction_prefix
            )
        )
        if recipients and not Notice.objects.filter(issued_by=province).exists():
            regulator.create_notice(
                inspector,
                "关于加强档案数字化外包现场安全管理的通报",
                "近期检查发现，个别数字化加工现场存在作业人员携带手机进入作业区等问题。请各委托方落实主体责任，"
                "严格现场管理；各服务方立即开展自查自纠（SX-2.2-b、SEC14-2.8）。",
                recipients,
                publish=True,
            )
        provider = Organization.objects.filter(name="某某档案管理服务有限公司").first()
        if provider is not None and not RegulatorAction.objects.filter(provider=provider).exists():
            regulator.take_action(
                inspector,
                provider,
                "summons",
                "检查中发现档案原件出入库登记不全，明知隐患未及时整改，依据条例第五十一条约谈企业负责人",
                decision_no="某档约〔2026〕1号",
            )
