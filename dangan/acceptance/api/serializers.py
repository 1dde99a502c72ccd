from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import (
    CHECK_ITEMS,
    AcceptanceRound,
    CatalogSource,
    Decision,
    QcFinding,
    SampleItem,
    SampleResult,
)


@extend_schema_field({"type": "string", "pattern": "^(pass|fail)$", "description": "pass 合格 / fail 不合格"})
class ResultField(serializers.ChoiceField):
    """One shared pass/fail field, described inline so the four check items do not make four enums."""

    def __init__(self, **kwargs):
        super().__init__(choices=SampleResult.choices, **kwargs)


class DecisionSerializer(serializers.ModelSerializer):
    rectification_order_number = serializers.CharField(
        source="rectification_order.number", default=None, read_only=True
    )

    class Meta:
        model = Decision
        fields = [
            "verdict",
            "rule_ids",
            "reasons",
            "figures",
            "safety_hazard",
            "safety_hazards",
            "nonconformities",
            "comments",
            "decided_by",
            "decided_at",
            "rectification_deadline",
            "rectification_order",
            "rectification_order_number",
        ]
        read_only_fields = fields


class RoundSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True)
    decision = DecisionSerializer(read_only=True, default=None)

    class Meta:
        model = AcceptanceRound
        fields = [
            "id",
            "project",
            "number",
            "delivery_path",
            "catalog_source",
            "catalog_path",
            "profile",
            "note",
            "submitted_by",
            "submitted_at",
            "status",
            "progress_done",
            "progress_total",
            "percent",
            "started_at",
            "finished_at",
            "error",
            "machine_check",
            "summary",
            "population",
            "sample_required",
            "decision",
        ]
        read_only_fields = fields


class SubmitSerializer(serializers.Serializer):
    project = serializers.IntegerField()
    delivery_path = serializers.CharField(max_length=1000)
    catalog_source = serializers.ChoiceField(
        choices=[CatalogSource.AUTO, CatalogSource.UNITS], default=CatalogSource.AUTO
    )
    profile = serializers.CharField(max_length=100, default="DA/T 31-2017")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class QcFindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = QcFinding
        fields = ["id", "code", "severity", "rule", "title", "archive_no", "file", "page", "message"]


class SampleItemSerializer(serializers.ModelSerializer):
    correspondence = ResultField(read_only=True)
    image_quality = ResultField(read_only=True)
    completeness = ResultField(read_only=True)
    naming = ResultField(read_only=True)

    class Meta:
        model = SampleItem
        fields = [
            "id",
            "round",
            "position",
            "archive_no",
            "title",
            "year",
            "group",
            "pages",
            "files",
            *[code for code, _ in CHECK_ITEMS],
            "reason",
            "reviewer",
            "reviewed_at",
        ]
        read_only_fields = fields


class ReviewSerializer(serializers.Serializer):
    correspondence = ResultField()
    image_quality = ResultField()
    completeness = ResultField()
    naming = ResultField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class DecideSerializer(serializers.Serializer):
    safety_hazard = serializers.BooleanField(default=False)
    safety_hazards = serializers.CharField(required=False, allow_blank=True, default="")
    nonconformities = serializers.CharField(required=False, allow_blank=True, default="")
    comments = serializers.CharField(required=False, allow_blank=True, default="")
    deadline = serializers.DateField(required=False, allow_null=True, default=None)
