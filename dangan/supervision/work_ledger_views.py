"""The work ledger of one project (工作台账, SX-3.3-b) with its periodic analysis and exports."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext
from django.views import View

from dangan.core.permissions import can
from dangan.core.views import CapabilityRequiredMixin
from dangan.ledger import services as ledger
from dangan.projects.models import Project

from . import exports
from .permissions import LEDGER_EXPORT
from .services.work_ledger import Period, analysis, work_ledger


def _project(request: HttpRequest, pk: int) -> Project:
    return get_object_or_404(
        Project.objects.restrict(request.user).select_related("client", "provider"), pk=pk
    )


def _period(request: HttpRequest) -> Period:
    return Period.parse(request.GET.get("period"), request.GET.get("year"), request.GET.get("index"))


class WorkLedgerView(CapabilityRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        project = _project(request, pk)
        period = _period(request)
        result = analysis(project, period)
        return render(
            request,
            "supervision/work_ledger.html",
            {
                "project": project,
                "rows": work_ledger(project),
                "result": result,
                "period": period,
                "months": range(1, 13),
                "quarters": range(1, 5),
                "can_export": can(request.user, LEDGER_EXPORT),
            },
        )


class WorkLedgerExportView(CapabilityRequiredMixin, View):
    """Excel or PDF of the whole ledger plus the chosen period's analysis; ledgered as an export and as a
    periodic analysis of the project (ledger.periodic_analysis, SX-3.3-b)."""

    capability = LEDGER_EXPORT

    def get(self, request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
        if fmt not in ("xlsx", "pdf"):
            raise PermissionDenied(gettext("不支持的格式"))
        project = _project(request, pk)
        period = _period(request)
        rows = work_ledger(project)
        result = analysis(project, period)
        if fmt == "xlsx":
            content = exports.work_ledger_xlsx(project, rows, result)
            mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            content = exports.work_ledger_pdf(project, rows, result, request)
            mime = "application/pdf"
        with transaction.atomic():
            ledger.append(
                "export",
                obj=project,
                after={"what": "work_ledger", "format": fmt, "rows": len(rows), "period": period.label},
            )
            ledger.append(
                "supervision_analysis",
                obj=project,
                after={
                    "period": period.label,
                    "findings": result["findings"],
                    "on_time_rate": result["on_time_rate"],
                },
            )
        response = HttpResponse(content, content_type=mime)
        response["Content-Disposition"] = (
            f'attachment; filename="work-ledger-{project.pk}-{period.year}-{period.index}.{fmt}"'
        )
        return response
