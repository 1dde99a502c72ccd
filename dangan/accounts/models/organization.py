from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dangan.core.engine_labels import lazy_choices
from dangan.core.models import AuditedModel
from dangan.core.scoping import organization_q, user_organization
from dangan.engines.identifiers import validate_uscc

from .. import roles

region_code_validator = RegexValidator(r"^\d{6}$", _("行政区划代码应为6位数字（GB/T 2260），如 140000"))


def uscc_validator(value: str) -> None:
    result = validate_uscc(value)
    if not result.ok:
        raise ValidationError(
            gettext("统一社会信用代码无效：%(result_reason)s") % {"result_reason": result.reason}
        )


class Organization(AuditedModel):
    """档案行政管理部门 (regulator), 委托方 (client) or 服务方 (provider)."""

    name = models.CharField(_("单位名称"), max_length=200, unique=True)
    kind = models.CharField(
        _("单位类型"), max_length=20, choices=lazy_choices(dict(roles.ORGANIZATION_KINDS))
    )
    client_kind = models.CharField(
        _("委托方类别"),
        max_length=30,
        choices=lazy_choices(dict(roles.CLIENT_KINDS)),
        blank=True,
        help_text=_("仅委托方填写：机关 / 国家综合档案馆 / 企事业单位 / 其他组织"),
    )
    region_code = models.CharField(
        _("行政区划代码"),
        max_length=6,
        validators=[region_code_validator],
        help_text=_("单位所在地（GB/T 2260）；档案行政管理部门的辖区即此代码及其下级"),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级档案行政管理部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    uscc = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        blank=True,
        validators=[uscc_validator],
    )
    address = models.CharField(_("地址"), max_length=300, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    scope_paths = ("",)

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["kind", "region_code", "name"]
        indexes = [models.Index(fields=["region_code"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_regulator(self) -> bool:
        return self.kind == roles.REGULATOR

    @property
    def is_client(self) -> bool:
        return self.kind == roles.CLIENT

    @property
    def is_provider(self) -> bool:
        return self.kind == roles.PROVIDER

    @property
    def jurisdiction_prefix(self) -> str:
        from dangan.core.scoping import jurisdiction_prefix

        return jurisdiction_prefix(self.region_code)

    def covers_region(self, region_code: str) -> bool:
        return self.is_regulator and region_code.startswith(self.jurisdiction_prefix)

    @classmethod
    def scope_q(cls, user: Any, action: str = "view") -> Q:
        q = organization_q(cls.scope_paths, user)
        org = user_organization(user)
        if org is not None and org.is_client and action == "view":
            # Clients compare providers before choosing one (SX-3.1-a), so the provider registry is open to them.
            q |= Q(kind=roles.PROVIDER, is_active=True)
        return q

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.kind == roles.CLIENT and not self.client_kind:
            errors["client_kind"] = gettext(
                "委托方必须选择类别（机关、国家综合档案馆、企事业单位或其他组织）"
            )
        if self.kind != roles.CLIENT and self.client_kind:
            errors["client_kind"] = gettext("只有委托方有类别")
        if self.parent_id:
            parent = self.parent
            if not parent.is_regulator:
                errors["parent"] = gettext("上级单位必须是档案行政管理部门")
            elif self.kind != roles.REGULATOR:
                errors["parent"] = gettext("只有档案行政管理部门设上级")
            elif self.region_code and not (
                self.region_code.startswith(parent.jurisdiction_prefix)
                and self.region_code != parent.region_code
            ):
                errors["parent"] = gettext("下级档案行政管理部门的行政区划必须在上级辖区之内")
            elif self.pk and parent.pk == self.pk:
                errors["parent"] = gettext("上级不能是本单位")
        if self.kind == roles.PROVIDER and not self.uscc:
            errors["uscc"] = gettext("服务方必须填写统一社会信用代码（SX-3.1-b1）")
        if errors:
            raise ValidationError(errors)
