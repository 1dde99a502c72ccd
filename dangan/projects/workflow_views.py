"""Web pages of 比选, 合同, 评价, staff assignment and the compliance checklist (with its PDF)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext
from django.views import View

from dangan.core.permissions import can
from dangan.core.scoping import CHANGE, user_organization
from dangan.core.views import CapabilityRequiredMixin
from dangan.engines.compliance.vocab import CONTRACT_CLAUSES, KIND_LABELS, STAGES, STATUS_LABELS
from dangan.ledger import services as ledger

from . import forms, services
from .models import Candidate, Contract, ProjectStatus, ProviderEvaluation, SelectionDecision
from .permissions import ASSIGN_STAFF, MANAGE
from .views import get_project, sees_selection

# ------------------------------------------------------------------------------------------- 比选


class SelectionView(CapabilityRequiredMixin, View):
    """Candidates with the engine's eligibility and the weighted score; the choice and its reasons."""

    template_name = "projects/selection.html"

    def project(self, request: HttpRequest, pk: int, action: str = "view"):
        if not sees_selection(request.user):
            raise Http404
        return get_project(request, pk, action)

    def context(self, request: HttpRequest, project, **extra: Any) -> dict[str, Any]:
        own = project.client_id == getattr(user_organization(request.user), "pk", None)
        can_manage = own and can(request.user, MANAGE) and project.status == ProjectStatus.SELECTING
        candidates = list(
            Candidate.objects.restrict(request.user).filter(project=project).select_related("provider")
        )
        for c in candidates:
            credit = services.provider_credit_summary(c.provider)
            c.credit = {"average": credit["average"], "evaluations": credit["evaluations"]}
        criteria = []
        if candidates and candidates[0].score:
            criteria = [
                (c["criterion"], c["label"], c["weight"]) for c in candidates[0].score.get("criteria", [])
            ]
        context = {
            "project": project,
            "object": project,
            "candidates": candidates,
            "criteria": criteria,
            "can_manage": can_manage,
            "selection": SelectionDecision.objects.filter(project=project)
            .select_related("provider", "decided_by")
            .first(),
            "candidate_form": forms.CandidateForm() if can_manage else None,
            "selection_form": forms.SelectionForm(project=project) if can_manage and candidates else None,
        }
        context.update(extra)
        return context

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        project = self.project(request, pk)
        return render(request, self.template_name, self.context(request, project))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not can(request.user, MANAGE):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied(gettext("您没有执行此操作的权限"))
        project = self.project(request, pk, CHANGE)
        action = request.POST.get("action")
        try:
            if action == "add":
                form = forms.CandidateForm(request.POST)
                if not form.is_valid():
                    return render(
                        request,
                        self.template_name,
                        self.context(request, project, candidate_form=form),
                        status=400,
                    )
                services.add_candidate(
                    project,
                    form.cleaned_data["provider"],
                    price=form.cleaned_data["price"],
                    notes=form.cleaned_data["notes"],
                )
                messages.success(
                    request, gettext("已添加候选服务方：%(v1)s") % {"v1": form.cleaned_data["provider"].name}
                )
            elif action == "remove":
                candidate = get_object_or_404(
                    Candidate.objects.restrict(request.user, CHANGE),
                    pk=request.POST.get("candidate"),
                    project=project,
                )
                services.remove_candidate(candidate)
                messages.success(request, gettext("已移除候选服务方"))
            elif action == "rescore":
                services.score_candidates(project)
                messages.success(request, gettext("已重新审查并评分"))
            elif action == "select":
                form = forms.SelectionForm(request.POST, project=project)
                if not form.is_valid():
                    return render(
                        request,
                        self.template_name,
                        self.context(request, project, selection_form=form),
                        status=400,
                    )
                data = form.cleaned_data
                services.select_provider(
                    project,
                    data["candidate"],
                    request.user,
                    reasons=data["reasons"],
                    examined=data["examined"],
                    market_research=data["market_research"],
                    business_inspection=data["business_inspection"],
                    comparative_selection=data["comparative_selection"],
                    security_capability_reviewed=data["security_capability_reviewed"],
                    qualifications_reviewed=data["qualifications_reviewed"],
                    preference_note=data["preference_note"],
                )
                messages.success(
                    request, gettext("已选定服务方：%(v1)s") % {"v1": data["candidate"].provider.name}
                )
            else:
                raise Http404
        except services.ProjectActionRefused as exc:
            return render(
                request, self.template_name, self.context(request, project, refusal=exc), status=409
            )
        return redirect("project_selection", pk=project.pk)


# ------------------------------------------------------------------------------------------- 合同


class ContractView(CapabilityRequiredMixin, View):
    template_name = "projects/contract.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        project = get_project(request, pk)
        contract = Contract.objects.filter(project=project).first()
        own = project.client_id == getattr(user_organization(request.user), "pk", None)
        can_edit = own and can(request.user, MANAGE) and project.status in services.CONTRACT_STATUSES
        context = {
            "project": project,
            "contract": contract,
            "can_edit": can_edit,
            "clause_rows": clause_rows(contract),
        }
        if can_edit:
            context["form"] = forms.ContractForm(instance=contract or Contract(project=project))
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not can(request.user, MANAGE):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied(gettext("您没有执行此操作的权限"))
        project = get_project(request, pk, CHANGE)
        contract = Contract.objects.filter(project=project).first() or Contract(project=project)
        form = forms.ContractForm(request.POST, request.FILES, instance=contract)
        context = {
            "project": project,
            "contract": contract if contract.pk else None,
            "can_edit": True,
            "form": form,
        }
        if not form.is_valid():
            return render(request, self.template_name, context, status=400)
        data = {name: form.cleaned_data[name] for name in forms.ContractForm.Meta.fields}
        for name in ("file", "security_agreement_file"):
            if not data[name]:
                data.pop(name)  # keep the stored file when none was uploaded
        try:
            services.save_contract(project, data, form.clause_locations())
        except services.ProjectActionRefused as exc:
            context["refusal"] = exc
            return render(request, self.template_name, context, status=409)
        except ValidationError as exc:
            form.add_error(None, exc)
            return render(request, self.template_name, context, status=400)
        messages.success(request, gettext("已登记委托合同"))
        return redirect("project_contract", pk=project.pk)


