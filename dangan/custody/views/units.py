"""Pages about archive units and a project's custody overview (reconciliation)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, Q, QuerySet
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import generic

from dangan.core.audit_context import Actor, acting_as
from dangan.core.permissions import can
from dangan.core.scoping import CHANGE
from dangan.core.views import CapabilityRequiredMixin, ObjectDetailView, ObjectEditView, ObjectListView
from dangan.projects.models import Project

from .. import archive_no as archive_no_mod
from .. import services
from ..filtersets import ArchiveUnitFilterSet
from ..forms import AddUnitsForm, ArchiveUnitForm
from ..models import (
    OUTSTANDING_STATES,
    ArchiveUnit,
    BatchStatus,
    CustodyIncident,
    CustodyState,
    Direction,
    HandoverBatch,
    HandoverItem,
)
from ..tables import ArchiveUnitTable
from .common import can_act, scoped_project


class UnitListView(ObjectListView):
    model = ArchiveUnit
    table_class = ArchiveUnitTable
    filterset_class = ArchiveUnitFilterSet
    template_name = "custody/unit_list.html"
    title = _("档案")
    add_url_name = "custody:unit_add"
    add_capability = "custody.manage_units"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("holder")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_import"] = can(self.request.user, "custody.manage_units")
        return context


class UnitDetailView(ObjectDetailView):
    model = ArchiveUnit
    template_name = "custody/unit_detail.html"
    context_object_name = "unit"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from dangan.production.models import StageEvent, UnitProgress

        context = super().get_context_data(**kwargs)
        user = self.request.user
        unit: ArchiveUnit = self.object
        context["handover_items"] = (
            HandoverItem.objects.restrict(user)
            .filter(unit=unit)
            .select_related("batch", "batch__project", "batch__sender_org", "batch__receiver_org")
            .order_by("-batch__created_at")
        )
        context["incidents"] = (
            CustodyIncident.objects.restrict(user).filter(unit=unit).select_related("project")
        )
        context["stage_events"] = (
            StageEvent.objects.restrict(user)
            .filter(unit=unit)
            .select_related("stage", "operator", "rework_to_stage", "project")
            .order_by("-finished_at", "-pk")
        )
        context["progress"] = (
            UnitProgress.objects.restrict(user).filter(unit=unit).select_related("stage", "project")
        )
        context["projects"] = Project.objects.restrict(user).filter(project_units__unit=unit)
        context["can_edit"] = (
            can(user, "custody.manage_units")
            and ArchiveUnit.objects.restrict(user, CHANGE).filter(pk=unit.pk).exists()
        )
        return context


class UnitEditView(ObjectEditView):
    model = ArchiveUnit
    form_class = ArchiveUnitForm
    capability = "custody.manage_units"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "owner": self.request.user.organization}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = gettext("修改档案") if self.object else gettext("新增档案")
        return context


class ProjectListView(LoginRequiredMixin, generic.TemplateView):
    """Projects in scope with their custody counts: where to start a hand-over or look at reconciliation."""

    template_name = "custody/project_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        projects = (
            Project.objects.restrict(self.request.user)
            .select_related("client", "provider")
            .annotate(
                unit_count=Count("project_units", distinct=True),
                outstanding=Count(
                    "units_in_custody",
                    filter=Q(units_in_custody__custody_state__in=OUTSTANDING_STATES),
                    distinct=True,
                ),
                open_incidents=Count(
                    "custody_incidents", filter=Q(custody_incidents__resolved_at__isnull=True), distinct=True
                ),
            )
            .order_by("-created_at")
        )
        context["projects"] = projects
        return context


class ProjectCustodyView(LoginRequiredMixin, generic.TemplateView):
    """Reconciliation dashboard of one project: counts per state, overdue and missing units, incidents."""

    template_name = "custody/project_custody.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        project = scoped_project(user, self.kwargs["project_pk"])
        # Overdue is a matter of the calendar, not of anyone's action: checked here and by the periodic task.
        with acting_as(Actor.system("custody-overdue-check")):
            services.raise_overdue_incidents(project=project)
        result = services.reconcile(project)
        org = getattr(user, "organization", None)
        is_client = org is not None and org.pk == project.client_id
        is_provider = org is not None and org.pk == project.provider_id
        context.update(
            project=project,
            rec=result,
            chart=[{"name": label, "value": n} for _code, label, n in result.state_rows],
            batches=HandoverBatch.objects.restrict(user)
            .filter(project=project)
            .select_related("sender_org", "receiver_org")
            .annotate(item_count=Count("items")),
            incidents=CustodyIncident.objects.restrict(user)
            .filter(project=project)
            .select_related("unit")
            .order_by("resolved_at", "-opened_at")[:100],
            overdue_units=ArchiveUnit.objects.filter(
                services.overdue_filter(self._today()), custody_project=project
            ).select_related("holder")[:100],
            missing_units=ArchiveUnit.objects.filter(
                custody_project=project, custody_state=CustodyState.MISSING
            ).select_related("holder")[:100],
            close_problems=services.close_problems(project),
            can_add_units=is_client and can(user, "custody.manage_units"),
            can_create_out=is_client and can_act(project, user) and project.provider_id is not None,
            can_create_return=is_provider and can_act(project, user),
            add_form=AddUnitsForm(),
            open_statuses=(BatchStatus.DRAFT, BatchStatus.SENT),
            directions=Direction,
        )
        return context

    def _today(self):
        from django.utils import timezone

        return timezone.localdate()


class AddUnitsView(CapabilityRequiredMixin, generic.View):
    capability = "custody.manage_units"
    http_method_names = ["post"]

    def post(self, request, project_pk: int):
        project = scoped_project(request.user, project_pk, CHANGE)
        if request.user.organization_id != project.client_id:
            messages.error(request, gettext("只有委托方可以把本单位档案加入项目"))
            return redirect("custody:project", project_pk=project.pk)
        form = AddUnitsForm(request.POST)
        form.is_valid()
        lines = [ln.strip() for ln in (form.cleaned_data.get("archive_nos") or "").splitlines() if ln.strip()]
        prefix = archive_no_mod.normalize(form.cleaned_data.get("whole_fonds_year") or "")
        owned = ArchiveUnit.objects.filter(owner=project.client)
        units: list[ArchiveUnit] = []
        unknown: list[str] = []
        if lines:
            found = {
                u.archive_no: u
                for u in owned.filter(archive_no__in=[archive_no_mod.normalize(x) for x in lines])
            }
            for line in lines:
                unit = found.get(archive_no_mod.normalize(line))
                if unit is None:
                    unknown.append(line)
                else:
                    units.append(unit)
        if prefix:
            units.extend(owned.filter(archive_no__startswith=prefix).order_by("archive_no"))
        result = services.add_units_to_project(project, units)
        if result.added:
            messages.success(request, gettext("已加入 %(n)d 卷（件）档案") % {"n": len(result.added)})
        for no in unknown:
            messages.error(request, gettext("未找到档号为“%(no)s”的档案") % {"no": no})
        for no, reason in result.refused[:50]:
            messages.error(request, f"{no}：{reason}")
        if not (result.added or unknown or result.refused):
            messages.info(request, gettext("没有可加入的档案"))
        return redirect("custody:project", project_pk=project.pk)
