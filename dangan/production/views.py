"""Production pages: the board (record a stage for many units at once), stage list, statistics."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext
from django.views import generic

from dangan.core.permissions import can
from dangan.custody.models import ArchiveUnit
from dangan.custody.views.common import scoped_project
from dangan.projects.models import Project
from dangan.providers.models import StaffMember

from . import services
from .forms import RecordForm, StagesForm
from .models import StageDefinition, UnitProgress, UnitStatus


def _is_provider(user: Any, project: Project) -> bool:
    return getattr(user, "organization_id", None) == project.provider_id and project.provider_id is not None


class ProjectIndexView(LoginRequiredMixin, generic.TemplateView):
    template_name = "production/index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["projects"] = (
            Project.objects.restrict(self.request.user)
            .select_related("client", "provider")
            .order_by("-created_at")
        )
        return context


class BoardView(LoginRequiredMixin, generic.TemplateView):
    template_name = "production/board.html"
    page_size = 200

    def dispatch(self, request, *args: Any, **kwargs: Any):
        if request.user.is_authenticated:
            self.project = scoped_project(request.user, kwargs["project_pk"])
        return super().dispatch(request, *args, **kwargs)

    def can_record(self) -> bool:
        return can(self.request.user, "production.record") and _is_provider(self.request.user, self.project)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        project = self.project
        stages = services.ensure_stages(project)
        units = ArchiveUnit.objects.filter(project_units__project=project).order_by("archive_no")
        stage_filter = self.request.GET.get("stage", "")
        progress = {
            p.unit_id: p for p in UnitProgress.objects.filter(project=project).select_related("stage")
        }
        if stage_filter == "done":
            units = units.filter(pk__in=[u for u, p in progress.items() if p.status == UnitStatus.DONE])
        elif stage_filter.isdigit():
            at = int(stage_filter)
            started = set(progress)
            ids = [u for u, p in progress.items() if p.stage_id == at]
            if stages and stages[0].pk == at:
                units = units.exclude(pk__in=[u for u in started if u not in ids])
            else:
                units = units.filter(pk__in=ids)
        page = Paginator(units, self.page_size).get_page(self.request.GET.get("page"))
        rows = [{"unit": u, "progress": progress.get(u.pk)} for u in page.object_list]
        operators = services.eligible_operators(project) if project.provider_id else []
        context.update(
            project=project,
            stages=stages,
            first_stage=stages[0] if stages else None,
            rows=rows,
            page_obj=page,
            stage_filter=stage_filter,
            can_record=self.can_record(),
            can_configure=can(self.request.user, "production.configure")
            and self.request.user.organization_id in (project.client_id, project.provider_id),
            form=kwargs.get("form") or RecordForm(stages=stages, operators=operators),
            summary=services.progress(project),
            no_operators=not operators,
        )
        return context

    def post(self, request, project_pk: int):
        if not self.can_record():
            raise PermissionDenied(gettext("您没有执行此操作的权限"))
        project = self.project
        stages = services.ensure_stages(project)
        operators = list(
            StaffMember.objects.filter(provider=project.provider)
        )  # the service refuses anyone not eligible, with the rule ID
        form = RecordForm(request.POST, stages=stages, operators=operators)
        ids = [int(x) for x in request.POST.getlist("units") if x.isdigit()]
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        if not ids:
            messages.error(request, gettext("请先勾选档案"))
            return self.render_to_response(self.get_context_data(form=form))
        by_pk = {s.pk: s for s in stages}
        d = form.cleaned_data
        units = list(
            ArchiveUnit.objects.filter(pk__in=ids, project_units__project=project).order_by("archive_no")
        )
        operator = StaffMember.objects.get(pk=int(d["operator"]))
        recorded, refused = 0, []
        for unit in units:
            try:
                services.record(
                    project,
                    services.Report(
                        unit=unit,
                        stage=by_pk[int(d["stage"])],
                        operator=operator,
                        finished_at=d["finished_at"] or timezone.now(),
                        pages=d["pages"] if d["pages"] is not None else unit.pages,
                        result=d["result"],
                        rework_to_stage=by_pk.get(int(d["rework_to_stage"]))
                        if d["rework_to_stage"]
                        else None,
                        reason=d["reason"] or "",
                    ),
                    request.user,
                )
                recorded += 1
            except services.ProductionError as exc:
                refused.append(f"{unit.archive_no}：{exc}")
        if recorded:
            messages.success(request, gettext("已记录 %(n)d 卷（件）") % {"n": recorded})
        for line in refused[:30]:
            messages.error(request, line)
        return redirect(request.get_full_path())


class StagesView(LoginRequiredMixin, generic.FormView):
    template_name = "production/stages.html"
    form_class = StagesForm

    def dispatch(self, request, *args: Any, **kwargs: Any):
        if request.user.is_authenticated:
            self.project = scoped_project(request.user, kwargs["project_pk"])
            if not (
                can(request.user, "production.configure")
                and request.user.organization_id in (self.project.client_id, self.project.provider_id)
            ):
                raise PermissionDenied(gettext("您没有执行此操作的权限"))
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        stages = services.ensure_stages(self.project)
        lines = [f"{s.code} {s.name}{' 自检' if s.is_inspection else ''}" for s in stages]
        return {"stages": "\n".join(lines)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["project"] = self.project
        context["stages"] = StageDefinition.objects.filter(project=self.project).order_by("order")
        return context

    def form_valid(self, form: StagesForm):
        try:
            services.set_stages(self.project, services.parse_stage_lines(form.cleaned_data["stages"]))
        except services.ProductionError as exc:
            form.add_error("stages", str(exc))
            return self.form_invalid(form)
        messages.success(self.request, gettext("生产环节已保存"))
        return redirect("production:board", project_pk=self.project.pk)


class StatsView(LoginRequiredMixin, generic.TemplateView):
    template_name = "production/stats.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        project = scoped_project(self.request.user, self.kwargs["project_pk"])
        summary = services.progress(project)
        context.update(
            project=project,
            summary=summary,
            workload=services.workload(project),
            chart={
                "stages": [s["name"] for s in summary["stages"]],
                "waiting": [s["waiting"] for s in summary["stages"]],
                "passed": [s["passed"] for s in summary["stages"]],
                "days": [d["day"] for d in summary["daily"]],
                "units": [d["units"] for d in summary["daily"]],
                "pages": [d["pages"] for d in summary["daily"]],
            },
        )
        return context
