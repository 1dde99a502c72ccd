from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from dangan.projects.models import Project

from ..models import OcrJob, PageFailure, PageText


class PageFailureSerializer(serializers.ModelSerializer):
    class Meta:
        model = PageFailure
        fields = ["file", "page", "rule", "reason"]


class OcrJobSerializer(serializers.ModelSerializer):
    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all())
    percent = serializers.IntegerField(read_only=True)
    # A plain string (not an enum) so the schema's shared "status" enum names stay unambiguous.
    status = serializers.CharField(
        read_only=True, help_text=_("queued 排队中 / running 识别中 / done 已完成 / failed 失败")
    )
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = OcrJob
        fields = [
            "id",
            "project",
            "delivery_path",
            "engine",
            "status",
            "pages_total",
            "pages_done",
            "pages_failed",
            "percent",
            "started_at",
            "finished_at",
            "error",
            "created_by",
            "created_at",
        ]
        read_only_fields = [
            "status",
            "pages_total",
            "pages_done",
            "pages_failed",
            "started_at",
            "finished_at",
            "error",
            "created_at",
        ]


class OcrJobDetailSerializer(OcrJobSerializer):
    failures = PageFailureSerializer(many=True, read_only=True)

    class Meta(OcrJobSerializer.Meta):
        fields = [*OcrJobSerializer.Meta.fields, "failures"]


class PageTextSerializer(serializers.ModelSerializer):
    archive_no = serializers.CharField(source="unit.archive_no", read_only=True)

    class Meta:
        model = PageText
        fields = ["id", "unit", "archive_no", "page", "text", "confidence", "engine", "job", "source_file"]


class SearchHitSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    archive_no = serializers.CharField()
    title = serializers.CharField()
    owner = serializers.CharField()
    page = serializers.IntegerField(
        allow_null=True, help_text=_("命中页号；null 表示命中目录（档号、题名、责任者）")
    )
    snippet = serializers.CharField(help_text=_("HTML 转义后的摘要，命中处以 <mark> 标注"))
    url = serializers.CharField()


class SearchResponseSerializer(serializers.Serializer):
    query = serializers.CharField()
    total = serializers.IntegerField()
    capped = serializers.BooleanField(help_text=_("为 true 时结果超过 total 条，未全部计数"))
    limit = serializers.IntegerField()
    offset = serializers.IntegerField()
    results = SearchHitSerializer(many=True)
