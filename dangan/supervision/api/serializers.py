from __future__ import annotations

from rest_framework import serializers

from ..models import (
    Finding,
    Incident,
    Inspection,
    NegativeListEntry,
    Notice,
    Notification,
    RectificationOrder,
)


class InspectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Inspection
        fields = [
            "id",
            "kind",
            "inspector_org",
            "project",
            "target_org",
            "template",
            "date",
            "inspectors",
            "status",
            "summary",
            "created_at",
        ]
        read_only_fields = ["inspector_org", "status", "created_at"]
        extra_kwargs = {"target_org": {"required": False}}


class FindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Finding
        fields = [
            "id",
            "inspection",
            "item",
            "project",
            "raised_by",
            "responsible_org",
            "severity",
            "category",
            "rule_id",
            "description",
            "found_on",
        ]
        read_only_fields = ["project", "raised_by"]
        extra_kwargs = {
            "responsible_org": {"required": False},
            "rule_id": {"required": False},
            "found_on": {"required": False},
            "inspection": {"required": True, "allow_null": False},
        }


class RectificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = RectificationOrder
        fields = [
            "id",
            "number",
            "findings",
            "project",
            "issued_by",
            "addressed_to",
            "requirements",
            "issued_on",
            "deadline",
            "status",
            "response",
            "responded_at",
            "verification_note",
            "verified_at",
            "reminded_at",
            "escalated_at",
        ]
        read_only_fields = [f for f in fields if f not in ("findings", "requirements", "deadline")]


class RespondSerializer(serializers.Serializer):
    response = serializers.CharField()


class VerifySerializer(serializers.Serializer):
    accepted = serializers.BooleanField()
    note = serializers.CharField()
    new_deadline = serializers.DateField(required=False, allow_null=True)


class IncidentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Incident
        fields = [
            "id",
            "project",
            "kind",
            "title",
            "description",
            "discovered_at",
            "status",
            "reported_to",
            "reported_to_regulator_at",
            "report_text",
            "safety_accident",
            "accountability_persons",
            "accountability_measures",
            "closed_at",
            "source",
        ]
        read_only_fields = [
            "status",
            "reported_to",
            "reported_to_regulator_at",
            "report_text",
            "closed_at",
            "source",
            "accountability_persons",
            "accountability_measures",
        ]
        extra_kwargs = {"discovered_at": {"required": False}}


class ReportSerializer(serializers.Serializer):
    text = serializers.CharField()


class CloseSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True)


class NoticeSerializer(serializers.ModelSerializer):
    publish = serializers.BooleanField(write_only=True, required=False, default=False)

    class Meta:
        model = Notice
        fields = [
            "id",
            "issued_by",
            "title",
            "body",
            "recipients",
            "findings",
            "incidents",
            "published",
            "published_at",
            "publish",
        ]
        read_only_fields = ["issued_by", "published", "published_at"]


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "verb", "url", "category", "read", "created_at"]
        read_only_fields = fields


class NegativeListSerializer(serializers.ModelSerializer):
    class Meta:
        model = NegativeListEntry
        fields = ["id", "provider", "regulator", "reason", "basis", "since", "removed_on", "published"]
        read_only_fields = ["regulator", "since", "removed_on"]
