"""API of the supervision app: the same scoping, capabilities and services as the web UI.

A refused action answers 409 with ``{"rule_id": …, "detail": …}``; out of scope is 404; a missing
capability 403.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dangan.core.api import ScopedViewSetMixin
from dangan.projects.models import Project

from ..models import (
    Finding,
    Incident,
    Inspection,
    NegativeListEntry,
    Notice,
    Notification,
    RectificationOrder,
)
from ..permissions import CLOSE_INCIDENT, INSPECT, NEGATIVE_LIST, NOTICE, REPORT_INCIDENT, RESPOND
from ..services import SupervisionError
from ..services import incidents as incident_services
from ..services import inspections as inspection_services
from ..services import regulator as regulator_services
from . import serializers as s


def refused(exc: SupervisionError) -> Response:
    return Response(exc.to_dict(), status=status.HTTP_409_CONFLICT)


class CreateReadViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    pass


def _scoped(model: Any, request: Any, pk: Any, action_name: str = "view") -> Any:
    obj = model.objects.restrict(request.user, action_name).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


class InspectionViewSet(CreateReadViewSet):
    queryset_model = Inspection
    serializer_class = s.InspectionSerializer
    capabilities = {"create": INSPECT}
    filterset_fields = ["kind", "status", "project"]

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        ser = self.get_serializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        if data.get("project") is not None:
            _scoped(Project, request, data["project"].pk)
        try:
            inspection = inspection_services.create_inspection(request.user, **data)
        except SupervisionError as exc:
            return refused(exc)
        return Response(s.InspectionSerializer(inspection).data, status=status.HTTP_201_CREATED)


class FindingViewSet(CreateReadViewSet):
    queryset_model = Finding
    serializer_class = s.FindingSerializer
    capabilities = {"create": INSPECT}
    filterset_fields = ["severity", "category", "rule_id", "project"]

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        ser = self.get_serializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        inspection = _scoped(Inspection, request, data.pop("inspection").pk, "change")
        try:
            finding = inspection_services.add_finding(inspection, request.user, **data)
        except SupervisionError as exc:
            return refused(exc)
        return Response(s.FindingSerializer(finding).data, status=status.HTTP_201_CREATED)


class RectificationViewSet(CreateReadViewSet):
    queryset_model = RectificationOrder
    serializer_class = s.RectificationSerializer
    capabilities = {"create": INSPECT, "respond": RESPOND, "verify": INSPECT}
    filterset_fields = ["status", "project"]

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        ser = self.get_serializer(data=request.data)
        ser.is_valid(raise_exception=True)
        findings = list(ser.validated_data["findings"])
        visible = set(
            Finding.objects.restrict(request.user)
            .filter(pk__in=[f.pk for f in findings])
            .values_list("pk", flat=True)
        )
        if len(visible) != len(findings):
            raise Http404
        try:
            order = inspection_services.issue_order(
                request.user, findings, ser.validated_data["requirements"], ser.validated_data["deadline"]
            )
        except SupervisionError as exc:
            return refused(exc)
        return Response(s.RectificationSerializer(order).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.RespondSerializer, responses=s.RectificationSerializer)
    @action(detail=True, methods=["post"])
    def respond(self, request: Any, pk: Any = None) -> Response:
        order = _scoped(RectificationOrder, request, pk)
        ser = s.RespondSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            inspection_services.respond(order, request.user, ser.validated_data["response"])
        except SupervisionError as exc:
            return refused(exc)
        return Response(s.RectificationSerializer(order).data)

    @extend_schema(request=s.VerifySerializer, responses=s.RectificationSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request: Any, pk: Any = None) -> Response:
        order = _scoped(RectificationOrder, request, pk)
        ser = s.VerifySerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        try:
            inspection_services.verify(order, request.user, d["accepted"], d["note"], d.get("new_deadline"))
        except SupervisionError as exc:
            return refused(exc)
        return Response(s.RectificationSerializer(order).data)


class IncidentViewSet(CreateReadViewSet):
    queryset_model = Incident
    serializer_class = s.IncidentSerializer
    capabilities = {"create": REPORT_INCIDENT, "report": REPORT_INCIDENT, "close": CLOSE_INCIDENT}
    filterset_fields = ["kind", "status", "project"]

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        ser = self.get_serializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        project = _scoped(Project, request, data.pop("project").pk)
        try:
            incident = incident_services.open_incident(request.user, project, **data)
        except SupervisionError as exc:
            return refused(exc)
        return Response(s.IncidentSerializer(incident).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ReportSerializer, responses=s.IncidentSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request: Any, pk: Any = None) -> Response:
        incident = _scoped(Incident, request, pk)
        ser = s.ReportSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            incident_services.report(incident, request.user, ser.validated_data["text"])
        except SupervisionError as exc:
            return refused(exc)
        return Response(s.IncidentSerializer(incident).data)

    @extend_schema(request=s.CloseSerializer, responses=s.IncidentSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Any, pk: Any = None) -> Response:
        incident = _scoped(Incident, request, pk)
        ser = s.CloseSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            incident_services.close(incident, request.user, ser.validated_data.get("note", ""))
        except SupervisionError as exc:
            return refused(exc)
        return Response(s.IncidentSerializer(incident).data)


class NoticeViewSet(CreateReadViewSet):
    queryset_model = Notice
    serializer_class = s.NoticeSerializer
    capabilities = {"create": NOTICE}
    filterset_fields = ["published"]

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        ser = self.get_serializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        try:
            notice = regulator_services.create_notice(
                request.user,
                d["title"],
                d["body"],
                d["recipients"],
                d.get("findings", []),
                d.get("incidents", []),
                d.get("publish"),
            )
        except SupervisionError as exc:
            return refused(exc)
        return Response(s.NoticeSerializer(notice).data, status=status.HTTP_201_CREATED)


class NotificationViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset_model = Notification
    serializer_class = s.NotificationSerializer
    filterset_fields = ["read", "category"]

    @extend_schema(request=None, responses=s.NotificationSerializer)
    @action(detail=True, methods=["post"], url_path="mark-read")
    def mark_read(self, request: Any, pk: Any = None) -> Response:
        notification = _scoped(Notification, request, pk)
        Notification.objects.filter(pk=notification.pk).update(read=True)
        notification.read = True
        return Response(s.NotificationSerializer(notification).data)


class NegativeListViewSet(CreateReadViewSet):
    queryset_model = NegativeListEntry
    serializer_class = s.NegativeListSerializer
    capabilities = {"create": NEGATIVE_LIST}
    filterset_fields = ["published", "provider"]

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        ser = self.get_serializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        try:
            entry = regulator_services.add_to_negative_list(
                request.user, d["provider"], d["reason"], d.get("basis", ""), d.get("published", False)
            )
        except SupervisionError as exc:
            return refused(exc)
        return Response(s.NegativeListSerializer(entry).data, status=status.HTTP_201_CREATED)
