"""Fixtures for the supervision tests: the shared ``world`` plus a digitization project of client A done by
provider A (in the city 140100), an inspection of it by client A, a finding and an order."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from dangan.accounts import roles
from dangan.core.testing import make_user
from dangan.projects.models import Project
from dangan.supervision.models import InspectionTemplate
from dangan.supervision.services import inspections


def make_project(client, provider, name: str = "文书档案数字化") -> Project:
    project = Project(
        client=client,
        provider=provider,
        name=name,
        service_types=["digitization"],
        status="in_progress",
        responsible_leader="王某",
        planned_start=date(2025, 3, 1),
    )
    project.full_clean()
    project.save()
    return project


@pytest.fixture
def sw(world):
    w = world
    w.client_a_staff = make_user(w.client_a, roles.CLIENT_STAFF)
    w.provider_a_operator = make_user(w.provider_a, roles.PROVIDER_OPERATOR)
    w.project = make_project(w.client_a, w.provider_a)
    w.project_b = make_project(w.client_b, w.provider_b, name="乙馆数字化")
    w.project_far = make_project(w.client_far, w.provider_b, name="远方项目")
    return w


@pytest.fixture
def flow(sw):
    """Client A inspects its project on site; item 4 (phones/USB) has a problem → finding → order."""
    template = InspectionTemplate.objects.get(code="client-onsite-digitization")
    sw.inspection = inspections.create_inspection(
        sw.client_a_manager,
        kind="client_onsite",
        project=sw.project,
        template=template,
        date=timezone.localdate(),
        inspectors="李某",
    )
    items = {i.order: i for i in template.items.all()}
    sw.items = items
    inspections.record_results(
        sw.inspection,
        sw.client_a_manager,
        {i.pk: ("problem" if o == 4 else "ok", "带入手机" if o == 4 else "") for o, i in items.items()},
    )
    sw.finding = inspections.add_finding(
        sw.inspection,
        sw.client_a_manager,
        item=items[4],
        severity="major",
        category="equipment_media",
        description="作业区发现手机",
    )
    sw.order = inspections.issue_order(
        sw.client_a_manager, [sw.finding], "清退通讯工具", timezone.localdate() + timedelta(days=10)
    )
    return sw
