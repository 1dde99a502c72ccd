from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from dangan.accounts import roles
from dangan.accounts.models import Organization
from dangan.core.api import ScopedModelViewSet, ScopedReadOnlyViewSet
from dangan.core.scoping import VIEW, user_organization

from ..facts import evaluate_provider_eligibility
from ..models import (
    BadRecord,
    Equipment,
    ProviderProfile,
    Qualification,
    Shareholder,
    Software,
    StaffMember,
    TrainingRecord,
)
from ..permissions import ADD_BAD_RECORD, MANAGE_REGISTRY
from . import serializers

WRITE = {
    "create": MANAGE_REGISTRY,
    "update": MANAGE_REGISTRY,
    "partial_update": MANAGE_REGISTRY,
    "destroy": MANAGE_REGISTRY,
}


class ProviderViewSet(ScopedReadOnlyViewSet):
    """服务方名录：法人信息、概况、计数与资格审查结论（按角色和辖区限定范围）。"""

    queryset_model = Organization
    serializer_class = serializers.ProviderSerializer
    filterset_fields = ["region_code", "is_active"]

    def get_queryset(self) -> QuerySet:
        # Every action here only reads (the eligibility action included), so the read scope applies.
        qs = Organization.objects.restrict(self.request.user, VIEW)
        return qs.filter(kind=roles.PROVIDER).order_by("region_code", "name")

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"])
    def eligibility(self, request: Any, pk: Any = None) -> Response:
        """合规引擎对服务方资格的完整评估（Evaluation.to_dict()），含每条规则的编号、结果、说明和证据。"""
        provider = self.get_object()
        return Response(evaluate_provider_eligibility(provider).to_dict())


class OwnProviderMixin:
    """New registry rows belong to the acting user's own provider; the provider field is read-only."""

    def perform_create(self, serializer: Any) -> None:
        serializer.save(provider=user_organization(self.request.user))


class ProviderProfileViewSet(OwnProviderMixin, ScopedModelViewSet):
    """服务方概况（境内注册、企业法人、经营范围、场所、管理体系、承诺）。"""

    queryset_model = ProviderProfile
    serializer_class = serializers.ProviderProfileSerializer
    filterset_fields = ["provider"]
    capabilities = WRITE
    http_method_names = ["get", "post", "put", "patch", "head", "options"]


class ShareholderViewSet(OwnProviderMixin, ScopedModelViewSet):
    """股东及国籍（SX-3.1-b2）。"""

    queryset_model = Shareholder
    serializer_class = serializers.ShareholderSerializer
    filterset_fields = ["provider", "nationality"]
    capabilities = WRITE


class StaffMemberViewSet(OwnProviderMixin, ScopedModelViewSet):
    """工作人员。身份证明号码只写不读，读取时为掩码（SX-3.1-b3）。"""

    queryset_model = StaffMember
    serializer_class = serializers.StaffMemberSerializer
    filterset_fields = ["provider", "is_active", "professional"]
    capabilities = WRITE

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().prefetch_related("training_records")


class TrainingRecordViewSet(ScopedModelViewSet):
    """档案专业培训记录（SX-4.3）。"""

    queryset_model = TrainingRecord
    serializer_class = serializers.TrainingRecordSerializer
    filterset_fields = ["staff"]
    capabilities = WRITE


class QualificationViewSet(OwnProviderMixin, ScopedModelViewSet):
    """资质（涉密资质、ISO 认证等）及有效期。"""

    queryset_model = Qualification
    serializer_class = serializers.QualificationSerializer
    filterset_fields = ["provider", "kind"]
    capabilities = WRITE


class EquipmentViewSet(OwnProviderMixin, ScopedModelViewSet):
    """设施设备。"""

    queryset_model = Equipment
    serializer_class = serializers.EquipmentSerializer
    filterset_fields = ["provider"]
    capabilities = WRITE


class SoftwareViewSet(OwnProviderMixin, ScopedModelViewSet):
    """加工软件。"""

    queryset_model = Software
    serializer_class = serializers.SoftwareSerializer
    filterset_fields = ["provider"]
    capabilities = WRITE


class BadRecordViewSet(ScopedModelViewSet):
    """不良记录：委托方和档案行政管理部门登记，随服务方向所有委托方显示；不能修改或删除（SX-2.1）。"""

    queryset_model = BadRecord
    serializer_class = serializers.BadRecordSerializer
    filterset_fields = ["provider", "kind"]
    capabilities = {"create": ADD_BAD_RECORD}
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("recorded_by").prefetch_related("corrections")

    def perform_create(self, serializer: Any) -> None:
        serializer.save(recorded_by=user_organization(self.request.user))
