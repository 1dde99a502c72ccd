from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from dangan.core.api import ScopedModelViewSet, ScopedReadOnlyViewSet
from dangan.projects.models import Project

from .. import services
from ..models import OcrJob, PageText
from ..search import search
from .serializers import (
    OcrJobDetailSerializer,
    OcrJobSerializer,
    PageTextSerializer,
    SearchResponseSerializer,
)


class OcrJobViewSet(ScopedModelViewSet):
    """全文识别任务：委托方、承接服务方（项目含全文识别业务）发起；读取时含进度与失败页。"""

    queryset_model = OcrJob
    serializer_class = OcrJobSerializer
    filterset_fields = ["project", "status"]
    capabilities = {"create": "ocr.start_job"}
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().select_related("created_by").prefetch_related("failures")

    def get_serializer_class(self):
        return OcrJobDetailSerializer if self.action == "retrieve" else OcrJobSerializer

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        project = get_object_or_404(
            Project.objects.restrict(request.user), pk=serializer.validated_data["project"].pk
        )
        try:
            job = services.start_job(
                project,
                serializer.validated_data["delivery_path"],
                request.user,
                serializer.validated_data.get("engine") or "rapidocr",
            )
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except DjangoValidationError as exc:
            detail = exc.message_dict if hasattr(exc, "error_dict") else {"delivery_path": exc.messages}
            raise ValidationError(detail) from exc
        job.refresh_from_db()
        return Response(OcrJobSerializer(job).data, status=status.HTTP_201_CREATED)


class PageTextViewSet(ScopedReadOnlyViewSet):
    """全文识别文本（按页）：与档案相同的可见范围。"""

    queryset_model = PageText
    serializer_class = PageTextSerializer
    filterset_fields = ["unit", "job", "page"]

    def get_queryset(self):
        return super().get_queryset().select_related("unit").order_by("unit_id", "page")


class SearchViewSet(viewsets.ViewSet):
    """全文检索：目录（档号、题名、责任者）与识别文本，只返回用户有权查看的档案。"""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="检索词，中文无需空格", required=True),
            OpenApiParameter("limit", OpenApiTypes.INT, description="每页条数（1–100，默认 20）"),
            OpenApiParameter("offset", OpenApiTypes.INT, description="起始位置"),
        ],
        responses=SearchResponseSerializer,
    )
    def list(self, request):
        try:
            limit = int(request.query_params.get("limit", 20))
            offset = int(request.query_params.get("offset", 0))
        except ValueError as exc:
            raise ValidationError({"limit": [gettext("limit、offset 必须是整数")]}) from exc
        results = search(request.user, request.query_params.get("q", ""), limit=limit, offset=offset)
        return Response(
            {
                "query": results.query,
                "total": results.total,
                "capped": results.capped,
                "limit": results.limit,
                "offset": results.offset,
                "results": [hit.as_dict() for hit in results.hits],
            }
        )
