from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils.translation import gettext
from rest_framework import serializers

from dangan.core.scoping import user_organization

from .. import roles
from ..models import Organization, Role, User


class OrganizationSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    client_kind_display = serializers.CharField(source="get_client_kind_display", read_only=True)

    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "kind",
            "kind_display",
            "client_kind",
            "client_kind_display",
            "region_code",
            "parent",
            "uscc",
            "address",
            "contact_person",
            "contact_phone",
            "is_active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        instance = Organization(**{**self._current_values(), **attrs})
        instance.clean()
        actor_org = user_organization(self.context["request"].user)
        region = attrs.get("region_code", getattr(self.instance, "region_code", ""))
        if actor_org is None or not actor_org.covers_region(region):
            raise serializers.ValidationError({"region_code": gettext("只能管理本辖区内的单位")})
        return attrs

    def _current_values(self) -> dict[str, Any]:
        if self.instance is None:
            return {}
        return {f.attname: getattr(self.instance, f.attname) for f in Organization._meta.concrete_fields}


class UserSerializer(serializers.ModelSerializer):
    roles = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    id_number = serializers.CharField(write_only=True, required=False, allow_blank=True)
    id_number_masked = serializers.CharField(source="masked_id_number", read_only=True)
    password = serializers.CharField(write_only=True, required=False, style={"input_type": "password"})
    is_locked = serializers.BooleanField(read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "full_name",
            "email",
            "phone",
            "organization",
            "roles",
            "id_number",
            "id_number_masked",
            "password",
            "is_active",
            "is_locked",
            "last_login",
        ]
        read_only_fields = ["last_login"]

    def validate_organization(self, organization: Organization) -> Organization:
        request_user = self.context["request"].user
        visible = Organization.objects.restrict(request_user, "change").filter(pk=organization.pk).exists()
        own = user_organization(request_user)
        if not visible and not (own and own.pk == organization.pk):
            raise serializers.ValidationError(gettext("只能在本单位或辖区内单位中管理用户"))
        return organization

    def validate_id_number(self, value: str) -> str:
        from ..models.user import id_number_validator

        if value:
            try:
                id_number_validator(value)
            except Exception as exc:  # Django ValidationError -> DRF error with the same Chinese text
                raise serializers.ValidationError(list(getattr(exc, "messages", [str(exc)]))) from exc
        return value.upper()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        password = attrs.get("password")
        if self.instance is None and not password:
            raise serializers.ValidationError({"password": gettext("新建用户必须设置初始口令")})
        if password:
            candidate = User(username=attrs.get("username", getattr(self.instance, "username", "")))
            try:
                validate_password(password, candidate)
            except Exception as exc:
                raise serializers.ValidationError(
                    {"password": list(getattr(exc, "messages", [str(exc)]))}
                ) from exc
        return attrs

    @transaction.atomic
    def create(self, validated_data: dict[str, Any]) -> User:
        password = validated_data.pop("password")
        user = User(**validated_data)
        user.set_password(password)
        user.save()
        return user

    @transaction.atomic
    def update(self, instance: User, validated_data: dict[str, Any]) -> User:
        password = validated_data.pop("password", None)
        for key, value in validated_data.items():
            setattr(instance, key, value)
        if password:
            instance.set_password(password)
        instance.save()
        return instance


class RoleAssignmentSerializer(serializers.Serializer):
    roles = serializers.ListField(child=serializers.ChoiceField(choices=roles.ROLE_CHOICES))

    def validate_roles(self, codes: list[str]) -> list[str]:
        user: User = self.context["target"]
        problems = roles.role_conflicts(set(codes), user.organization.kind if user.organization else "")
        if problems:
            raise serializers.ValidationError(problems)
        return codes


class RoleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Role
        fields = ["code", "name", "description"]
