"""Factories for tests of the provider registry (and of apps that use it, e.g. projects)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from dangan.accounts.models import Organization
from dangan.engines.identifiers import id_check_character

from .models import (
    Equipment,
    ProviderProfile,
    Qualification,
    Shareholder,
    Software,
    StaffMember,
    TrainingRecord,
)

_serial = itertools.count(101)


def valid_id_number(region: str = "140105", born: str = "19880512") -> str:
    """A checksum-valid 居民身份证号码, different on every call."""
    first17 = f"{region}{born}{next(_serial) % 1000:03d}"
    return first17 + id_check_character(first17)


def invalid_id_number() -> str:
    """A number whose 18th character is wrong (checksum error)."""
    good = valid_id_number()
    wrong = "0" if good[-1] != "0" else "1"
    return good[:-1] + wrong


def add_staff(provider: Organization, name: str, *, trained: bool = True, **fields: object) -> StaffMember:
    defaults: dict[str, object] = {
        "id_number": valid_id_number(),
        "nationality": "CN",
        "position": "扫描员",
        "professional": True,
        "confidentiality_undertaking": True,
    }
    defaults.update(fields)
    member = StaffMember(provider=provider, name=name, **defaults)
    member.full_clean()
    member.save()
    if trained:
        TrainingRecord.objects.create(
            staff=member,
            course="档案数字化加工岗位培训",
            trained_on=date(2024, 3, 1),
            certificate_no=f"PX-{member.pk:05d}",
        )
    return member


def make_eligible(
    provider: Organization, *, today: date | None = None, secrecy: bool = True
) -> ProviderProfile:
    """Fill the registry so that every provider rule passes (apart from SX-2.1 if bad records exist)."""
    today = today or date.today()
    profile, _ = ProviderProfile.objects.update_or_create(
        provider=provider,
        defaults={
            "registered_in_prc": True,
            "enterprise_legal_person": True,
            "registered_address": "某市某区某路1号",
            "business_scope": ["digitization", "organizing"],
            "business_scope_text": "档案整理服务；档案数字化加工；信息技术服务",
            "premises": "加工场地 600 平方米，档案库房 200 平方米",
            "security_management_system": True,
            "archive_service_management_system": True,
            "accepts_supervision": True,
            "professional_capability": True,
        },
    )
    Shareholder.objects.get_or_create(provider=provider, name="张某", defaults={"nationality": "CN"})
    if not StaffMember.objects.filter(provider=provider).exists():
        add_staff(provider, "李工")
    if secrecy:
        Qualification.objects.get_or_create(
            provider=provider,
            name="涉密信息系统集成资质（数字化加工）",
            defaults={"kind": "secrecy", "valid_until": today + timedelta(days=400)},
        )
    Equipment.objects.get_or_create(provider=provider, name="高速扫描仪", defaults={"count": 3})
    Software.objects.get_or_create(provider=provider, name="数字化加工管理系统")
    return profile
