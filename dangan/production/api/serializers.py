from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import StageEvent


class StageEventSerializer(serializers.ModelSerializer):
    archive_no = serializers.CharField(source="unit.archive_no", read_only=True)
    stage_code = serializers.CharField(source="stage.code", read_only=True)
    stage_name = serializers.CharField(source="stage.name", read_only=True)
    rework_to_stage_code = serializers.CharField(source="rework_to_stage.code", read_only=True, default=None)
    operator_name = serializers.CharField(source="operator.name", read_only=True)

    class Meta:
        model = StageEvent
        fields = [
            "id", "project", "unit", "archive_no", "stage", "stage_code", "stage_name", "operator", "operator_name",
            "started_at", "finished_at", "pages", "result", "rework_to_stage", "rework_to_stage_code", "reason",
            "client_reference", "recorded_by", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class StageReportSerializer(serializers.Serializer):
    """A report from production software. ``client_reference`` makes it idempotent."""

    project = serializers.IntegerField(help_text=_("项目编号"))
    unit = serializers.IntegerField(required=False, help_text=_("档案编号（或给出 archive_no）"))
    archive_no = serializers.CharField(required=False, help_text=_("档号"))
    stage = serializers.CharField(help_text=_("环节代码，如 scan"))
    operator = serializers.IntegerField(help_text=_("作业人员（服务方工作人员）编号"))
    started_at = serializers.DateTimeField(required=False, allow_null=True)
    finished_at = serializers.DateTimeField()
    pages = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    result = serializers.ChoiceField(choices=["pass", "fail"], default="pass")
    rework_to_stage = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=_("返工至环节代码")
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    client_reference = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=100,
        help_text=_("幂等键：同一报送重复提交不产生新记录"),
    )

    def validate(self, attrs):
        if not attrs.get("unit") and not attrs.get("archive_no"):
            raise serializers.ValidationError(gettext("请给出 unit 或 archive_no"))
        return attrs


class StatsSerializer(serializers.Serializer):
    project = serializers.IntegerField()
    progress = serializers.DictField()
    workload = serializers.ListField(child=serializers.DictField())
