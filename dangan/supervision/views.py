"""Web pages: inspections with their checklists, findings, rectification orders, incidents, notifications.

Reading goes through ``Model.objects.restrict(user)`` (out of scope → 404); writing needs the capability
(403) and the services check the organization once more (refusals name their rule ID).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from dangan.core.permissions import can
from dangan.core.scoping import user_organization
from dangan.core.views import CapabilityRequiredMixin, ObjectListView

from . import forms
from .filtersets import FindingFilterSet, IncidentFilterSet, InspectionFilterSet, RectificationFilterSet
from .models import Finding, Incident, Inspection, Notification, OrderStatus, RectificationOrder
from .permissions import CLOSE_INCIDENT, INSPECT, REPORT_INCIDENT, RESPOND
from .services import SupervisionError
from .services import incidents as incident_services
from .services import inspections as inspection_services
from .services.deadlines import maybe_check_deadlines
from .tables import FindingTable, IncidentTable, InspectionTable, RectificationTable


def refused(request: HttpRequest, exc: SupervisionError, to: str) -> HttpResponse:
    messages.error(request, exc.message)
    return redirect(to)


class InspectionListView(ObjectListView):
    model = Inspection
    table_class = InspectionTable
    filterset_class = InspectionFilterSet
    title = _("监督检查")
    add_url_name = "supervision:inspection_add"
    add_capability = INSPECT
    template_name = "supervision/inspection_list.html"

    def get_queryset(self) -> QuerySet:
        maybe_check_deadlines()
        return super().get_queryset().select_related("inspector_org", "target_org", "project")


class InspectionCreateView(CapabilityRequiredMixin, View):
    capability = INSPECT

    def get(self, request: HttpRequest) -> HttpResponse:
        form = forms.InspectionForm(user=request.user, initial={"project": request.GET.get("project")})
        return self.show(request, form)

    def show(self, request: HttpRequest, form: Any) -> HttpResponse:
        return render(
            request,
            "generic/object_edit.html",
            {"form": form, "title": gettext("登记监督检查"), "cancel_url": "/supervision/"},
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.InspectionForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.show(request, form)
        try:
            inspection = inspection_services.create_inspection(request.user, **form.cleaned_data)
        except SupervisionError as exc:
            form.add_error(None, exc.message)
            return self.show(request, form)
        messages.success(request, gettext("已登记"))
        return redirect(inspection.get_absolute_url())


def get_inspection(request: HttpRequest, pk: int) -> Inspection:
    qs = Inspection.objects.restrict(request.user).select_related(
        "inspector_org", "target_org", "project", "template"
    )
    return get_object_or_404(qs, pk=pk)


class InspectionDetailView(CapabilityRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int, **forms_in: Any) -> HttpResponse:
        inspection = get_inspection(request, pk)
        org = user_organization(request.user)
        is_inspector = (
            org is not None and org.pk == inspection.inspector_org_id and can(request.user, INSPECT)
        )
        context: dict[str, Any] = {
            "object": inspection,
            "results": inspection.results.select_related("item"),
            "findings": inspection.findings.select_related("responsible_org").prefetch_related("orders"),
            "is_inspector": is_inspector,
        }
        if is_inspector:
            context["results_form"] = forms_in.get("results_form") or (
                forms.ResultsForm(user=request.user, inspection=inspection)
                if inspection.template_id
                else None
            )
            context["finding_form"] = forms_in.get("finding_form") or forms.FindingForm(
                user=request.user, inspection=inspection
            )
            context["order_form"] = forms_in.get("order_form") or forms.OrderForm(
                user=request.user, inspection=inspection
            )
        return render(request, "supervision/inspection_detail.html", context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not can(request.user, INSPECT):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied(gettext("您没有执行此操作的权限"))
        inspection = get_inspection(request, pk)
        action = request.POST.get("action")
        try:
            if action == "results":
                form = forms.ResultsForm(request.POST, user=request.user, inspection=inspection)
                if not form.is_valid():
                    return self.get(request, pk, results_form=form)
                inspection_services.record_results(
                    inspection, request.user, form.outcomes(), form.cleaned_data["summary"]
                )
                messages.success(request, gettext("检查结果已保存"))
            elif action == "finding":
                form = forms.FindingForm(request.POST, user=request.user, inspection=inspection)
                if not form.is_valid():
                    return self.get(request, pk, finding_form=form)
                data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
                inspection_services.add_finding(inspection, request.user, **data)
                messages.success(request, gettext("问题已登记"))
            elif action == "order":
                form = forms.OrderForm(request.POST, user=request.user, inspection=inspection)
                if not form.is_valid():
                    return self.get(request, pk, order_form=form)
                order = inspection_services.issue_order(
                    request.user,
                    list(form.cleaned_data["findings"]),
                    form.cleaned_data["requirements"],
                    form.cleaned_data["deadline"],
                )
                messages.success(
                    request, gettext("已下达整改通知 %(order_number)s") % {"order_number": order.number}
                )
                return redirect(order.get_absolute_url())
        except SupervisionError as exc:
            return refused(request, exc, inspection.get_absolute_url())
        return redirect(inspection.get_absolute_url())


class FindingListView(ObjectListView):
    model = Finding
    table_class = FindingTable
    filterset_class = FindingFilterSet
    title = _("检查发现的问题")

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("responsible_org", "project")


class RectificationListView(ObjectListView):
    model = RectificationOrder
    table_class = RectificationTable
    filterset_class = RectificationFilterSet
    title = _("整改通知")

    def get_queryset(self) -> QuerySet:
        maybe_check_deadlines()
        return super().get_queryset().select_related("issued_by", "addressed_to", "project")


class RectificationDetailView(CapabilityRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int, **forms_in: Any) -> HttpResponse:
        order = get_object_or_404(RectificationOrder.objects.restrict(request.user), pk=pk)
        org = user_organization(request.user)
        context: dict[str, Any] = {"object": order, "findings": order.findings.select_related("inspection")}
        if (
            org
            and org.pk == order.addressed_to_id
            and can(request.user, RESPOND)
            and order.status in (OrderStatus.ISSUED, OrderStatus.OVERDUE)
        ):
            context["respond_form"] = forms_in.get("respond_form") or forms.RespondForm(user=request.user)
        if (
            org
            and org.pk == order.issued_by_id
            and can(request.user, INSPECT)
            and order.status == OrderStatus.RESPONDED
        ):
            context["verify_form"] = forms_in.get("verify_form") or forms.VerifyForm(user=request.user)
        return render(request, "supervision/rectification_detail.html", context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        from django.core.exceptions import PermissionDenied

        order = get_object_or_404(RectificationOrder.objects.restrict(request.user), pk=pk)
        action = request.POST.get("action")
        try:
            if action == "respond":
                if not can(request.user, RESPOND):
                    raise PermissionDenied(gettext("您没有执行此操作的权限"))
                form = forms.RespondForm(request.POST, user=request.user)
                if not form.is_valid():
                    return self.get(request, pk, respond_form=form)
                inspection_services.respond(order, request.user, form.cleaned_data["response"])
                messages.success(request, gettext("已答复，等待验证"))
            elif action == "verify":
                if not can(request.user, INSPECT):
                    raise PermissionDenied(gettext("您没有执行此操作的权限"))
                form = forms.VerifyForm(request.POST, user=request.user)
                if not form.is_valid():
                    return self.get(request, pk, verify_form=form)
                d = form.cleaned_data
                inspection_services.verify(
                    order, request.user, d["accepted"], d["note"], d.get("new_deadline")
                )
                messages.success(request, gettext("验证结果已记录"))
        except SupervisionError as exc:
            return refused(request, exc, order.get_absolute_url())
        return redirect(order.get_absolute_url())


class IncidentListView(ObjectListView):
    model = Incident
    table_class = IncidentTable
    filterset_class = IncidentFilterSet
    title = _("档案安全事件")
    add_url_name = "supervision:incident_add"
    add_capability = REPORT_INCIDENT

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("project", "reported_to")


class IncidentCreateView(CapabilityRequiredMixin, View):
    capability = REPORT_INCIDENT

    def show(self, request: HttpRequest, form: Any) -> HttpResponse:
        return render(
            request,
            "generic/object_edit.html",
            {
                "form": form,
                "title": gettext("登记档案安全事件（LAW-44）"),
                "cancel_url": "/supervision/incidents/",
            },
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.show(request, forms.IncidentForm(user=request.user))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.IncidentForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.show(request, form)
        data = dict(form.cleaned_data)
        project = data.pop("project")
        try:
            incident = incident_services.open_incident(request.user, project, **data)
        except SupervisionError as exc:
            form.add_error(None, exc.message)
            return self.show(request, form)
        messages.warning(request, gettext("事件已登记。LAW-44：请及时向档案主管部门报告"))
        return redirect(incident.get_absolute_url())


class IncidentDetailView(CapabilityRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        incident = get_object_or_404(Incident.objects.restrict(request.user).select_related("project"), pk=pk)
        org = user_organization(request.user)
        party = org is not None and org.pk in (incident.project.client_id, incident.project.provider_id)
        is_client = org is not None and org.pk == incident.project.client_id
        context = {
            "object": incident,
            "can_report": party and can(request.user, REPORT_INCIDENT) and incident.status == "open",
            "can_close": is_client and can(request.user, CLOSE_INCIDENT) and incident.status != "closed",
            "report_form": forms.ReportForm(user=request.user),
            "accountability_form": forms.AccountabilityForm(user=request.user, incident=incident),
        }
        return render(request, "supervision/incident_detail.html", context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        from django.core.exceptions import PermissionDenied

        incident = get_object_or_404(Incident.objects.restrict(request.user).select_related("project"), pk=pk)
        action = request.POST.get("action")
        needed = {"report": REPORT_INCIDENT, "accountability": CLOSE_INCIDENT, "close": CLOSE_INCIDENT}.get(
            action or ""
        )
        if needed is None or not can(request.user, needed):
            raise PermissionDenied(gettext("您没有执行此操作的权限"))
        try:
            if action == "report":
                form = forms.ReportForm(request.POST, user=request.user)
                if form.is_valid():
                    incident_services.report(incident, request.user, form.cleaned_data["text"])
                    messages.success(request, gettext("已报告档案主管部门"))
            elif action == "accountability":
                form = forms.AccountabilityForm(request.POST, user=request.user, incident=incident)
                if form.is_valid():
                    d = form.cleaned_data
                    incident_services.record_accountability(
                        incident,
                        request.user,
                        d["persons"],
                        d["measures"],
                        d["remedial"],
                        d["safety_accident"],
                    )
                    messages.success(request, gettext("追责记录已保存"))
            else:
                incident_services.close(incident, request.user, request.POST.get("note", ""))
                messages.success(request, gettext("事件已关闭"))
        except SupervisionError as exc:
            return refused(request, exc, incident.get_absolute_url())
        return redirect(incident.get_absolute_url())


class NotificationListView(CapabilityRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        items = Notification.objects.restrict(request.user)[:200]
        return render(request, "supervision/notifications.html", {"items": items})

    def post(self, request: HttpRequest) -> HttpResponse:
        qs = Notification.objects.restrict(request.user).filter(read=False)
        if request.POST.get("id"):
            qs = qs.filter(pk=request.POST["id"])
        qs.update(read=True)
        return redirect("supervision:notification_list")
