from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from dangan.accounts import roles
from dangan.core.testing import make_user
from dangan.projects.models import Project


@pytest.fixture
def acc_settings(settings, tmp_path):
    root = tmp_path / "deliveries"
    root.mkdir()
    settings.DANGAN_DELIVERY_ROOT = str(root)
    settings.DATA_DIR = tmp_path / "data"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DANGAN_ACCEPTANCE_QC_WORKERS = 0
    return settings


@dataclass
class AccWorld:
    world: object
    project: Project
    other_project: Project
    client_staff: object
    provider_operator: object
    root: Path


@pytest.fixture
def aw(world, acc_settings) -> AccWorld:
    project = Project.objects.create(
        client=world.client_a,
        provider=world.provider_a,
        name="测试数字化项目",
        service_types=["digitization", "ocr"],
        status="in_progress",
    )
    other = Project.objects.create(
        client=world.client_b,
        provider=world.provider_b,
        name="他人的数字化项目",
        service_types=["digitization"],
        status="in_progress",
    )
    return AccWorld(
        world=world,
        project=project,
        other_project=other,
        client_staff=make_user(world.client_a, roles.CLIENT_STAFF),
        provider_operator=make_user(world.provider_a, roles.PROVIDER_OPERATOR),
        root=Path(acc_settings.DANGAN_DELIVERY_ROOT),
    )
