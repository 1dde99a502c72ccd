from __future__ import annotations

import copy
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dangan.accounts.models import Organization
from dangan.core.engine_labels import lazy_choices
from dangan.core.fields import blind_index
from dangan.core.scoping import user_organization
from dangan.engines.compliance.vocab import SERVICE_TYPES

from ..models import (
    BadRecord,
    Equipment,
    ProviderProfile,
    Qualification,
    Shareholder,
    Software,
    StaffMember,
    TrainingRecord,
)
from ..permissions import bad_record_targets
from ..services import summarize


def _model_errors(exc: DjangoValidationError) -> serializers.ValidationError:
    if hasattr(exc, "error_dict"):
        return serializers.ValidationError(
            {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
        )
    return serializers.ValidationError(exc.messages)


class RegistrySerializer(serializers.ModelSerializer):
    """Runs the model's own ``clean`` so the API refuses what the forms refuse, with the same rule IDs."""

    def build_instance(self, attrs: dict[str, Any]) -> Any:
        # A copy, so a refused update leaves the instance as it was.
        instance = copy.copy(self.instance) if self.instance is not None else self.Meta.model()
        if self.instance is None and "provider" not in attrs and hasattr(instance, "provider_id"):
            org = user_organization(self.context["request"].user)
            if org is not None and self.Meta.model is not TrainingRecord:
                instance.provider = org
        for key, value in attrs.items():
            setattr(instance, key, value)
        return instance

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        candidate = self.build_instance(dict(attrs))
        try:
            candidate.clean()
        except DjangoValidationError as exc:
            raise _model_errors(exc) from exc
        return attrs


class ProviderProfileSerializer(RegistrySerializer):
    business_scope = serializers.ListField(
        child=serializers.ChoiceField(choices=lazy_choices(SERVICE_TYPES)), required=False
    )

    class Meta:
        model = ProviderProfile
        fields = [
            "id",
            "provider",
            "registered_in_prc",
            "registration_country",
            "enterprise_legal_person",
            "registered_address",
            "registered_capital",
            "established_on",
            "business_scope",
            "business_scope_text",
            "premises",
            "professional_capability",
            "security_management_system",
            "archive_service_management_system",
            "accepts_supervision",
            "track_record",
            "updated_at",
        ]
        read_only_fields = ["provider", "updated_at"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is None:
            org = user_organization(self.context["request"].user)
            if ProviderProfile.objects.filter(provider=org).exists():
                raise serializers.ValidationError(gettext("本单位已有服务方概况，请修改而不是新建"))
        return super().validate(attrs)


class EligibilitySummarySerializer(serializers.Serializer):
    decision = serializers.CharField()
    decision_label = serializers.CharField()
    refused_by = serializers.ListField(child=serializers.CharField())
    missing_evidence = serializers.ListField(child=serializers.CharField())


class ProviderSerializer(serializers.ModelSerializer):
    """A provider as the registry shows it: legal entity, profile, counts and the engine's decision."""

    profile = serializers.SerializerMethodField()
    counts = serializers.SerializerMethodField()
    eligibility = serializers.SerializerMethodField()

    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "uscc",
            "region_code",
            "address",
            "is_active",
            "profile",
            "counts",
            "eligibility",
        ]
        read_only_fields = fields

    def _summary(self, obj: Organization) -> Any:
        cache = self.context.setdefault("_summaries", {})
        if obj.pk not in cache:
            cache[obj.pk] = summarize(obj)
        return cache[obj.pk]

    @extend_schema_field(ProviderProfileSerializer(allow_null=True))
    def get_profile(self, obj: Organization) -> dict[str, Any] | None:
        profile = ProviderProfile.objects.filter(provider=obj).first()
        return ProviderProfileSerializer(profile, context=self.context).data if profile else None

    @extend_schema_field(
        serializers.DictField(
            child=serializers.IntegerField(), help_text=gettext("有效资质、在职人员、有效不良记录数")
        )
    )
    def get_counts(self, obj: Organization) -> dict[str, int]:
        s = self._summary(obj)
        return {
            "valid_qualifications": s.valid_qualifications,
            "staff": s.staff,
            "open_bad_records": s.open_bad_records,
            "secrecy_qualification": int(s.secrecy),
        }

    @extend_schema_field(EligibilitySummarySerializer)
    def get_eligibility(self, obj: Organization) -> dict[str, Any]:
        s = self._summary(obj)
        return {
            "decision": s.decision,
            "decision_label": s.decision_label,
            "refused_by": s.refused_by,
            "missing_evidence": s.missing,
        }


class ShareholderSerializer(RegistrySerializer):
    class Meta:
        model = Shareholder
        fields = ["id", "provider", "name", "nationality", "share_percent", "exception_basis"]
        read_only_fields = ["provider"]


class StaffMemberSerializer(RegistrySerializer):
    id_number = serializers.CharField(write_only=True, required=False, max_length=40)
    id_number_masked = serializers.CharField(source="masked_id_number", read_only=True)
    trained = serializers.BooleanField(read_only=True)

    class Meta:
        model = StaffMember
        fields = [
            "id",
            "provider",
            "name",
            "id_type",
            "id_number",
            "id_number_masked",
            "nationality",
            "exception_basis",
            "position",
            "professional",
            "confidentiality_undertaking",
            "confidentiality_signed_on",
            "political_review",
            "is_active",
            "trained",
        ]
        read_only_fields = ["provider"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is None and not attrs.get("id_number"):
            raise serializers.ValidationError(
                {"id_number": [gettext("SX-3.1-b3：工作人员必须提供身份证明号码")]}
            )
        if attrs.get("id_number"):
            attrs["id_number"] = attrs["id_number"].strip().upper()
        attrs = super().validate(attrs)
        number = attrs.get("id_number")
        if number:
            provider_id = (
                self.instance.provider_id
                if self.instance
                else user_organization(self.context["request"].user).pk
            )
            clash = StaffMember.objects.filter(provider_id=provider_id, id_number_index=blind_index(number))
            if self.instance is not None:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                raise serializers.ValidationError(
                    {"id_number": [gettext("SX-3.1-b3：该证件号码已登记为本单位其他工作人员")]}
                )
        return attrs


class TrainingRecordSerializer(RegistrySerializer):
    class Meta:
        model = TrainingRecord
        fields = ["id", "staff", "course", "trained_on", "certificate_no", "issuer"]

    def validate_staff(self, staff: StaffMember) -> StaffMember:
        allowed = StaffMember.objects.restrict(self.context["request"].user, "change").filter(pk=staff.pk)
        if not allowed.exists():
            raise serializers.ValidationError(gettext("只能为本单位工作人员登记培训记录"))
        return staff


class QualificationSerializer(RegistrySerializer):
    status = serializers.SerializerMethodField()

    class Meta:
        model = Qualification
        fields = ["id", "provider", "name", "kind", "number", "issuer", "valid_from", "valid_until", "status"]
        read_only_fields = ["provider"]

    def get_status(self, obj: Qualification) -> str:
        from ..services import qualification_state

        return qualification_state(obj).status

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start = attrs.get("valid_from", getattr(self.instance, "valid_from", None))
        end = attrs.get("valid_until", getattr(self.instance, "valid_until", None))
        if start and end and end < start:
            raise serializers.ValidationError({"valid_until": [gettext("有效期至不能早于有效期起")]})
        return super().validate(attrs)


class EquipmentSerializer(RegistrySerializer):
    class Meta:
        model = Equipment
        fields = ["id", "provider", "name", "model_name", "count", "serial_numbers", "offline"]
        read_only_fields = ["provider"]


class SoftwareSerializer(RegistrySerializer):
    class Meta:
        model = Software
        fields = ["id", "provider", "name", "version", "vendor"]
        read_only_fields = ["provider"]


class BadRecordSerializer(RegistrySerializer):
    recorded_by_name = serializers.CharField(source="recorded_by.name", read_only=True)
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = BadRecord
        fields = [
            "id",
            "provider",
            "kind",
            "occurred_on",
            "description",
            "basis",
            "published",
            "corrects",
            "withdraws",
            "recorded_by",
            "recorded_by_name",
            "is_open",
            "created_at",
        ]
        read_only_fields = ["recorded_by", "created_at"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Out-of-scope providers look exactly like nonexistent ones.
            self.fields["provider"].queryset = bad_record_targets(request.user)
            self.fields["corrects"].queryset = BadRecord.objects.restrict(request.user)

    def validate_provider(self, provider: Organization) -> Organization:
        return provider

    def build_instance(self, attrs: dict[str, Any]) -> BadRecord:
        attrs["recorded_by"] = user_organization(self.context["request"].user)
        return BadRecord(**attrs)
