"""API: /api/acceptance/rounds/ (create = submit a delivery; retrieve with progress; findings; sample;
decide) and /api/acceptance/samples/ (review one sample item)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response

from dangan.core.api import ScopedReadOnlyViewSet
from dangan.projects.models import Project

from .. import permissions as caps
from .. import services
from ..models import AcceptanceRound, QcFinding, SampleItem
from .serializers import (
    DecideSerializer,
    DecisionSerializer,
    QcFindingSerializer,
    ReviewSerializer,
    RoundSerializer,
    SampleItemSerializer,
    SubmitSerializer,
)


def _refused(exc: Exception) -> Exception:
    if isinstance(exc, services.AcceptanceError):
        return PermissionDenied(exc.message)
    return DRFValidationError({"detail": "；".join(exc.messages)})  # type: ignore[attr-defined]


class AcceptanceRoundViewSet(ScopedReadOnlyViewSet):
    queryset_model = AcceptanceRound
    queryset = AcceptanceRound.objects.none()
    serializer_class = RoundSerializer
    capabilities = {"create": caps.SUBMIT, "decide": caps.DECIDE}
    filterset_fields = ["project", "status"]

    def get_queryset(self):
        # Scope alone for every action here; the services check who may act on the row.
        return AcceptanceRound.objects.restrict(self.request.user).select_related("decision")

    @extend_schema(request=SubmitSerializer, responses={201: RoundSerializer})
    def create(self, request):
        data = SubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        project = get_object_or_404(Project.objects.restrict(request.user), pk=data.validated_data["project"])
        try:
            rnd = services.submit_round(
                project,
                request.user,
                data.validated_data["delivery_path"],
                catalog_source=data.validated_data["catalog_source"],
                profile=data.validated_data["profile"],
                note=data.validated_data["note"],
            )
        except (services.AcceptanceError, ValidationError) as exc:
            raise _refused(exc) from exc
        rnd.refresh_from_db()
        return Response(RoundSerializer(rnd).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=QcFindingSerializer(many=True))
    @action(detail=True, methods=["get"])
    def findings(self, request, pk=None):
        rnd = self.get_object()
        qs = QcFinding.objects.restrict(request.user).filter(round=rnd)
        for name in ("code", "severity", "archive_no"):
            if value := request.query_params.get(name):
                qs = qs.filter(**{name: value})
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(QcFindingSerializer(page, many=True).data)

    @extend_schema(responses=SampleItemSerializer(many=True))
    @action(detail=True, methods=["get"])
    def sample(self, request, pk=None):
        rnd = self.get_object()
        items = SampleItem.objects.restrict(request.user).filter(round=rnd)
        return Response(SampleItemSerializer(items, many=True).data)

    @extend_schema(request=DecideSerializer, responses={201: DecisionSerializer, 403: OpenApiResponse()})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        rnd = self.get_object()
        data = DecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            decision = services.decide(rnd, request.user, **data.validated_data)
        except (services.AcceptanceError, ValidationError) as exc:
            raise _refused(exc) from exc
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


class SampleItemViewSet(ScopedReadOnlyViewSet):
    queryset_model = SampleItem
    queryset = SampleItem.objects.none()
    serializer_class = SampleItemSerializer
    capabilities = {"review": caps.REVIEW}
    filterset_fields = ["round"]

    def get_queryset(self):
        return SampleItem.objects.restrict(self.request.user).select_related("round", "round__project")

    @extend_schema(request=ReviewSerializer, responses=SampleItemSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        item = self.get_object()
        data = ReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        results = {k: v for k, v in data.validated_data.items() if k != "reason"}
        try:
            services.record_review(item, request.user, results, data.validated_data["reason"])
        except (services.AcceptanceError, ValidationError) as exc:
            raise _refused(exc) from exc
        return Response(SampleItemSerializer(item).data)
