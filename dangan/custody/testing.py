"""Test helpers shared by the custody and production tests: a project with units, staff and users."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from dangan.accounts import roles
from dangan.core.testing import make_user
from dangan.engines.identifiers import id_check_character
from dangan.projects.models import Project, ProjectStaffAssignment
from dangan.providers.models import StaffMember

from .models import ArchiveUnit, CustodyState, ProjectUnit


def valid_id(serial: int) -> str:
    first17 = f"14010119900101{serial:03d}"
    return first17 + id_check_character(first17)


def archive_no(i: int, fonds: str = "Z109", year: int = 2011) -> str:
    return f"{fonds}-WS·{year}-Y-BGS-{i:04d}"


def make_units(owner, count: int, *, start: int = 1, classification: str = "", **kw) -> list[ArchiveUnit]:
    units = []
    for i in range(start, start + count):
        units.append(
            ArchiveUnit.objects.create(
                owner=owner,
                archive_no=archive_no(i, **kw),
                archive_no_scheme="DA/T 22-2015",
                fonds_no=kw.get("fonds", "Z109"),
                year=kw.get("year", 2011),
                retention="Y",
                item_no=f"{i:04d}",
                title=f"关于第{i}号事项的通知",
                pages=10 + i,
                classification=classification,
                custody_state=CustodyState.IN_STORAGE,
                holder=owner,
            )
        )
    return units


def make_staff(provider, name: str, serial: int, *, id_number: str | None = None, active: bool = True):
    return StaffMember.objects.create(
        provider=provider,
        name=name,
        id_number=id_number if id_number is not None else valid_id(serial),
        is_active=active,
        confidentiality_undertaking=True,
    )


@dataclass
class CustodyWorld:
    """world.client_a contracts world.provider_a for a digitization project with 5 units."""

    world: object
    project: Project
    units: list[ArchiveUnit]
    client_staff: object
    provider_operator: object
    staff: StaffMember
    other_project: Project | None = None
    extra: dict = field(default_factory=dict)


def build(world, *, units: int = 5, due: date | None = None, service_types=("digitization",)) -> CustodyWorld:
    project = Project.objects.create(
        client=world.client_a,
        provider=world.provider_a,
        name="测试数字化项目",
        service_types=list(service_types),
        status="in_progress",
        originals_due_on=due,
    )
    unit_list = make_units(world.client_a, units)
    ProjectUnit.objects.bulk_create([ProjectUnit(project=project, unit=u) for u in unit_list])
    client_staff = make_user(world.client_a, roles.CLIENT_STAFF)
    operator_user = make_user(world.provider_a, roles.PROVIDER_OPERATOR)
    staff = make_staff(world.provider_a, "张扫描", 1)
    staff.user = operator_user
    staff.save()
    ProjectStaffAssignment.objects.create(project=project, staff=staff, active=True)
    # another client's project with another provider, to prove scoping
    other = Project.objects.create(
        client=world.client_b, provider=world.provider_b, name="他人项目", service_types=["digitization"]
    )
    return CustodyWorld(world, project, unit_list, client_staff, operator_user, staff, other)
