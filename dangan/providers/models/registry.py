"""The provider registry: what a 服务方 proves about itself (SX-3.1-b1…b4, REG-28, SX-4.3) and the bad
records clients and regulators enter about it (SX-2.1), which follow it across clients and projects."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dangan.accounts import roles
from dangan.core.engine_labels import lazy_choices
from dangan.core.fields import EncryptedCharField, blind_index
from dangan.core.models import AuditedModel
from dangan.core.scoping import organization_q, user_organization
from dangan.engines.compliance.vocab import BAD_RECORD_KINDS, ID_TYPES, SERVICE_TYPES
from dangan.engines.identifiers import mask_id_number, validate_id_number

PROVIDER_ONLY = {"kind": roles.PROVIDER}


class ProviderRegistryModel(AuditedModel):
    """Rows about one provider: the provider and regulators over it see them, and every client may read
    them, because a client compares providers before choosing one (SX-3.1-a, SX-3.1-b4)."""

    scope_paths = ("provider",)

    class Meta:
        abstract = True

    @classmethod
    def scope_q(cls, user: Any, action: str = "view") -> Q:
        q = organization_q(cls.scope_paths, user)
        org = user_organization(user)
        if org is not None and org.is_client and action == "view":
            q |= Q(provider__kind=roles.PROVIDER, provider__is_active=True)
        return q


class ProviderProfile(ProviderRegistryModel):
    provider = models.OneToOneField(
        "accounts.Organization",
        verbose_name=_("服务方"),
        on_delete=models.CASCADE,
        related_name="provider_profile",
        limit_choices_to=PROVIDER_ONLY,
    )
    registered_in_prc = models.BooleanField(_("在中华人民共和国境内注册"), default=True)
    registration_country = models.CharField(_("注册地（国家/地区）"), max_length=50, default="中国")
    enterprise_legal_person = models.BooleanField(_("具有企业法人资格"), default=True)
    registered_address = models.CharField(_("注册地址"), max_length=300, blank=True)
    registered_capital = models.CharField(_("注册资本"), max_length=50, blank=True)
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    business_scope = models.JSONField(
        _("经营范围覆盖的业务类型"),
        default=list,
        blank=True,
        help_text=_("业务类型代码列表，如 digitization、organizing"),
    )
    business_scope_text = models.TextField(_("营业执照经营范围"), blank=True)
    premises = models.TextField(_("场所（加工场地、库房）"), blank=True)
    security_management_system = models.BooleanField(_("具有保证档案安全的管理体系和保障措施"), default=False)
    archive_service_management_system = models.BooleanField(
        _("建立档案服务管理制度（档案法第二十四条）"), default=False
    )
    accepts_supervision = models.BooleanField(_("承诺接受档案行政管理部门监督检查"), default=False)
    professional_capability = models.BooleanField(_("具有相应专业能力（条例第二十八条）"), default=False)
    track_record = models.TextField(_("业绩"), blank=True)

    class Meta:
        verbose_name = _("服务方概况")
        verbose_name_plural = _("服务方概况")

    def __str__(self) -> str:
        return f"{self.provider.name}概况"

    def clean(self) -> None:
        unknown = [code for code in self.business_scope or [] if code not in SERVICE_TYPES]
        if unknown:
            raise ValidationError(
                {"business_scope": gettext("未知业务类型：%(v1)s") % {"v1": "、".join(unknown)}}
            )
        if self.provider_id and not self.provider.is_provider:
            raise ValidationError({"provider": gettext("只有服务方有服务方概况")})


class Shareholder(ProviderRegistryModel):
    provider = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("服务方"),
        on_delete=models.CASCADE,
        related_name="shareholders",
        limit_choices_to=PROVIDER_ONLY,
    )
    name = models.CharField(_("股东名称"), max_length=200)
    nationality = models.CharField(_("国籍/注册地"), max_length=50, default="CN")
    share_percent = models.DecimalField(
        _("持股比例（%）"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    exception_basis = models.CharField(_("国家另有规定的依据（非境内股东时）"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("股东")
        verbose_name_plural = _("股东")
        ordering = ["provider", "name"]

    def __str__(self) -> str:
        return self.name


class StaffMember(ProviderRegistryModel):
    provider = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("服务方"),
        on_delete=models.CASCADE,
        related_name="staff_members",
        limit_choices_to=PROVIDER_ONLY,
    )
    name = models.CharField(_("姓名"), max_length=50)
    id_type = models.CharField(
        _("身份证明类型"), max_length=30, choices=lazy_choices(ID_TYPES), default="resident_id"
    )
    id_number = EncryptedCharField(_("身份证明号码"))
    id_number_index = models.CharField(max_length=64, editable=False, db_index=True)
    nationality = models.CharField(_("国籍"), max_length=50, default="CN")
    exception_basis = models.CharField(_("国家另有规定的依据（非境内公民时）"), max_length=300, blank=True)
    position = models.CharField(_("岗位"), max_length=50, blank=True)
    professional = models.BooleanField(_("专业技术人员"), default=False)
    confidentiality_undertaking = models.BooleanField(_("已签保密承诺书"), default=False)
    confidentiality_signed_on = models.DateField(_("保密承诺签署日期"), null=True, blank=True)
    political_review = models.BooleanField(_("已提供政审材料"), default=False)
    political_review_file = models.FileField(
        _("政审材料"), upload_to="providers/political_review/", blank=True
    )
    user = models.OneToOneField(
        "accounts.User",
        verbose_name=_("平台账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_member",
    )
    is_active = models.BooleanField(_("在职"), default=True)

    ledger_masked_fields = ("id_number",)
    ledger_excluded_fields = ("created_at", "updated_at", "id_number_index")

    class Meta:
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")
        ordering = ["provider", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "id_number_index"], name="staff_unique_id_per_provider"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number) if self.id_number else ""

    @property
    def has_valid_id(self) -> bool:
        return self.id_type != "resident_id" or validate_id_number(self.id_number).ok

    @property
    def trained(self) -> bool:
        return self.training_records.exists()

    def clean(self) -> None:
        if self.id_type == "resident_id" and self.id_number:
            result = validate_id_number(self.id_number)
            if not result.ok:
                raise ValidationError(
                    {
                        "id_number": gettext("SX-3.1-b3：居民身份证号码无效：%(result_reason)s")
                        % {"result_reason": result.reason}
                    }
                )

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.id_number = (self.id_number or "").strip().upper()
        self.id_number_index = blind_index(self.id_number) if self.id_number else ""
        super().save(*args, **kwargs)


class TrainingRecord(AuditedModel):
    staff = models.ForeignKey(
        StaffMember, verbose_name=_("工作人员"), on_delete=models.CASCADE, related_name="training_records"
    )
    course = models.CharField(_("培训内容"), max_length=200)
    trained_on = models.DateField(_("培训日期"))
    certificate_no = models.CharField(_("证书编号"), max_length=100, blank=True)
    issuer = models.CharField(_("发证/培训机构"), max_length=200, blank=True)
    certificate_file = models.FileField(_("证书扫描件"), upload_to="providers/training/", blank=True)

    scope_paths = ("staff__provider",)

    class Meta:
        verbose_name = _("档案专业培训记录")
        verbose_name_plural = _("档案专业培训记录")
        ordering = ["-trained_on"]

    def __str__(self) -> str:
        return f"{self.staff.name}：{self.course}"

    @classmethod
    def scope_q(cls, user: Any, action: str = "view") -> Q:
        q = organization_q(cls.scope_paths, user)
        org = user_organization(user)
        if org is not None and org.is_client and action == "view":
            q |= Q(staff__provider__kind=roles.PROVIDER, staff__provider__is_active=True)
        return q


class Qualification(ProviderRegistryModel):
    KIND_CHOICES = [
        ("secrecy", _("涉密资质")),
        ("iso", _("管理体系认证（ISO 等）")),
        ("license", _("营业执照/许可")),
        ("other", _("其他资质")),
    ]
    provider = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("服务方"),
        on_delete=models.CASCADE,
        related_name="qualifications",
        limit_choices_to=PROVIDER_ONLY,
    )
    name = models.CharField(_("资质名称"), max_length=200)
    kind = models.CharField(_("类别"), max_length=20, choices=KIND_CHOICES, default="other")
    number = models.CharField(_("证书编号"), max_length=100, blank=True)
    issuer = models.CharField(_("发证机关"), max_length=200, blank=True)
    valid_from = models.DateField(_("有效期起"), null=True, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    file = models.FileField(_("证书扫描件"), upload_to="providers/qualifications/", blank=True)

    class Meta:
        verbose_name = _("资质")
        verbose_name_plural = _("资质")
        ordering = ["provider", "valid_until"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_secrecy(self) -> bool:
        return self.kind == "secrecy"


class Equipment(ProviderRegistryModel):
    provider = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("服务方"),
        on_delete=models.CASCADE,
        related_name="equipment",
        limit_choices_to=PROVIDER_ONLY,
    )
    name = models.CharField(_("设备名称"), max_length=200)
    model_name = models.CharField(_("型号"), max_length=100, blank=True)
    count = models.PositiveIntegerField(_("数量"), default=1)
    serial_numbers = models.TextField(_("序列号"), blank=True)
    offline = models.BooleanField(_("不连接互联网"), default=True)

    class Meta:
        verbose_name = _("设备")
        verbose_name_plural = _("设备")
        ordering = ["provider", "name"]

    def __str__(self) -> str:
        return self.name


class Software(ProviderRegistryModel):
    provider = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("服务方"),
        on_delete=models.CASCADE,
        related_name="software",
        limit_choices_to=PROVIDER_ONLY,
    )
    name = models.CharField(_("软件名称"), max_length=200)
    version = models.CharField(_("版本"), max_length=50, blank=True)
    vendor = models.CharField(_("开发商"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("加工软件")
        verbose_name_plural = _("加工软件")
        ordering = ["provider", "name"]

    def __str__(self) -> str:
        return self.name


class BadRecord(ProviderRegistryModel):
    """违约行为、安全事故、行政处罚等不良记录: entered by a client or a regulator, seen by every client."""

    provider = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("服务方"),
        on_delete=models.PROTECT,
        related_name="bad_records",
        limit_choices_to=PROVIDER_ONLY,
    )
    kind = models.CharField(_("类别"), max_length=30, choices=lazy_choices(BAD_RECORD_KINDS))
    occurred_on = models.DateField(_("发生日期"))
    description = models.TextField(_("情况说明"))
    recorded_by = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("记录单位"),
        on_delete=models.PROTECT,
        related_name="bad_records_entered",
    )
    basis = models.CharField(_("依据/文号"), max_length=200, blank=True)
    published = models.BooleanField(_("已公示"), default=False)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("更正的记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
        help_text=_("不良记录登记后不能删除或修改；如有错误，登记一条新记录更正原记录"),
    )
    withdraws = models.BooleanField(
        _("撤销原记录"),
        default=False,
        help_text=_("原记录登记有误、应予撤销时勾选；本记录本身不计为不良记录"),
    )

    scope_paths = ("provider", "recorded_by")
    # Only these may change after entry; everything else is corrected by a new record (SX-2.1).
    mutable_fields = frozenset({"published", "updated_at"})

    class Meta:
        verbose_name = _("不良记录")
        verbose_name_plural = _("不良记录")
        ordering = ["-occurred_on"]

    def __str__(self) -> str:
        return f"{self.provider.name}：{self.get_kind_display()}（{self.occurred_on}）"

    @property
    def is_open(self) -> bool:
        """Counts against the provider: not a withdrawal and not superseded by a later correction."""
        return not self.withdraws and not self.corrections.exists()

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.provider_id and not self.provider.is_provider:
            errors["provider"] = gettext("不良记录只能登记在服务方名下")
        if self.corrects_id:
            if self.corrects_id == self.pk:
                errors["corrects"] = gettext("不能更正本记录自身")
            elif self.provider_id and self.corrects.provider_id != self.provider_id:
                errors["corrects"] = gettext("只能更正同一服务方的不良记录")
        elif self.withdraws:
            errors["withdraws"] = gettext("撤销须指明被撤销的原记录")
        if errors:
            raise ValidationError(errors)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            previous = type(self)._default_manager.filter(pk=self.pk).values().first()
            if previous is not None:
                changed = [
                    f.attname
                    for f in self._meta.concrete_fields
                    if f.name not in self.mutable_fields and previous[f.attname] != getattr(self, f.attname)
                ]
                if changed:
                    raise BadRecordImmutable(gettext("不良记录登记后不能修改，请登记一条更正记录（SX-2.1）"))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise BadRecordImmutable(gettext("不良记录登记后不能删除，请登记一条更正记录（SX-2.1）"))


class BadRecordImmutable(Exception):
    """A bad record follows its provider for good (SX-2.1): corrections are new records."""
