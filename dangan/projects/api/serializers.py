from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from dangan.accounts import roles
from dangan.accounts.models import Organization
from dangan.core.engine_labels import lazy_choices
from dangan.core.scoping import CHANGE
from dangan.engines.compliance.vocab import CONTRACT_CLAUSES, EXAMINATION_ITEMS, SERVICE_TYPES

from ..models import (
    EVALUATION_CRITERIA,
    ArchiveGroup,
    Candidate,
    Contract,
    Project,
    ProviderEvaluation,
    RegionFilingPolicy,
    ResponsiblePerson,
    SelectionDecision,
    Site,
)


class ProjectSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    service_types = serializers.ListField(
        child=serializers.CharField(), help_text=_("业务类型代码，见 vocab.SERVICE_TYPES")
    )

    class Meta:
        model = Project
        fields = [
            "id", "name", "code", "client", "provider", "service_types", "status", "status_display",
            "description", "archive_scope", "responsible_leader", "leader_duties", "planned_start",
            "planned_end", "originals_due_on", "standards", "requires_political_review",
            "accepts_regulator_supervision", "project_file_kept", "selection_weights", "filed_with",
            "filed_on", "filing_reference", "completion_reported_on", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = [
            "client", "provider", "status", "filed_with", "filed_on", "filing_reference",
            "completion_reported_on", "created_at", "updated_at",
        ]  # fmt: skip

    def validate_service_types(self, value: list[str]) -> list[str]:
        unknown = [code for code in value if code not in SERVICE_TYPES]
        if unknown:
            raise serializers.ValidationError(gettext("未知业务类型：%(v1)s") % {"v1": "、".join(unknown)})
        return value

    def create(self, validated_data: dict[str, Any]) -> Project:
        validated_data["client"] = self.context["request"].user.organization
        project = Project(**validated_data)
        project.full_clean()
        project.save()
        return project


class ProjectPartSerializer(serializers.ModelSerializer):
    """Evidence rows: the project must be one the user may change."""

    def validate_project(self, project: Project) -> Project:
        user = self.context["request"].user
        if not Project.objects.restrict(user, CHANGE).filter(pk=project.pk).exists():
            raise serializers.ValidationError(gettext("只能为本单位的项目登记"))
        if self.instance is not None and self.instance.project_id != project.pk:
            raise serializers.ValidationError(gettext("不能把记录移到另一个项目"))
        return project


class ArchiveGroupSerializer(ProjectPartSerializer):
    class Meta:
        model = ArchiveGroup
        fields = [
            "id",
            "project",
            "name",
            "extent",
            "classified",
            "declassified",
            "in_national_archive_scope",
        ]


class SiteSerializer(ProjectPartSerializer):
    class Meta:
        model = Site
        fields = ["id", "project", "name", "purpose", "address", "in_prc", "export_approval"]


class ResponsiblePersonSerializer(ProjectPartSerializer):
    class Meta:
        model = ResponsiblePerson
        fields = ["id", "project", "name", "department", "duty"]


class TransitionSerializer(serializers.Serializer):
    to_status = serializers.CharField()
    filing_reference = serializers.CharField(required=False, allow_blank=True, default="")


class CandidateSerializer(serializers.ModelSerializer):
    provider_name = serializers.CharField(source="provider.name", read_only=True)

    class Meta:
        model = Candidate
        fields = [
            "id",
            "provider",
            "provider_name",
            "price",
            "notes",
            "eligibility",
            "score",
            "rank",
            "evaluated_at",
        ]
        read_only_fields = ["eligibility", "score", "rank", "evaluated_at"]
        extra_kwargs = {
            "provider": {"queryset": Organization.objects.filter(kind=roles.PROVIDER, is_active=True)}
        }


class SelectSerializer(serializers.Serializer):
    candidate = serializers.IntegerField()
    reasons = serializers.CharField()
    examined = serializers.ListField(
        child=serializers.ChoiceField(choices=lazy_choices(EXAMINATION_ITEMS)), default=list
    )
    market_research = serializers.BooleanField(default=False)
    business_inspection = serializers.BooleanField(default=False)
    comparative_selection = serializers.BooleanField(default=True)
    security_capability_reviewed = serializers.BooleanField(default=False)
    qualifications_reviewed = serializers.BooleanField(default=False)
    preference_note = serializers.CharField(default="", allow_blank=True)


class SelectionDecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = SelectionDecision
        fields = [
            "provider", "reasons", "market_research", "business_inspection", "comparative_selection",
            "examined", "security_capability_reviewed", "qualifications_reviewed", "preference_note",
            "decided_by", "decided_at",
        ]  # fmt: skip


class ContractSerializer(serializers.ModelSerializer):
    clauses = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        write_only=True,
        help_text=_("条款代码 → 所在条款/页码"),
    )

    class Meta:
        model = Contract
        fields = [
            "number", "written", "signed_on", "term_start", "term_end", "amount", "file",
            "security_agreement_signed", "security_agreement_signed_on", "security_agreement_file",
            "staff_security_education", "staff_security_education_on", "clauses",
        ]  # fmt: skip
        read_only_fields = ["file", "security_agreement_file"]

    def to_representation(self, instance: Contract) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["clauses"] = {c.code: c.location for c in instance.clauses.all()}
        return data

    def validate_clauses(self, value: dict[str, str]) -> dict[str, str]:
        unknown = set(value) - set(CONTRACT_CLAUSES)
        if unknown:
            raise serializers.ValidationError(
                gettext("未知条款代码：%(v1)s") % {"v1": "、".join(sorted(unknown))}
            )
        return value


