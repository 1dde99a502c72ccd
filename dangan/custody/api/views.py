from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from dangan.core.api import ScopedModelViewSet, ScopedReadOnlyViewSet
from dangan.core.scoping import CHANGE
from dangan.projects.models import Project

from .. import services
from ..models import ArchiveUnit, CustodyIncident, HandoverBatch, ProjectUnit
from ..views.common import can_act
from .serializers import (
    ArchiveUnitSerializer,
    CustodyIncidentSerializer,
    HandoverBatchSerializer,
    ProjectUnitSerializer,
    ReconciliationSerializer,
    ScanResultSerializer,
    ScanSerializer,
)


class ArchiveUnitViewSet(ScopedModelViewSet):
    """档案（卷、件）：委托方管理本单位档案；服务方只读其承接项目中的档案；监管部门只读辖区内档案。"""

    queryset_model = ArchiveUnit
    serializer_class = ArchiveUnitSerializer
    filterset_fields = ["custody_state", "level", "year", "archive_no", "custody_project"]
    capabilities = {
        "create": "custody.manage_units",
        "update": "custody.manage_units",
        "partial_update": "custody.manage_units",
    }
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().order_by("archive_no")


class ProjectUnitViewSet(ScopedModelViewSet):
    """项目档案：把本单位档案加入外包项目（SX-3.1-c：涉密未解密档案不得加入数字化、整理项目）。"""

    queryset_model = ProjectUnit
    serializer_class = ProjectUnitSerializer
    filterset_fields = ["project", "unit"]
    capabilities = {"create": "custody.manage_units"}
    http_method_names = ["get", "post", "head", "options"]

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        project = get_object_or_404(
            Project.objects.restrict(request.user, CHANGE), pk=serializer.validated_data["project"].pk
        )
        unit = get_object_or_404(
            ArchiveUnit.objects.restrict(request.user, CHANGE), pk=serializer.validated_data["unit"].pk
        )
        if request.user.organization_id != project.client_id:
            raise PermissionDenied(gettext("只有委托方可以把本单位档案加入项目"))
        result = services.add_units_to_project(project, [unit])
        if result.refused:
            raise ValidationError({"unit": [reason for _no, reason in result.refused]})
        membership = ProjectUnit.objects.get(project=project, unit=unit)
        return Response(self.get_serializer(membership).data, status=status.HTTP_201_CREATED)


class HandoverBatchViewSet(ScopedModelViewSet):
    """交接单：出库（委托方交出、服务方接收）与归还（服务方交出、委托方接收），双方确认均记录人员与时间。"""

    queryset_model = HandoverBatch
    serializer_class = HandoverBatchSerializer
    filterset_fields = ["project", "direction", "status"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().select_related("project").prefetch_related("items__unit")

    def _acting(self) -> HandoverBatch:
        batch = self.get_object()
        if not can_act(batch.project, self.request.user):
            raise PermissionDenied(gettext("您没有执行此操作的权限"))
        return batch

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        project = serializer.validated_data["project"]
        if not can_act(project, request.user):
            raise PermissionDenied(gettext("您没有执行此操作的权限"))
        try:
            batch = services.create_batch(
                project,
                serializer.validated_data["direction"],
                request.user,
                serializer.validated_data.get("note", ""),
            )
        except services.CustodyError as exc:
            raise ValidationError({"detail": str(exc)}) from exc
        return Response(self.get_serializer(batch).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ScanSerializer, responses=ScanResultSerializer)
    @action(detail=True, methods=["post"], url_path="scan")
    def scan(self, request, pk=None):
        """出库添加（草稿状态，交出方）或接收清点（已交出状态，接收方）：一次一件。"""
        batch = self._acting()
        data = ScanSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        if batch.status == "draft":
            result = services.add_to_batch(batch, v["code"], request.user, v["condition"])
        else:
            result = services.scan_receipt(
                batch, v["code"], request.user, damaged=v["damaged"], note=v["note"]
            )
        body = ScanResultSerializer(result).data
        return Response(body, status=status.HTTP_200_OK if result.ok else status.HTTP_400_BAD_REQUEST)

    @extend_schema(request=None, responses=HandoverBatchSerializer)
    @action(detail=True, methods=["post"], url_path="send")
    def send(self, request, pk=None):
        """交出方确认交出（签字）。"""
        batch = self._acting()
        try:
            batch = services.send_batch(batch, request.user)
        except services.CustodyError as exc:
            raise ValidationError({"detail": str(exc)}) from exc
        return Response(self.get_serializer(HandoverBatch.objects.get(pk=batch.pk)).data)

    @extend_schema(request=None, responses=HandoverBatchSerializer)
    @action(detail=True, methods=["post"], url_path="confirm")
    def confirm(self, request, pk=None):
        """接收方确认接收（签字）：未清点到的档案记为缺失并生成事件。"""
        batch = self._acting()
        try:
            services.confirm_receipt(batch, request.user)
        except services.CustodyError as exc:
            raise ValidationError({"detail": str(exc)}) from exc
        return Response(self.get_serializer(HandoverBatch.objects.get(pk=batch.pk)).data)


class CustodyIncidentViewSet(ScopedReadOnlyViewSet):
    """原件保管事件（超期未归还、交接缺失、损坏）：监管部门可查阅辖区内的事件。"""

    queryset_model = CustodyIncident
    serializer_class = CustodyIncidentSerializer
    filterset_fields = ["project", "kind"]

    def get_queryset(self):
        return super().get_queryset().select_related("unit")


class ReconciliationViewSet(ScopedReadOnlyViewSet):
    """项目原件对账：按状态、保管单位汇总，超期与未处理事件数，以及不能结项的原因（CUSTODY）。"""

    queryset_model = Project
    serializer_class = ReconciliationSerializer
    http_method_names = ["get", "head", "options"]

    def list(self, request, *args, **kwargs):
        raise ValidationError({"detail": gettext("请指定项目：/api/custody-reconciliation/<项目编号>/")})

    def retrieve(self, request, *args, **kwargs):
        project = self.get_object()
        rec = services.reconcile(project)
        data = {**rec.__dict__, "close_problems": services.close_problems(project)}
        return Response(ReconciliationSerializer(data).data)
