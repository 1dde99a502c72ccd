"""Demo projects: 某市人民政府办公室's digitization project in 实施 (both demo providers compared, one
chosen with reasons, a contract with every required clause located) and 某市档案馆's organizing
project in 立项. Built through the services, so every step is ledgered. Call after the providers
demo (the candidates' eligibility comes from their registries); a second call changes nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from dangan.accounts.models import Organization, User
from dangan.core.audit_context import Actor, acting_as, actor_for_user

from . import services
from .models import ArchiveGroup, Project, ProjectStatus, ResponsiblePerson, Site

ORGAN = "某市人民政府办公室"
ARCHIVE = "某市档案馆"
PROVIDER_1 = "某某数字档案技术有限公司"
PROVIDER_2 = "某某档案管理服务有限公司"
ORGAN_PROJECT = "某市人民政府办公室2025年文书档案数字化"
ARCHIVE_PROJECT = "某市档案馆馆藏民国档案整理"
EXAMINED = ["qualifications", "track_record", "staff", "equipment", "software", "bad_records"]
CLAUSES = {
    "content": "第一条",
    "term": "第二条",
    "quantity": "第一条第二款",
    "quality": "第五条",
    "price": "第六条",
    "confidentiality": "第七条及附件《安全保密协议》",
    "rights_obligations": "第八条",
    "liability": "第十条",
    "service_scope": "第一条第一款",
    "technical_standards": "第五条第二款（DA/T 31-2017）",
    "supervision": "第九条",
}


def _org(orgs_by_name: dict[str, Organization] | None, name: str) -> Organization | None:
    if orgs_by_name and name in orgs_by_name:
        return orgs_by_name[name]
    return Organization.objects.filter(name=name).first()


def _manager(org: Organization) -> User | None:
    return User.objects.filter(organization=org, roles__code="client_manager").first()


def _organ_project(organ: Organization, providers: list[Organization]) -> list[str]:
    notes: list[str] = []
    manager = _manager(organ)
    project = Project(
        client=organ,
        name=ORGAN_PROJECT,
        code="SZF-2025-SZH-01",
        service_types=["digitization", "ocr"],
        description="1990—2010年文书档案数字化加工及全文识别，约3200卷、48万页",
        archive_scope="1990—2010年永久、长期文书档案3200卷（含2011年已解密文件40卷）",
        responsible_leader="王某（办公室分管副主任）",
        leader_duties="对外包档案安全负第一责任；审定外包方案、服务方选择和验收结论",
        planned_start=date(2025, 3, 1),
        planned_end=date(2025, 10, 31),
        originals_due_on=date(2025, 11, 30),
        standards="DA/T 31-2017\nDA/T 68.2-2020",
        project_file_kept=True,
    )
    project.full_clean()
    project.save()
    ArchiveGroup.objects.create(
        project=project,
        name="1990—2010年文书档案",
        extent="3200卷",
        classified=False,
        in_national_archive_scope=True,
    )
    ArchiveGroup.objects.create(
        project=project,
        name="2011年已解密文件",
        extent="40卷",
        classified=True,
        declassified=True,
        in_national_archive_scope=True,
    )
    Site.objects.create(
        project=project,
        name="办公室三楼数字化加工用房",
        purpose="processing",
        in_prc=True,
        address="某市某路2号",
    )
    Site.objects.create(project=project, name="办公室档案库房", purpose="storage", in_prc=True)
    Site.objects.create(project=project, name="本地部署的文字识别服务器", purpose="ocr_service", in_prc=True)
    ResponsiblePerson.objects.create(
        project=project, name="李某", department="办公室（档案室）", duty="现场监管、档案出入库交接"
    )
    ResponsiblePerson.objects.create(
        project=project, name="赵某", department="办公室（档案室）", duty="质量抽检、工作台账"
    )
    services.set_operating_rules(
        project,
        [
            "original_handover",
            "process_management",
            "result_acceptance",
            "storage_media",
            "original_protection",
        ],
    )
    try:
        if services.filing_required(project):
            services.transition(project, ProjectStatus.FILED, manager, filing_reference="市档备〔2025〕12号")
        services.transition(project, ProjectStatus.SELECTING, manager)
        for provider, price in zip(providers, (386000, 352000), strict=False):
            services.add_candidate(project, provider, price=price, notes="已实地考察加工场地和设备")
        chosen = project.candidates.filter(provider=providers[0]).first()
        services.select_provider(
            project,
            chosen,
            manager,
            reasons="资格审查全部符合；具有涉密资质；同类项目业绩多；综合得分最高",
            examined=EXAMINED,
            market_research=True,
            business_inspection=True,
            comparative_selection=True,
            security_capability_reviewed=True,
            qualifications_reviewed=True,
        )
        services.transition(project, ProjectStatus.CONTRACTED, manager)
        services.save_contract(
            project,
            {
                "number": "SZF-HT-2025-018",
                "signed_on": date(2025, 2, 20),
                "term_start": date(2025, 3, 1),
                "term_end": date(2025, 10, 31),
                "amount": 386000,
                "security_agreement_signed": True,
                "security_agreement_signed_on": date(2025, 2, 20),
                "staff_security_education": True,
                "staff_security_education_on": date(2025, 2, 26),
            },
            CLAUSES,
        )
        for member in providers[0].staff_members.filter(is_active=True)[:3]:
            services.assign_staff(
                project, member, role=member.position or "加工", assigned_on=date(2025, 2, 27)
            )
        services.transition(project, ProjectStatus.IN_PROGRESS, manager)
    except services.ProjectActionRefused as exc:
        notes.append(f"{ORGAN_PROJECT}停在“{project.get_status_display()}”：{exc}")
    return notes


def _archive_project(archive: Organization) -> None:
    project = Project(
        client=archive,
        name=ARCHIVE_PROJECT,
        code="DAG-2025-ZL-03",
        service_types=["organizing"],
        description="馆藏民国档案整理、编目",
        archive_scope="馆藏民国时期档案约1500卷",
        responsible_leader="冯某（副馆长）",
        leader_duties="对外包档案安全负第一责任",
        planned_start=date(2025, 9, 1),
        standards="DA/T 68.2-2020",
    )
    project.full_clean()
    project.save()
    ArchiveGroup.objects.create(
        project=project, name="民国档案", extent="约1500卷", classified=False, in_national_archive_scope=True
    )
    ResponsiblePerson.objects.create(
        project=project, name="陈某", department="保管利用部", duty="整理过程监管"
    )


def load_projects_demo(orgs_by_name: dict[str, Organization] | None = None) -> list[str]:
    """Create the demo projects unless they exist. Returns notes on anything the rules refused."""
    organ, archive = _org(orgs_by_name, ORGAN), _org(orgs_by_name, ARCHIVE)
    providers = [p for p in (_org(orgs_by_name, PROVIDER_1), _org(orgs_by_name, PROVIDER_2)) if p is not None]
    notes: list[str] = []
    if organ is not None and len(providers) == 2 and not Project.objects.filter(name=ORGAN_PROJECT).exists():
        manager = _manager(organ)
        actor = actor_for_user(manager, None) if manager else Actor.system("demo")
        with transaction.atomic(), acting_as(actor):
            notes += _organ_project(organ, providers)
    if archive is not None and not Project.objects.filter(name=ARCHIVE_PROJECT).exists():
        with transaction.atomic(), acting_as(Actor.system("demo")):
            _archive_project(archive)
    return notes


__all__: list[Any] = ["load_projects_demo"]
