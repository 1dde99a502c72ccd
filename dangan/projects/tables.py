"""django-tables2 tables of the projects UI."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Project, RegionFilingPolicy

STATUS_BADGES = {
    "draft": "secondary",
    "filed": "info",
    "selecting": "primary",
    "contracted": "primary",
    "in_progress": "warning",
    "accepting": "warning",
    "evaluating": "success",
    "closed": "dark",
}


class ProjectTable(tables.Table):
    name = tables.Column(verbose_name=_("项目名称"), linkify=("project_detail", {"pk": tables.A("pk")}))
    client = tables.Column(verbose_name=_("委托方"), order_by=("client__name",))
    provider = tables.Column(verbose_name=_("服务方"), order_by=("provider__name",), default="—")
    service_types = tables.Column(verbose_name=_("业务类型"), orderable=False)
    status = tables.Column(verbose_name=_("状态"))
    planned_end = tables.DateColumn(verbose_name=_("计划完成"), format="Y-m-d")

    class Meta:
        model = Project
        fields = ("name", "client", "provider", "service_types", "status", "planned_end")
        template_name = "django_tables2/bootstrap5-responsive.html"
        attrs = {"class": "table table-sm table-hover align-middle mb-0", "data-testid": "project-table"}

    def render_service_types(self, record: Project) -> str:
        return "、".join(record.service_type_labels)

    def render_status(self, record: Project) -> str:
        return format_html(
            '<span class="badge text-bg-{}" data-status="{}">{}</span>',
            STATUS_BADGES.get(record.status, "secondary"),
            record.status,
            record.get_status_display(),
        )


class FilingTable(ProjectTable):
    filed_on = tables.DateColumn(verbose_name=_("备案日期"), format="Y-m-d")
    filing_reference = tables.Column(verbose_name=_("备案编号"))
    filed_with = tables.Column(verbose_name=_("备案机关"))

    class Meta(ProjectTable.Meta):
        fields = ("name", "client", "filed_on", "filing_reference", "filed_with", "status")
        sequence = ("name", "client", "filed_on", "filing_reference", "filed_with", "status")
        exclude = ("provider", "service_types", "planned_end")


class FilingPolicyTable(tables.Table):
    regulator = tables.Column(
        verbose_name=_("档案行政管理部门"), linkify=("project_filing_policy_edit", {"pk": tables.A("pk")})
    )
    region = tables.Column(verbose_name=_("辖区行政区划"), accessor="regulator__region_code", orderable=False)
    filing_required = tables.BooleanColumn(verbose_name=_("要求备案"))
    kind = tables.Column(verbose_name=_("未备案时"))
    basis = tables.Column(verbose_name=_("依据文件"))

    class Meta:
        model = RegionFilingPolicy
        fields = ("regulator", "region", "filing_required", "kind", "basis")
        template_name = "django_tables2/bootstrap5-responsive.html"
        attrs = {"class": "table table-sm table-hover align-middle mb-0"}
