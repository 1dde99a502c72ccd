from __future__ import annotations

import io

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from dangan.core.api import ScopedReadOnlyViewSet

from .. import services
from ..models import LedgerEntry
from .serializers import ChainReportSerializer, LedgerEntrySerializer


class LedgerEntryViewSet(ScopedReadOnlyViewSet):
    """审计日志（只读；仅安全审计员）。没有修改或删除条目的接口。"""

    queryset_model = LedgerEntry
    lookup_field = "seq"
    serializer_class = LedgerEntrySerializer
    read_capability = "ledger.view"
    capabilities = {"verify": "ledger.verify", "export": "ledger.export"}
    filterset_fields = ["event", "object_type", "actor_id", "organization_id"]

    @extend_schema(request=None, responses=ChainReportSerializer)
    @action(detail=False, methods=["post"])
    def verify(self, request):
        """校验整条哈希链，返回第一处断裂；校验本身记入审计日志。"""
        report = services.verify_database()
        return Response({**report.to_dict(), "message": report.message()})

    @extend_schema(responses={(200, "application/x-ndjson"): OpenApiResponse(description="JSON Lines")})
    @action(detail=False, methods=["get"])
    def export(self, request):
        """导出全部条目为 JSON Lines，可在另一台机器上用 `dangan ledger verify --file` 校验。"""
        buffer = io.StringIO()
        services.export_jsonl(buffer)
        response = HttpResponse(buffer.getvalue(), content_type="application/x-ndjson; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="dangan-ledger.jsonl"'
        return response
