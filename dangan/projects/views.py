"""Web pages of projects: list, 立项 form, detail with the lifecycle, transitions, evidence, filings.

Reading: ``Project.objects.restrict(user)`` (client, assigned provider, regulators over either); out of
scope is 404. Changing: only the client (``restrict(user, CHANGE)``) and only with the capability (403).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from dangan.core.permissions import can
from dangan.core.scoping import CHANGE, VIEW, user_organization
from dangan.core.views import CapabilityRequiredMixin, ObjectEditView, ObjectListView

from . import forms, services
from .filtersets import FilingPolicyFilterSet, ProjectFilterSet
from .models import (
    ArchiveGroup,
    Contract,
    Project,
    ProjectStatus,
    ProviderEvaluation,
    RegionFilingPolicy,
    ResponsiblePerson,
    SelectionDecision,
    Site,
)
from .permissions import ASSIGN_STAFF, EVIDENCE, FILING_POLICY, MANAGE
from .tables import FilingPolicyTable, FilingTable, ProjectTable

TRANSITION_LABELS = {
    ProjectStatus.FILED: _("提交备案"),
    ProjectStatus.SELECTING: _("进入比选"),
    ProjectStatus.CONTRACTED: _("进入合同签订"),
    ProjectStatus.IN_PROGRESS: _("开始实施"),
    ProjectStatus.ACCEPTING: _("提请验收"),
    ProjectStatus.EVALUATING: _("验收完成，进入评价"),
    ProjectStatus.CLOSED: _("结项"),
}


def get_project(request: HttpRequest, pk: int, action: str = VIEW) -> Project:
    qs = Project.objects.restrict(request.user, action).select_related("client", "provider", "filed_with")
    return get_object_or_404(qs, pk=pk)


def sees_selection(user: Any) -> bool:
    """比选 is the client's (and its regulators'); a provider never sees the candidates."""
    org = user_organization(user)
    return org is not None and not org.is_provider


class ProjectListView(ObjectListView):
    model = Project
    table_class = ProjectTable
    filterset_class = ProjectFilterSet
    title = _("外包项目")
    add_url_name = "project_add"
    add_capability = MANAGE

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("client", "provider")


class FilingListView(ObjectListView):
    """备案: the projects filed with the regulators of this jurisdiction."""

    model = Project
    table_class = FilingTable
    filterset_class = ProjectFilterSet
    title = _("项目备案")

    def dispatch(self, request, *args: Any, **kwargs: Any):
        org = user_organization(request.user)
        if request.user.is_authenticated and (org is None or not org.is_regulator):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().filter(filed_on__isnull=False).select_related("client", "filed_with")


class ProjectEditView(ObjectEditView):
    model = Project
    template_name = "projects/project_form.html"
    form_class = forms.ProjectForm
    capability = MANAGE

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "client": user_organization(self.request.user)}

    def form_valid(self, form):
        try:
            self.object = services.save_scope_part(form.save(commit=False))
        except services.ProjectActionRefused as exc:
            context = self.get_context_data(form=form)
            context["refusal"] = exc
            return render(self.request, "projects/project_form.html", context, status=409)
        messages.success(self.request, gettext("已保存"))
        return redirect(self.object.get_absolute_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = gettext("修改项目") if self.object else gettext("新建外包项目（立项）")
        context["cancel_url"] = self.object.get_absolute_url() if self.object else reverse("project_list")
        return context


def detail_context(request: HttpRequest, project: Project) -> dict[str, Any]:
    user = request.user
    own = Project.objects.restrict(user, CHANGE).filter(pk=project.pk).exists()
    can_manage = own and can(user, MANAGE)
    order = [s.value for s in ProjectStatus]
    current = order.index(project.status)
    steps = [
        {"code": s.value, "label": s.label, "done": i < current, "current": i == current}
        for i, s in enumerate(ProjectStatus)
    ]
    targets = []
    if can_manage:
        for target in services.allowed_targets(project):
            if (
                target == ProjectStatus.SELECTING
                and project.status == ProjectStatus.DRAFT
                and services.filing_required(project)
            ):
                continue
            if target == ProjectStatus.FILED and not services.filing_required(project):
                continue
            try:
                blocking = [r for r in services.check_transition(project, target) if r.blocking]
            except services.TransitionRefused as exc:
                blocking = exc.results
            targets.append({"code": target, "label": TRANSITION_LABELS[target], "blocking": blocking})
    context: dict[str, Any] = {
        "object": project,
        "project": project,
        "steps": steps,
        "targets": targets,
        "can_manage": can_manage,
        "can_evidence": own and can(user, EVIDENCE) and project.status != ProjectStatus.CLOSED,
        "can_assign_staff": (
            can(user, ASSIGN_STAFF)
            and project.provider_id == getattr(user_organization(user), "pk", None)
            and project.status in (ProjectStatus.CONTRACTED, ProjectStatus.IN_PROGRESS)
        ),
        "filing_required": services.filing_required(project),
        "archive_groups": project.archive_groups.all(),
        "sites": project.sites.all(),
        "persons": project.responsible_persons.all(),
        "operating_rules": project.operating_rules.all(),
        "assignments": project.staff_assignments.select_related("staff"),
        "contract": Contract.objects.filter(project=project).first(),
        "evaluation": ProviderEvaluation.objects.filter(project=project).first(),
        "sees_selection": sees_selection(user),
    }
    if context["sees_selection"]:
        context["selection"] = (
            SelectionDecision.objects.filter(project=project).select_related("provider").first()
        )
        context["candidate_count"] = project.candidates.count()
    return context


class ProjectDetailView(CapabilityRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        project = get_project(request, pk)
        return render(request, "projects/project_detail.html", detail_context(request, project))


class TransitionView(CapabilityRequiredMixin, View):
    capability = MANAGE

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        project = get_project(request, pk, CHANGE)
        form = forms.TransitionForm(request.POST)
        if not form.is_valid():
            raise Http404
        target = form.cleaned_data["to_status"]
        try:
            services.transition(
                project,
                target,
                request.user,
                filing_reference=form.cleaned_data.get("filing_reference") or "",
            )
        except services.TransitionRefused as exc:
            project.refresh_from_db()
            context = detail_context(request, project)
            context["refusal"] = exc
            return render(request, "projects/project_detail.html", context, status=409)
        messages.success(request, gettext("项目已进入“%(v1)s”阶段") % {"v1": ProjectStatus(target).label})
        return redirect(project.get_absolute_url())


class CompletionReportView(CapabilityRequiredMixin, View):
    capability = MANAGE

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        project = get_project(request, pk, CHANGE)
        try:
            services.report_completion(project, request.user)
            messages.success(request, gettext("已向档案行政管理部门报告完成情况"))
        except services.ProjectActionRefused as exc:
            messages.error(request, str(exc))
        return redirect(project.get_absolute_url())


# ----------------------------------------------------------------------------------------- evidence

PARTS: dict[str, tuple[type, type, str]] = {
    "archive-groups": (ArchiveGroup, forms.ArchiveGroupForm, _("外包档案")),
    "sites": (Site, forms.SiteForm, _("场所")),
    "persons": (ResponsiblePerson, forms.ResponsiblePersonForm, _("具体负责人员")),
}


class PartEditView(CapabilityRequiredMixin, View):
    """Add or change an archive group, a site or a responsible person of a project."""

    capability = EVIDENCE
    template_name = "projects/part_form.html"

    def setup_part(self, request: HttpRequest, pk: int, part: str, item: int | None) -> None:
        if part not in PARTS:
            raise Http404
        self.model, self.form_class, self.label = PARTS[part]
        self.project = get_project(request, pk, CHANGE)
        self.instance = (
            get_object_or_404(
                self.model.objects.restrict(request.user, CHANGE), pk=item, project=self.project
            )
            if item
            else self.model(project=self.project)
        )

    def render_form(
        self, request: HttpRequest, form: Any, refusal: Any = None, status: int = 200
    ) -> HttpResponse:
        title = (gettext("修改%(label)s") if self.instance.pk else gettext("登记%(label)s")) % {
            "label": self.label
        }
        context = {"form": form, "title": title, "project": self.project, "refusal": refusal}
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int, part: str, item: int | None = None) -> HttpResponse:
        self.setup_part(request, pk, part, item)
        return self.render_form(request, self.form_class(instance=self.instance))

    def post(self, request: HttpRequest, pk: int, part: str, item: int | None = None) -> HttpResponse:
        self.setup_part(request, pk, part, item)
        form = self.form_class(request.POST, instance=self.instance)
        if not form.is_valid():
            return self.render_form(request, form)
        try:
            services.save_scope_part(form.save(commit=False))
        except services.ProjectActionRefused as exc:
            return self.render_form(request, form, refusal=exc, status=409)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.render_form(request, form)
        messages.success(request, gettext("已保存%(label)s") % {"label": self.label})
        return redirect(self.project.get_absolute_url())


class PartDeleteView(CapabilityRequiredMixin, View):
    capability = EVIDENCE

    def post(self, request: HttpRequest, pk: int, part: str, item: int) -> HttpResponse:
        if part not in PARTS:
            raise Http404
        model = PARTS[part][0]
        project = get_project(request, pk, CHANGE)
        obj = get_object_or_404(model.objects.restrict(request.user, CHANGE), pk=item, project=project)
        try:
            services.delete_scope_part(obj)
            messages.success(request, gettext("已删除"))
        except services.ProjectActionRefused as exc:
            messages.error(request, str(exc))
        return redirect(project.get_absolute_url())


class OperatingRulesView(CapabilityRequiredMixin, View):
    capability = EVIDENCE

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        project = get_project(request, pk, CHANGE)
        form = forms.OperatingRulesForm(initial={"codes": [r.code for r in project.operating_rules.all()]})
        return render(
            request,
            "projects/part_form.html",
            {"form": form, "project": project, "title": gettext("操作规程（SEC14-2.6）")},
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        project = get_project(request, pk, CHANGE)
        form = forms.OperatingRulesForm(request.POST)
        if not form.is_valid():
            return render(
                request,
                "projects/part_form.html",
                {"form": form, "project": project, "title": gettext("操作规程")},
            )
        services.set_operating_rules(project, form.cleaned_data["codes"])
        messages.success(request, gettext("已保存操作规程"))
        return redirect(project.get_absolute_url())


# ---------------------------------------------------------------------------------- filing policy


class FilingPolicyListView(ObjectListView):
    model = RegionFilingPolicy
    table_class = FilingPolicyTable
    filterset_class = FilingPolicyFilterSet
    title = _("备案要求")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if can(self.request.user, FILING_POLICY):
            context["add_url_name"] = "project_filing_policy_mine"
        return context


class FilingPolicyEditView(CapabilityRequiredMixin, View):
    """A regulator sets the filing requirement of its own jurisdiction."""

    capability = FILING_POLICY

    def policy(self, request: HttpRequest, pk: int | None) -> RegionFilingPolicy:
        org = user_organization(request.user)
        if pk is not None:
            return get_object_or_404(RegionFilingPolicy.objects.restrict(request.user, CHANGE), pk=pk)
        return RegionFilingPolicy.objects.filter(regulator=org).first() or RegionFilingPolicy(regulator=org)

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        policy = self.policy(request, pk)
        form = forms.FilingPolicyForm(instance=policy)
        return render(
            request,
            "generic/object_edit.html",
            {
                "form": form,
                "title": gettext("备案要求：%(policy_regulator_name)s")
                % {"policy_regulator_name": policy.regulator.name},
                "cancel_url": reverse("project_filing_policies"),
            },
        )

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        from django.db import transaction

        policy = self.policy(request, pk)
        form = forms.FilingPolicyForm(request.POST, instance=policy)
        if not form.is_valid():
            return render(request, "generic/object_edit.html", {"form": form, "title": gettext("备案要求")})
        with transaction.atomic():
            form.save()
        messages.success(request, gettext("已保存备案要求"))
        return redirect("project_filing_policies")
