"""Fixtures for the projects tests: the shared ``world`` with both providers' registries filled in."""

from __future__ import annotations

from datetime import date

import pytest

from dangan.accounts import roles
from dangan.core.testing import make_user
from dangan.projects.models import ArchiveGroup, Project, ResponsiblePerson, Site
from dangan.providers.testing import make_eligible

ALL_CLAUSES = {
    "content": "第一条",
    "term": "第二条",
    "quantity": "第三条",
    "quality": "第四条",
    "price": "第五条",
    "confidentiality": "第六条",
    "rights_obligations": "第七条",
    "liability": "第八条",
    "service_scope": "第一条第二款",
    "technical_standards": "第四条第二款",
    "supervision": "第九条",
}


@pytest.fixture
def pw(world):
    make_eligible(world.provider_a)
    make_eligible(world.provider_b, secrecy=False)
    world.client_a_staff = make_user(world.client_a, roles.CLIENT_STAFF)
    return world


def make_project(client, service_types=("digitization",), *, groups=None, **fields) -> Project:
    project = Project(
        client=client,
        name=fields.pop("name", "文书档案数字化"),
        service_types=list(service_types),
        responsible_leader=fields.pop("responsible_leader", "王某（分管副主任）"),
        leader_duties=fields.pop("leader_duties", "对外包档案安全负第一责任"),
        standards="DA/T 31-2017\nDA/T 68.2-2020",
        project_file_kept=True,
        planned_start=date(2025, 3, 1),
        **fields,
    )
    project.full_clean()
    project.save()
    ResponsiblePerson.objects.create(project=project, name="李某", department="办公室", duty="现场监管、交接")
    for group in (
        groups
        if groups is not None
        else [dict(name="1990—2010年文书档案", classified=False, in_national_archive_scope=True)]
    ):
        ArchiveGroup.objects.create(project=project, **group)
    Site.objects.create(project=project, name="委托方数字化用房", purpose="processing", in_prc=True)
    return project