def clause_rows(contract: Contract | None) -> list[dict[str, Any]]:
    found = {c.code: c.location for c in contract.clauses.all()} if contract else {}
    from dangan.engines.compliance.vocab import LAW24_CLAUSES, SX32_CLAUSES

    rows = []
    for code, label in CONTRACT_CLAUSES.items():
        basis = [b for b, codes in (("SX-3.2", SX32_CLAUSES), ("LAW-24", LAW24_CLAUSES)) if code in codes]
        rows.append(
            {
                "code": code,
                "label": gettext(label),
                "location": found.get(code, ""),
                "basis": "、".join(basis),
            }
        )
    return rows


# ------------------------------------------------------------------------------------------- 评价


class EvaluationView(CapabilityRequiredMixin, View):
    capability = MANAGE

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        project = get_project(request, pk, CHANGE)
        existing = ProviderEvaluation.objects.filter(project=project).first()
        initial = {f"rating_{k}": v for k, v in (existing.ratings if existing else {}).items()}
        if existing:
            initial["comments"] = existing.comments
        form = forms.EvaluationForm(initial=initial)
        return self.show(request, project, form)

    def show(
        self, request: HttpRequest, project, form, status: int = 200, refusal: Any = None
    ) -> HttpResponse:
        context = {
            "form": form,
            "project": project,
            "title": gettext("评价服务方：%(v1)s")
            % {"v1": project.provider.name if project.provider else ""},
            "refusal": refusal,
        }
        return render(request, "projects/part_form.html", context, status=status)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        project = get_project(request, pk, CHANGE)
        form = forms.EvaluationForm(request.POST)
        if not form.is_valid():
            return self.show(request, project, form, status=400)
        try:
            services.save_evaluation(project, request.user, form.ratings(), form.cleaned_data["comments"])
        except services.ProjectActionRefused as exc:
            return self.show(request, project, form, status=409, refusal=exc)
        messages.success(request, gettext("已保存评价"))
        return redirect(project.get_absolute_url())


# ------------------------------------------------------------------------------------- staff


class StaffAssignView(CapabilityRequiredMixin, View):
    capability = ASSIGN_STAFF

    def project(self, request: HttpRequest, pk: int):
        project = get_project(request, pk)
        if project.provider_id != getattr(user_organization(request.user), "pk", None):
            raise Http404
        return project

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        project = self.project(request, pk)
        form = forms.StaffAssignmentForm(project=project)
        return render(
            request,
            "projects/part_form.html",
            {"form": form, "project": project, "title": gettext("派驻工作人员")},
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        project = self.project(request, pk)
        form = forms.StaffAssignmentForm(request.POST, project=project)
        if not form.is_valid():
            return render(
                request,
                "projects/part_form.html",
                {"form": form, "project": project, "title": gettext("派驻工作人员")},
                status=400,
            )
        try:
            services.assign_staff(
                project,
                form.cleaned_data["staff"],
                role=form.cleaned_data["role"],
                assigned_on=form.cleaned_data["assigned_on"],
            )
        except services.ProjectActionRefused as exc:
            context = {"form": form, "project": project, "title": gettext("派驻工作人员"), "refusal": exc}
            return render(request, "projects/part_form.html", context, status=409)
        messages.success(request, gettext("已派驻：%(v1)s") % {"v1": form.cleaned_data["staff"].name})
        return redirect(project.get_absolute_url())


# ------------------------------------------------------------------------------------- checklist


def checklist_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    project = get_project(request, pk)
    stage = request.GET.get("stage") or None
    if stage is not None and stage not in STAGES:
        raise Http404
    evaluation = services.evaluate_project(project, stage)
    rows = []
    for f in evaluation.results:
        rows.append(
            {
                "id": f.rule_id,
                "title": f.rule.title,
                "source": f.rule.source,
                "kind": str(f.kind),
                "kind_label": gettext(KIND_LABELS[f.kind]),
                "status": str(f.status),
                "status_label": gettext(STATUS_LABELS[f.status]),
                "message": f.message,
                "evidence": json.dumps(f.evidence, ensure_ascii=False, indent=1) if f.evidence else "",
                "wording": f.rule.wording,
                "verbatim": f.rule.verbatim,
            }
        )
    summary = evaluation.to_dict()
    return {
        "project": project,
        "object": project,
        "rows": rows,
        "summary": summary,
        "stage": stage or "",
        "stages": [(code, gettext(label)) for code, label in STAGES.items()],
        "generated_at": timezone.localtime(),
    }


class ChecklistView(CapabilityRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render(request, "projects/checklist.html", checklist_context(request, pk))


class ChecklistPdfView(CapabilityRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        from weasyprint import HTML

        context = checklist_context(request, pk)
        html = render_to_string("projects/checklist_pdf.html", context, request=request)
        pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
        project = context["project"]
        from django.db import transaction

        with transaction.atomic():
            ledger.append(
                "export",
                obj=project,
                after={
                    "what": "compliance_checklist",
                    "format": "pdf",
                    "stage": context["stage"] or None,
                    "decision": context["summary"]["decision"],
                },
            )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="checklist-{project.pk}.pdf"'
        return response
