from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dangan.core.fields import EncryptedCharField, blind_index
from dangan.core.models import AuditedModel
from dangan.core.scoping import ScopedQuerySet, organization_q, user_organization
from dangan.engines.identifiers import mask_id_number, validate_id_number

from .. import roles


class UserManager(DjangoUserManager.from_queryset(ScopedQuerySet)):
    pass


def id_number_validator(value: str) -> None:
    result = validate_id_number(value)
    if not result.ok:
        raise ValidationError(
            gettext("居民身份证号码无效：%(result_reason)s") % {"result_reason": result.reason}
        )


class User(AbstractUser, AuditedModel):
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("所属单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机号"), max_length=30, blank=True)
    id_number = EncryptedCharField(_("居民身份证号码"), blank=True, validators=[id_number_validator])
    id_number_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    roles = models.ManyToManyField("accounts.Role", verbose_name=_("角色"), blank=True, related_name="users")
    failed_login_count = models.PositiveIntegerField(_("连续登录失败次数"), default=0, editable=False)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True, editable=False)

    objects = UserManager()

    scope_paths = ("organization",)
    ledger_masked_fields = ("id_number",)
    ledger_excluded_fields = (
        "password",
        "last_login",
        "created_at",
        "updated_at",
        "id_number_index",
        "failed_login_count",
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["organization__name", "username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.id_number_index = blind_index(self.id_number) if self.id_number else ""
        super().save(*args, **kwargs)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number) if self.id_number else ""

    @property
    def role_codes(self) -> frozenset[str]:
        cached = getattr(self, "_role_codes", None)
        if cached is None:
            cached = frozenset(self.roles.values_list("code", flat=True)) if self.pk else frozenset()
            self._role_codes = cached
        return cached

    def forget_roles(self) -> None:
        self.__dict__.pop("_role_codes", None)

    def has_role(self, *codes: str) -> bool:
        return bool(self.role_codes & set(codes))

    @property
    def is_locked(self) -> bool:
        return bool(self.locked_until and self.locked_until > timezone.now())

    @classmethod
    def scope_q(cls, user: Any, action: str = "view") -> Q:
        q = organization_q(cls.scope_paths, user)
        if user_organization(user) is not None:
            q |= Q(pk=user.pk)  # everyone sees their own account
        return q

    def clean(self) -> None:
        super().clean()
        if self.organization_id and self.pk:
            problems = roles.role_conflicts(set(self.role_codes), self.organization.kind)
            if problems:
                raise ValidationError({"roles": problems})
