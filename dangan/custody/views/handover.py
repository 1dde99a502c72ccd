"""Hand-over batch pages: create, scan units in and out (htmx), confirm, print the 交接单; incidents."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import generic

from dangan.core.permissions import can
from dangan.core.scoping import CHANGE
from dangan.core.views import CapabilityRequiredMixin, ObjectDetailView, ObjectListView
from dangan.ledger import services as ledger

from .. import services
from ..filtersets import HandoverBatchFilterSet, IncidentFilterSet
from ..forms import ResolveIncidentForm
from ..models import BatchStatus, CustodyIncident, Direction, HandoverBatch, ReceivedStatus
from ..tables import HandoverBatchTable, IncidentTable
from .common import can_act, require_side, scoped_project


class BatchListView(ObjectListView):
    model = HandoverBatch
    table_class = HandoverBatchTable
    filterset_class = HandoverBatchFilterSet
    title = _("交接单")

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("project", "sender_org", "receiver_org")


class BatchCreateView(CapabilityRequiredMixin, generic.View):
    http_method_names = ["post"]

    def post(self, request, project_pk: int):
        # Read scope: the provider creates return batches on a project it may not edit.
        project = scoped_project(request.user, project_pk)
        require_side(project, request.user)
        direction = Direction.OUT if request.POST.get("direction") == Direction.OUT else Direction.RETURN
        try:
            batch = services.create_batch(project, direction, request.user, request.POST.get("note", ""))
        except services.CustodyError as exc:
            messages.error(request, str(exc))
            return redirect("custody:project", project_pk=project.pk)
        return redirect(batch.get_absolute_url())


def batch_context(batch: HandoverBatch, user: Any) -> dict[str, Any]:
    org_id = getattr(user, "organization_id", None)
    acting = can_act(batch.project, user)
    items = list(batch.items.select_related("unit").order_by("unit__archive_no"))
    counts = {s: 0 for s, _label in ReceivedStatus.choices}
    for item in items:
        counts[item.received_status] += 1
    return {
        "batch": batch,
        "items": items,
        "counts": counts,
        "can_add": acting and batch.status == BatchStatus.DRAFT and org_id == batch.sender_org_id,
        "can_receive": acting and batch.status == BatchStatus.SENT and org_id == batch.receiver_org_id,
        "statuses": BatchStatus,
    }


class BatchDetailView(ObjectDetailView):
    model = HandoverBatch
    template_name = "custody/batch_detail.html"
    context_object_name = "batch"

    def get_queryset(self) -> QuerySet:
        return (
            super()
            .get_queryset()
            .select_related("project", "sender_org", "receiver_org", "sent_by", "received_by")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(batch_context(self.object, self.request.user))
        return context


def _acting_batch(request, pk: int) -> HandoverBatch:
    batch = get_object_or_404(
        HandoverBatch.objects.restrict(request.user, CHANGE).select_related(
            "project", "sender_org", "receiver_org"
        ),
        pk=pk,
    )
    require_side(batch.project, request.user)
    return batch


class BatchScanView(CapabilityRequiredMixin, generic.View):
    """One keyboard-wedge scan: added to a draft batch by the sender, or counted by the receiver."""

    http_method_names = ["post"]

    def post(self, request, pk: int):
        batch = _acting_batch(request, pk)
        code = request.POST.get("code", "")
        if batch.status == BatchStatus.DRAFT:
            result = services.add_to_batch(batch, code, request.user, request.POST.get("condition", "完好"))
        else:
            result = services.scan_receipt(
                batch,
                code,
                request.user,
                damaged=request.POST.get("damaged") in ("1", "on", "true"),
                note=request.POST.get("note", ""),
            )
        if not request.htmx:
            (messages.success if result.ok else messages.error)(
                request, f"{result.archive_no} {result.message}"
            )
            return redirect(batch.get_absolute_url())
        context = {**batch_context(batch, request.user), "result": result}
        return render(request, "custody/_scan_feedback.html", context)


class BatchRemoveItemView(CapabilityRequiredMixin, generic.View):
    http_method_names = ["post"]

    def post(self, request, pk: int, item_pk: int):
        batch = _acting_batch(request, pk)
        try:
            services.remove_from_batch(batch, item_pk, request.user)
        except services.CustodyError as exc:
            messages.error(request, str(exc))
        return redirect(batch.get_absolute_url())


class BatchSendView(CapabilityRequiredMixin, generic.View):
    http_method_names = ["post"]

    def post(self, request, pk: int):
        batch = _acting_batch(request, pk)
        try:
            batch = services.send_batch(batch, request.user)
        except services.CustodyError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, gettext("已确认交出 %(n)d 卷（件），等待接收方清点确认") % {"n": batch.items.count()}
            )
        return redirect(batch.get_absolute_url())


class BatchConfirmView(CapabilityRequiredMixin, generic.View):
    http_method_names = ["post"]

    def post(self, request, pk: int):
        batch = _acting_batch(request, pk)
        try:
            summary = services.confirm_receipt(batch, request.user)
        except services.CustodyError as exc:
            messages.error(request, str(exc))
            return redirect(batch.get_absolute_url())
        messages.success(request, gettext("已确认接收 %(n)d 卷（件）") % {"n": summary.received})
        if summary.missing:
            messages.error(
                request,
                gettext("CUSTODY：%(n)d 卷（件）未清点到，已记为缺失并生成事件：%(nos)s")
                % {"n": len(summary.missing), "nos": "、".join(summary.missing[:20])},
            )
        return redirect(batch.get_absolute_url())


class BatchPdfView(CapabilityRequiredMixin, generic.View):
    def get(self, request, pk: int):
        from ..pdf import handover_pdf

        batch = get_object_or_404(
            HandoverBatch.objects.restrict(request.user).select_related(
                "project", "sender_org", "receiver_org"
            ),
            pk=pk,
        )
        data = handover_pdf(batch)
        ledger.append("custody_handover_printed", obj=batch, after={"number": batch.number})
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="handover-{batch.number}.pdf"'
        return response


class IncidentListView(ObjectListView):
    model = CustodyIncident
    table_class = IncidentTable
    filterset_class = IncidentFilterSet
    title = _("原件保管事件")

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("project", "unit")


class IncidentDetailView(ObjectDetailView):
    model = CustodyIncident
    template_name = "custody/incident_detail.html"
    context_object_name = "incident"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        incident = self.object
        user = self.request.user
        context["can_resolve"] = (
            incident.is_open
            and can(user, "custody.resolve_incident")
            and user.organization_id == incident.project.client_id
        )
        context["form"] = kwargs.get("form") or ResolveIncidentForm()
        return context

    def post(self, request, pk: int):
        self.object = self.get_object()
        context = self.get_context_data()
        if not context["can_resolve"]:
            raise PermissionDenied(gettext("您没有执行此操作的权限"))
        form = ResolveIncidentForm(request.POST)
        if form.is_valid():
            try:
                services.resolve_incident(
                    self.object,
                    request.user,
                    form.cleaned_data["resolution"],
                    form.cleaned_data["found_in_storage"],
                )
            except services.CustodyError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, gettext("事件已处理"))
                return redirect("custody:incident_detail", pk=self.object.pk)
        return self.render_to_response(self.get_context_data(form=form))
