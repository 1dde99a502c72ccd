from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from dangan.core.api import ScopedModelViewSet, ScopedReadOnlyViewSet
from dangan.custody import archive_no as archive_no_mod
from dangan.custody.models import ArchiveUnit
from dangan.projects.models import Project
from dangan.providers.models import StaffMember

from .. import services
from ..models import StageEvent
from .serializers import StageEventSerializer, StageReportSerializer, StatsSerializer


class StageEventViewSet(ScopedModelViewSet):
    """加工记录。POST 供生产软件报送：带 client_reference 时幂等——同一报送再次提交返回 200 与原记录，不产生新记录。"""

    queryset_model = StageEvent
    serializer_class = StageEventSerializer
    filterset_fields = ["project", "unit", "stage", "operator", "result"]
    capabilities = {"create": "production.record"}
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "stage", "rework_to_stage", "operator")

    @extend_schema(
        request=StageReportSerializer, responses={200: StageEventSerializer, 201: StageEventSerializer}
    )
    def create(self, request, *args, **kwargs):
        report = StageReportSerializer(data=request.data)
        report.is_valid(raise_exception=True)
        v = report.validated_data
        project = get_object_or_404(Project.objects.restrict(request.user), pk=v["project"])
        if request.user.organization_id != project.provider_id:
            raise PermissionDenied(gettext("只有本项目服务方可以报送加工进度"))
        units = ArchiveUnit.objects.filter(project_units__project=project)
        if v.get("unit"):
            unit = units.filter(pk=v["unit"]).first()
        else:
            unit = units.filter(archive_no=archive_no_mod.normalize(v["archive_no"])).first()
        if unit is None:
            raise ValidationError({"unit": [gettext("档案不在本项目中")]})
        stages = {s.code: s for s in services.ensure_stages(project)}
        stage = stages.get(v["stage"])
        if stage is None:
            raise ValidationError(
                {
                    "stage": [
                        gettext("本项目没有环节“%(v1)s”（可用：%(v2)s）")
                        % {"v1": v["stage"], "v2": "、".join(stages)}
                    ]
                }
            )
        rework = None
        if v["rework_to_stage"]:
            rework = stages.get(v["rework_to_stage"])
            if rework is None:
                raise ValidationError(
                    {"rework_to_stage": [gettext("本项目没有环节“%(v1)s”") % {"v1": v["rework_to_stage"]}]}
                )
        operator = StaffMember.objects.filter(pk=v["operator"], provider=project.provider).first()
        if operator is None:
            raise ValidationError(
                {
                    "operator": [
                        gettext("%(services_OPERATOR_RULE)s：作业人员不是本项目服务方的工作人员")
                        % {"services_OPERATOR_RULE": services.OPERATOR_RULE}
                    ]
                }
            )
        try:
            event, created = services.record(
                project,
                services.Report(
                    unit=unit,
                    stage=stage,
                    operator=operator,
                    finished_at=v["finished_at"],
                    started_at=v.get("started_at"),
                    pages=v.get("pages"),
                    result=v["result"],
                    rework_to_stage=rework,
                    reason=v["reason"],
                    client_reference=v["client_reference"],
                ),
                request.user,
            )
        except services.IdempotencyConflict as exc:
            return Response({"detail": str(exc), "event": exc.event.pk}, status=status.HTTP_409_CONFLICT)
        except services.ProductionError as exc:
            raise ValidationError({"detail": str(exc)}) from exc
        data = StageEventSerializer(event).data
        return Response(data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class ProductionStatsViewSet(ScopedReadOnlyViewSet):
    """生产统计：各环节进度、每日产量，以及按作业人员、环节、日期的工作量。"""

    queryset_model = Project
    serializer_class = StatsSerializer

    def _stats(self, project: Project) -> dict:
        progress = services.progress(project)
        workload = [{**w, "day": w["day"].isoformat()} for w in services.workload(project)]
        return {"project": project.pk, "progress": progress, "workload": workload}

    @extend_schema(
        parameters=[OpenApiParameter("project", int, required=True, description="项目编号")],
        responses=StatsSerializer,
    )
    def list(self, request, *args, **kwargs):
        project_id = request.query_params.get("project", "")
        if not project_id.isdigit():
            raise ValidationError({"project": [gettext("请指定项目编号：?project=<编号>")]})
        project = get_object_or_404(self.get_queryset(), pk=int(project_id))
        return Response(self._stats(project))

    def retrieve(self, request, *args, **kwargs):
        return Response(self._stats(self.get_object()))
