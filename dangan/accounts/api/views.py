from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from dangan.core.api import ScopedModelViewSet

from ..models import Organization, Role, User
from ..services import RoleAssignmentError, set_roles
from .serializers import OrganizationSerializer, RoleAssignmentSerializer, RoleSerializer, UserSerializer


class OrganizationViewSet(ScopedModelViewSet):
    """单位：档案行政管理部门、委托方、服务方。"""

    queryset_model = Organization
    serializer_class = OrganizationSerializer
    filterset_fields = ["kind", "client_kind", "region_code", "is_active"]
    capabilities = {
        "create": "organization.manage",
        "update": "organization.manage",
        "partial_update": "organization.manage",
    }
    http_method_names = ["get", "post", "put", "patch", "head", "options"]


class UserViewSet(ScopedModelViewSet):
    """用户账号。身份证号只写不读，列表中显示掩码。"""

    queryset_model = User
    serializer_class = UserSerializer
    filterset_fields = ["organization", "is_active"]
    capabilities = {
        "create": "user.manage",
        "update": "user.manage",
        "partial_update": "user.manage",
        "set_roles": "user.assign_roles",
    }
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().select_related("organization").prefetch_related("roles")

    @extend_schema(request=RoleAssignmentSerializer, responses=UserSerializer)
    @action(detail=True, methods=["post"], url_path="roles")
    def set_roles(self, request, pk=None):
        target = self.get_object()
        serializer = RoleAssignmentSerializer(data=request.data, context={"target": target})
        serializer.is_valid(raise_exception=True)
        try:
            set_roles(target, set(serializer.validated_data["roles"]))
        except RoleAssignmentError as exc:
            return Response({"roles": exc.problems}, status=status.HTTP_400_BAD_REQUEST)
        target.refresh_from_db()
        return Response(UserSerializer(target, context={"request": request}).data)


@extend_schema(responses=UserSerializer)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def me(request):
    """当前登录用户。"""
    return Response(UserSerializer(request.user, context={"request": request}).data)


@extend_schema(responses=RoleSerializer(many=True))
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def role_list(request):
    """角色列表（含三员）。"""
    return Response(RoleSerializer(Role.objects.all(), many=True).data)
