from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, status
from rest_framework.decorators import action
from rest_framework.response import Response

from dangan.core.api import ScopedModelViewSet
from dangan.core.permissions import can
from dangan.core.scoping import CHANGE, VIEW, user_organization
from dangan.engines.compliance.vocab import STAGES

from .. import services
from ..models import (
    ArchiveGroup,
    Candidate,
    Contract,
    Project,
    ProviderEvaluation,
    RegionFilingPolicy,
    ResponsiblePerson,
    Site,
)
from ..permissions import ASSIGN_STAFF, EVIDENCE, FILING_POLICY, MANAGE
from . import serializers as s


def refusal_response(exc: services.ProjectActionRefused) -> Response:
    return Response(exc.to_dict(), status=status.HTTP_409_CONFLICT)


class ReadIsViewMixin:
    """GET actions (including custom ones) read with the VIEW scope; anything else needs CHANGE."""

    def get_queryset(self):
        action = VIEW if self.request.method in permissions.SAFE_METHODS else CHANGE
        return self.queryset_model.objects.restrict(self.request.user, action)


class ProjectViewSet(ReadIsViewMixin, ScopedModelViewSet):
    """外包项目：立项、状态变更（受合规规则约束）、比选、合同、评价。"""

    queryset_model = Project
    serializer_class = s.ProjectSerializer
    filterset_fields = ["status", "client", "provider"]
    capabilities = {
        "create": MANAGE,
        "update": MANAGE,
        "partial_update": MANAGE,
        "transition": MANAGE,
        "select": MANAGE,
        "operating_rules": EVIDENCE,
        "completion_report": MANAGE,
    }
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().select_related("client", "provider")

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        project = self.get_object()
        serializer = self.get_serializer(project, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        for key, value in serializer.validated_data.items():
            setattr(project, key, value)
        try:
            services.save_scope_part(project)
        except services.ProjectActionRefused as exc:
            return refusal_response(exc)
        except ValidationError as exc:
            return Response(exc.message_dict, status=status.HTTP_400_BAD_REQUEST)
        return Response(self.get_serializer(project).data)

    def _client_side(self) -> None:
        # 比选 is never shown to providers (a candidate must not see its competitors).
        org = user_organization(self.request.user)
        if org is None or org.is_provider:
            raise Http404

    def _require(self, capability: str) -> None:
        if not can(self.request.user, capability):
            raise PermissionDenied(gettext("您没有执行此操作的权限"))

    @extend_schema(
        request=s.TransitionSerializer, responses={200: s.ProjectSerializer, 409: OpenApiTypes.OBJECT}
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        project = self.get_object()
        data = s.TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.transition(
                project,
                data.validated_data["to_status"],
                request.user,
                filing_reference=data.validated_data["filing_reference"],
            )
        except services.TransitionRefused as exc:
            return refusal_response(exc)
        return Response(s.ProjectSerializer(project, context={"request": request}).data)

    @extend_schema(
        parameters=[OpenApiParameter("stage", str, enum=list(STAGES), required=False)],
        responses=OpenApiTypes.OBJECT,
    )
    @action(detail=True, methods=["get"])
    def evaluate(self, request, pk=None):
        """合规检查：全部规则（或某一阶段）的结果，含规则编号、中文说明、证据与原文。"""
        project = self.get_object()
        stage = request.query_params.get("stage") or None
        if stage is not None and stage not in STAGES:
            return Response(
                {"stage": gettext("未知的检查阶段：%(stage)s") % {"stage": stage}},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(services.evaluate_project(project, stage).to_dict())

    @extend_schema(methods=["GET"], responses=s.CandidateSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=s.CandidateSerializer,
        responses={201: s.CandidateSerializer, 409: OpenApiTypes.OBJECT},
    )
    @action(detail=True, methods=["get", "post"])
    def candidates(self, request, pk=None):
        self._client_side()
        project = self.get_object()
        if request.method == "GET":
            rows = Candidate.objects.restrict(request.user).filter(project=project).select_related("provider")
            return Response(s.CandidateSerializer(rows, many=True).data)
        self._require(MANAGE)
        data = s.CandidateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            candidate = services.add_candidate(
                project,
                data.validated_data["provider"],
                price=data.validated_data.get("price"),
                notes=data.validated_data.get("notes", ""),
            )
        except services.ProjectActionRefused as exc:
            return refusal_response(exc)
        return Response(s.CandidateSerializer(candidate).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.SelectSerializer, responses={200: s.SelectionDecisionSerializer, 409: OpenApiTypes.OBJECT}
    )
    @action(detail=True, methods=["post"])
    def select(self, request, pk=None):
        self._client_side()
        project = self.get_object()
        data = s.SelectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        candidate = (
            Candidate.objects.restrict(request.user, CHANGE)
            .filter(project=project, pk=values.pop("candidate"))
            .first()
        )
        if candidate is None:
            return Response(
                {"candidate": gettext("不是本项目的候选服务方")}, status=status.HTTP_400_BAD_REQUEST
            )
        try:
            decision = services.select_provider(project, candidate, request.user, **values)
        except services.ProjectActionRefused as exc:
            return refusal_response(exc)
        return Response(s.SelectionDecisionSerializer(decision).data)

    @extend_schema(methods=["GET"], responses=s.ContractSerializer)
    @extend_schema(
        methods=["PUT"],
        request=s.ContractSerializer,
        responses={200: s.ContractSerializer, 409: OpenApiTypes.OBJECT},
    )
    @action(detail=True, methods=["get", "put"])
    def contract(self, request, pk=None):
        if request.method != "GET":
            self._require(MANAGE)
        project = self.get_object()
        contract = Contract.objects.filter(project=project).first()
        if request.method == "GET":
            if contract is None:
                raise Http404
            return Response(s.ContractSerializer(contract).data)
        self._require(MANAGE)
        data = s.ContractSerializer(contract, data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        clauses = values.pop("clauses", {})
        try:
            contract = services.save_contract(project, values, clauses)
        except services.ProjectActionRefused as exc:
            return refusal_response(exc)
        except ValidationError as exc:
            return Response(exc.message_dict, status=status.HTTP_400_BAD_REQUEST)
        return Response(s.ContractSerializer(contract).data)

    @extend_schema(methods=["GET"], responses=s.EvaluationSerializer)
    @extend_schema(
        methods=["PUT"],
        request=s.EvaluationSerializer,
        responses={200: s.EvaluationSerializer, 409: OpenApiTypes.OBJECT},
    )
    @action(detail=True, methods=["get", "put"])
    def evaluation(self, request, pk=None):
        if request.method != "GET":
            self._require(MANAGE)
        project = self.get_object()
        if request.method == "GET":
            evaluation = ProviderEvaluation.objects.filter(project=project).first()
            if evaluation is None:
                raise Http404
            return Response(s.EvaluationSerializer(evaluation).data)
        self._require(MANAGE)
        data = s.EvaluationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            evaluation = services.save_evaluation(
                project, request.user, data.validated_data["ratings"], data.validated_data.get("comments", "")
            )
        except services.ProjectActionRefused as exc:
            return refusal_response(exc)
        return Response(s.EvaluationSerializer(evaluation).data)

    @extend_schema(request=s.OperatingRulesSerializer, responses=s.OperatingRulesSerializer)
    @action(detail=True, methods=["put"], url_path="operating-rules")
    def operating_rules(self, request, pk=None):
        """SEC14-2.6 操作规程：以列表整体替换。"""
        project = self.get_object()
        data = s.OperatingRulesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.set_operating_rules(project, data.validated_data["codes"])
        return Response({"codes": sorted(project.operating_rules.values_list("code", flat=True))})

    @extend_schema(request=None, responses={200: s.ProjectSerializer, 409: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"], url_path="completion-report")
    def completion_report(self, request, pk=None):
        """验收后向档案行政管理部门报告完成情况（LOCAL-FILING）。"""
        project = self.get_object()
        try:
            services.report_completion(project, request.user)
        except services.ProjectActionRefused as exc:
            return refusal_response(exc)
        return Response(s.ProjectSerializer(project, context={"request": request}).data)

    @extend_schema(methods=["GET"], responses=s.StaffAssignmentReadSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=s.StaffAssignmentSerializer,
        responses={201: s.StaffAssignmentReadSerializer, 409: OpenApiTypes.OBJECT},
    )
    @action(detail=True, methods=["get", "post"])
    def staff(self, request, pk=None):
        """派驻人员（SX-3.1-b2、SX-3.1-b3）：服务方项目经理派驻本单位工作人员。"""
        if request.method == "GET":
            project = self.get_object()
            rows = project.staff_assignments.select_related("staff")
            return Response(s.StaffAssignmentReadSerializer(rows, many=True).data)
        self._require(ASSIGN_STAFF)
        project = get_object_or_404(Project.objects.restrict(request.user, VIEW), pk=pk)
        if project.provider_id != getattr(user_organization(request.user), "pk", None):
            raise Http404
        data = s.StaffAssignmentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        member = project.provider.staff_members.filter(pk=data.validated_data["staff"]).first()
        if member is None:
            return Response(
                {"staff": gettext("不是本项目服务方的工作人员")}, status=status.HTTP_400_BAD_REQUEST
            )
        try:
            assignment = services.assign_staff(
                project,
                member,
                role=data.validated_data["role"],
                assigned_on=data.validated_data["assigned_on"],
            )
        except services.ProjectActionRefused as exc:
            return refusal_response(exc)
        return Response(s.StaffAssignmentReadSerializer(assignment).data, status=status.HTTP_201_CREATED)


class ProjectPartViewSet(ReadIsViewMixin, ScopedModelViewSet):
    capabilities = {"create": EVIDENCE, "update": EVIDENCE, "partial_update": EVIDENCE, "destroy": EVIDENCE}
    filterset_fields = ["project"]

    def _save(self, serializer):
        # One save through the service, so the scope check and the ledger entry see the row once.
        instance = serializer.instance or serializer.Meta.model()
        for key, value in serializer.validated_data.items():
            setattr(instance, key, value)
        try:
            services.save_scope_part(instance)
        except services.ProjectActionRefused as exc:
            self._refusal = exc
            return None
        serializer.instance = instance
        return instance

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if self._save(serializer) is None:
            return refusal_response(self._refusal)
        return Response(serializer.data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        if self._save(serializer) is None:
            return refusal_response(self._refusal)
        return Response(serializer.data)

    def perform_destroy(self, instance):
        services.delete_scope_part(instance)


class ArchiveGroupViewSet(ProjectPartViewSet):
    """外包档案（SX-3.1-c、SX-3.1-d）。"""

    queryset_model = ArchiveGroup
    serializer_class = s.ArchiveGroupSerializer


class SiteViewSet(ProjectPartViewSet):
    """加工、存放和数据处理场所（LAW-25）。"""

    queryset_model = Site
    serializer_class = s.SiteSerializer


class ResponsiblePersonViewSet(ProjectPartViewSet):
    """委托方具体负责人员（SX-3.1-e）。"""

    queryset_model = ResponsiblePerson
    serializer_class = s.ResponsiblePersonSerializer


class FilingPolicyViewSet(ScopedModelViewSet):
    """地区备案要求（LOCAL-FILING）：档案行政管理部门设定本辖区的要求。"""

    queryset_model = RegionFilingPolicy
    serializer_class = s.FilingPolicySerializer
    capabilities = {"create": FILING_POLICY, "update": FILING_POLICY, "partial_update": FILING_POLICY}
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
