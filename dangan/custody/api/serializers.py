from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from dangan.projects.models import Project

from .. import archive_no as archive_no_mod
from ..models import ArchiveUnit, CustodyIncident, Direction, HandoverBatch, HandoverItem, ProjectUnit


class ArchiveUnitSerializer(serializers.ModelSerializer):
    custody_state_display = serializers.CharField(source="get_custody_state_display", read_only=True)
    is_classified = serializers.BooleanField(read_only=True)

    class Meta:
        model = ArchiveUnit
        fields = [
            "id", "owner", "level", "archive_no", "archive_no_scheme", "fonds_no", "category", "year",
            "retention", "org_code", "volume_no", "item_no", "title", "responsible", "date", "pages",
            "classification", "declassified", "is_classified", "repository", "row", "column", "section",
            "shelf", "box_no", "custody_state", "custody_state_display", "holder", "custody_project",
            "custody_since", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = [
            "owner", "archive_no_scheme", "fonds_no", "category", "year", "retention", "org_code", "volume_no",
            "item_no", "custody_state", "holder", "custody_project", "custody_since", "created_at", "updated_at",
        ]  # fmt: skip

    def validate_archive_no(self, value: str) -> str:
        parsed = archive_no_mod.parse(value)
        if parsed is None:
            raise serializers.ValidationError(archive_no_mod.refusal(value))
        owner = self.instance.owner if self.instance else self.context["request"].user.organization
        clash = ArchiveUnit.objects.filter(owner=owner, archive_no=parsed.canonical)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError(gettext("本单位已有此档号的档案"))
        self._parsed = parsed
        return parsed.canonical

    def _apply_parsed(self, data: dict[str, Any]) -> dict[str, Any]:
        parsed = getattr(self, "_parsed", None)
        if parsed is not None:
            data.update(
                archive_no_scheme=parsed.scheme,
                fonds_no=parsed.fonds,
                category=parsed.category,
                year=parsed.year,
                retention=parsed.retention,
                org_code=parsed.org_code,
                volume_no=parsed.volume,
                item_no=parsed.item,
            )
        return data

    def create(self, validated_data: dict[str, Any]) -> ArchiveUnit:
        owner = self.context["request"].user.organization
        return super().create({**self._apply_parsed(validated_data), "owner": owner, "holder": owner})

    def update(self, instance: ArchiveUnit, validated_data: dict[str, Any]) -> ArchiveUnit:
        return super().update(instance, self._apply_parsed(validated_data))


class ProjectUnitSerializer(serializers.ModelSerializer):
    archive_no = serializers.CharField(source="unit.archive_no", read_only=True)

    class Meta:
        model = ProjectUnit
        fields = ["id", "project", "unit", "archive_no", "created_at"]
        read_only_fields = ["created_at"]


class HandoverItemSerializer(serializers.ModelSerializer):
    archive_no = serializers.CharField(source="unit.archive_no", read_only=True)

    class Meta:
        model = HandoverItem
        fields = [
            "id",
            "unit",
            "archive_no",
            "sent_condition",
            "received_status",
            "received_note",
            "scanned_at",
        ]


class HandoverBatchSerializer(serializers.ModelSerializer):
    items = HandoverItemSerializer(many=True, read_only=True)
    confirmed_by_both = serializers.BooleanField(read_only=True)

    class Meta:
        model = HandoverBatch
        fields = [
            "id", "project", "number", "direction", "status", "sender_org", "receiver_org", "created_by",
            "sent_by", "sent_at", "received_by", "received_at", "confirmed_by_both", "note", "items",
            "created_at",
        ]  # fmt: skip
        read_only_fields = [
            "number", "status", "sender_org", "receiver_org", "created_by", "sent_by", "sent_at", "received_by",
            "received_at", "created_at",
        ]  # fmt: skip

    def validate_project(self, project: Project) -> Project:
        if not Project.objects.restrict(self.context["request"].user).filter(pk=project.pk).exists():
            raise serializers.ValidationError(gettext("项目不存在"))
        return project

    def validate_direction(self, value: str) -> str:
        if value not in Direction.values:
            raise serializers.ValidationError(gettext("方向应为 out 或 return"))
        return value


class ScanSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("档号（扫描或输入）"))
    condition = serializers.CharField(required=False, default="完好", help_text=_("交出时状况（出库添加时）"))
    damaged = serializers.BooleanField(required=False, default=False, help_text=_("接收清点时发现损坏"))
    note = serializers.CharField(required=False, default="", allow_blank=True)


class ScanResultSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    code = serializers.CharField()
    message = serializers.CharField()
    archive_no = serializers.CharField()


class CustodyIncidentSerializer(serializers.ModelSerializer):
    archive_no = serializers.CharField(source="unit.archive_no", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = CustodyIncident
        fields = [
            "id", "project", "unit", "archive_no", "batch", "kind", "kind_display", "rule_id", "opened_at",
            "details", "resolved_at", "resolution",
        ]  # fmt: skip
        read_only_fields = fields


class ReconciliationSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    by_state = serializers.DictField(child=serializers.IntegerField())
    by_holder = serializers.DictField(child=serializers.IntegerField())
    outstanding = serializers.IntegerField()
    overdue = serializers.IntegerField()
    open_incidents = serializers.IntegerField()
    close_problems = serializers.ListField(child=serializers.CharField())