class EvaluationSerializer(serializers.ModelSerializer):
    ratings = serializers.DictField(child=serializers.IntegerField(min_value=1, max_value=5))

    class Meta:
        model = ProviderEvaluation
        fields = ["provider", "ratings", "comments", "evaluated_by", "evaluated_on"]
        read_only_fields = ["provider", "evaluated_by", "evaluated_on"]

    def validate_ratings(self, value: dict[str, int]) -> dict[str, int]:
        missing = [gettext(label) for code, label in EVALUATION_CRITERIA.items() if code not in value]
        if missing or set(value) - set(EVALUATION_CRITERIA):
            raise serializers.ValidationError(
                gettext("应对以下各项评分（1–5）：%(v1)s") % {"v1": "、".join(EVALUATION_CRITERIA.values())}
            )
        return value


class FilingPolicySerializer(serializers.ModelSerializer):
    class Meta:
        model = RegionFilingPolicy
        fields = ["id", "regulator", "filing_required", "kind", "basis"]
        read_only_fields = ["regulator"]

    def create(self, validated_data: dict[str, Any]) -> RegionFilingPolicy:
        regulator = self.context["request"].user.organization
        policy, _ = RegionFilingPolicy.objects.update_or_create(regulator=regulator, defaults=validated_data)
        return policy


class OperatingRulesSerializer(serializers.Serializer):
    codes = serializers.ListField(child=serializers.CharField(), help_text=_("SEC14-2.6 操作规程代码"))

    def validate_codes(self, value: list[str]) -> list[str]:
        from dangan.engines.compliance.vocab import OPERATING_RULES

        unknown = [c for c in value if c not in OPERATING_RULES]
        if unknown:
            raise serializers.ValidationError(gettext("未知操作规程：%(v1)s") % {"v1": "、".join(unknown)})
        return value


class StaffAssignmentSerializer(serializers.Serializer):
    staff = serializers.IntegerField()
    role = serializers.CharField(required=False, allow_blank=True, default="")
    assigned_on = serializers.DateField(required=False, allow_null=True, default=None)


class StaffAssignmentReadSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    staff = serializers.IntegerField(source="staff_id")
    staff_name = serializers.CharField(source="staff.name")
    id_number_masked = serializers.CharField(source="staff.masked_id_number")
    role = serializers.CharField()
    assigned_on = serializers.DateField()
    active = serializers.BooleanField()
