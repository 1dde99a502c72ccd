"""Demo registry for the two demo providers of dangan/core/demo.py.

某某数字档案技术有限公司 is eligible and holds a 涉密资质; 某某档案管理服务有限公司 has a qualification
about to expire and one bad record entered by 某市档案局. Idempotent: a provider that already has a
profile is left alone. Everything is saved through the models, so the ledger records it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from django.db import transaction

from dangan.accounts.models import Organization
from dangan.core.audit_context import Actor, acting_as
from dangan.engines.identifiers import id_check_character

from .models import (
    BadRecord,
    Equipment,
    ProviderProfile,
    Qualification,
    Shareholder,
    Software,
    StaffMember,
    TrainingRecord,
)

PROVIDER1 = "某某数字档案技术有限公司"
PROVIDER2 = "某某档案管理服务有限公司"
CITY_REGULATOR = "某市档案局"


def _id(first17: str) -> str:
    return first17 + id_check_character(first17)


def _org(orgs_by_name: Mapping[str, Organization] | None, name: str) -> Organization | None:
    if orgs_by_name and name in orgs_by_name:
        return orgs_by_name[name]
    return Organization.objects.filter(name=name).first()


def _staff(provider: Organization, rows: list[tuple[str, str, str, bool, date | None]]) -> None:
    for name, first17, position, professional, trained_on in rows:
        member = StaffMember(
            provider=provider,
            name=name,
            id_number=_id(first17),
            nationality="CN",
            position=position,
            professional=professional,
            confidentiality_undertaking=True,
            confidentiality_signed_on=date(2024, 1, 8),
        )
        member.full_clean()
        member.save()
        if trained_on:
            TrainingRecord.objects.create(
                staff=member,
                course="档案数字化加工与保密管理培训",
                trained_on=trained_on,
                certificate_no=f"DA-PX-{trained_on:%Y}-{member.pk:04d}",
                issuer="某省档案学会",
            )


def _provider1(provider: Organization, today: date) -> None:
    ProviderProfile.objects.create(
        provider=provider,
        registered_address="某市高新区软件园3号楼",
        registered_capital="1000万元",
        established_on=date(2012, 5, 18),
        business_scope=["digitization", "organizing", "ocr", "e_archive_support"],
        business_scope_text="档案数字化加工；档案整理服务；信息技术咨询服务；数据处理服务",
        premises="独立加工场地 800 平方米（门禁、视频监控全覆盖），临时档案库房 200 平方米",
        professional_capability=True,
        security_management_system=True,
        archive_service_management_system=True,
        accepts_supervision=True,
        track_record="2023 年某市档案馆馆藏档案数字化；2024 年某县机关文书档案整理",
    )
    Shareholder.objects.create(provider=provider, name="褚某", nationality="CN", share_percent=60)
    Shareholder.objects.create(
        provider=provider, name="某省数据产业投资有限公司", nationality="CN", share_percent=40
    )
    _staff(
        provider,
        [
            ("褚项目", "14010519800312201", "项目经理", True, date(2023, 4, 10)),
            ("卫作业", "14010519920705302", "扫描员", False, date(2024, 3, 2)),
            ("蒋质检", "14010219880921151", "质检员", True, date(2024, 3, 2)),
        ],
    )
    Qualification.objects.create(
        provider=provider,
        name="涉密信息系统集成资质（数字化加工）",
        kind="secrecy",
        number="JCJ-2024-0123",
        issuer="国家保密行政管理部门",
        valid_from=today - timedelta(days=300),
        valid_until=today + timedelta(days=800),
    )
    Qualification.objects.create(
        provider=provider,
        name="ISO 27001 信息安全管理体系认证",
        kind="iso",
        number="ISMS-14-0456",
        issuer="某认证中心",
        valid_until=today + timedelta(days=500),
    )
    Equipment.objects.create(provider=provider, name="高速文档扫描仪", model_name="HS-9000", count=6)
    Equipment.objects.create(provider=provider, name="A0 大幅面扫描仪", model_name="LF-36", count=1)
    Equipment.objects.create(provider=provider, name="非接触式书刊扫描仪", model_name="BK-600", count=2)
    Software.objects.create(
        provider=provider, name="档案数字化加工管理系统", version="5.2", vendor="某软件公司"
    )
    Software.objects.create(provider=provider, name="图像处理与质检软件", version="2.8", vendor="某软件公司")


def _provider2(provider: Organization, city: Organization | None, today: date) -> None:
    ProviderProfile.objects.create(
        provider=provider,
        registered_address="某市某区某街8号",
        registered_capital="300万元",
        established_on=date(2016, 9, 1),
        business_scope=["organizing", "digitization"],
        business_scope_text="档案整理服务；档案数字化服务；办公服务",
        premises="加工场地 300 平方米",
        professional_capability=True,
        security_management_system=True,
        archive_service_management_system=True,
        accepts_supervision=True,
    )
    Shareholder.objects.create(provider=provider, name="蒋某", nationality="CN", share_percent=100)
    _staff(
        provider,
        [
            ("蒋项目", "14010519850214401", "项目经理", True, date(2022, 6, 15)),
            ("沈整理", "14010519950830502", "整理员", False, date(2023, 11, 20)),
        ],
    )
    Qualification.objects.create(
        provider=provider,
        name="ISO 9001 质量管理体系认证",
        kind="iso",
        number="QMS-14-7788",
        issuer="某认证中心",
        valid_from=today - timedelta(days=1070),
        valid_until=today + timedelta(days=25),
    )
    Equipment.objects.create(provider=provider, name="高速文档扫描仪", model_name="HS-5000", count=2)
    Software.objects.create(provider=provider, name="档案整理著录软件", version="3.0")
    if city is not None:
        BadRecord.objects.create(
            provider=provider,
            kind="breach",
            occurred_on=today - timedelta(days=120),
            description="某机关文书档案整理项目逾期两个月交付，且交付前未经委托方验收",
            recorded_by=city,
            basis="某档函〔2026〕12号",
            published=True,
        )


@transaction.atomic
def load_providers_demo(orgs_by_name: Mapping[str, Organization] | None = None) -> bool:
    """Fill the two demo providers' registry. Returns True when anything was created now."""
    today = date.today()
    created = False
    with acting_as(Actor.system("demo")):
        provider1 = _org(orgs_by_name, PROVIDER1)
        if provider1 is not None and not ProviderProfile.objects.filter(provider=provider1).exists():
            _provider1(provider1, today)
            created = True
        provider2 = _org(orgs_by_name, PROVIDER2)
        if provider2 is not None and not ProviderProfile.objects.filter(provider=provider2).exists():
            _provider2(provider2, _org(orgs_by_name, CITY_REGULATOR), today)
            created = True
    return created
