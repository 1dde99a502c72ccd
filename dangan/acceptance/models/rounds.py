"""Acceptance rounds (验收轮次): one delivery checked by the QC engine, a sample reviewed by the client,
and a decision under DAT31-12 and SX-3.3-c. A refused round leads to a rectification order; the provider
resubmits and the next round checks again, so the rounds of a project are its acceptance history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from dangan.core.models import AuditedModel
from dangan.core.scoping import ScopedModel


class RoundStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    CHECKING = "checking", _("自动检验中")
    REVIEWING = "reviewing", _("人工抽检中")
    ACCEPTED = "accepted", _("验收通过")
    REFUSED = "refused", _("不予验收通过")
    ERROR = "error", _("检验未能完成")


ACTIVE_STATUSES = (RoundStatus.SUBMITTED, RoundStatus.CHECKING, RoundStatus.REVIEWING)


class CatalogSource(models.TextChoices):
    AUTO = "auto", _("交付目录中的目录文件（自动识别）")
    UPLOAD = "upload", _("上传目录文件")
    UNITS = "units", _("由本项目登记的档案导出")


class AcceptanceRound(AuditedModel):
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), on_delete=models.PROTECT, related_name="acceptance_rounds"
    )
    number = models.PositiveIntegerField(_("轮次"))
    delivery_path = models.CharField(_("交付目录"), max_length=1000)
    catalog_source = models.CharField(
        _("目录来源"), max_length=10, choices=CatalogSource.choices, default=CatalogSource.AUTO
    )
    catalog_file = models.FileField(_("目录文件"), upload_to="acceptance/catalogs/%Y/%m/", blank=True)
    catalog_path = models.CharField(_("检验所用目录"), max_length=1000, blank=True)
    profile = models.CharField(_("验收配置"), max_length=100, default="DA/T 31-2017")
    note = models.TextField(_("交付说明"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提交人"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("提交时间"))
    status = models.CharField(
        _("状态"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.SUBMITTED
    )
    progress_done = models.PositiveIntegerField(_("已检验页数"), default=0)
    progress_total = models.PositiveIntegerField(_("总页数"), default=0)
    started_at = models.DateTimeField(_("检验开始"), null=True, blank=True)
    finished_at = models.DateTimeField(_("检验结束"), null=True, blank=True)
    error = models.TextField(_("错误"), blank=True)
    summary = models.JSONField(_("自动检验汇总"), default=dict, blank=True)
    machine_check = models.CharField(_("自动检验结论"), max_length=10, blank=True)
    items = models.JSONField(_("件清单"), default=list, blank=True)
    sample_required = models.PositiveIntegerField(_("应抽件数"), default=0)
    population = models.PositiveIntegerField(_("总件数"), default=0)

    scope_paths = ("project__client", "project__provider")
    # Progress changes every second and the item list is bulky: the ledger gets explicit entries instead.
    ledger_excluded_fields = (
        "created_at",
        "updated_at",
        "progress_done",
        "progress_total",
        "items",
        "summary",
    )

    class Meta:
        verbose_name = _("验收轮次")
        verbose_name_plural = _("验收轮次")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="acceptance_round_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.project}：第 {self.number} 轮验收"

    def get_absolute_url(self) -> str:
        return reverse("acceptance:round_detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_checking(self) -> bool:
        return self.status in (RoundStatus.SUBMITTED, RoundStatus.CHECKING)

    @property
    def percent(self) -> int:
        if not self.progress_total:
            return 0 if self.is_checking else 100
        return min(100, round(100 * self.progress_done / self.progress_total))

    @property
    def counts(self) -> dict:
        return (self.summary or {}).get("counts", {})

    @property
    def verdict(self) -> dict:
        return (self.summary or {}).get("verdict", {})


class QcFinding(ScopedModel):
    """One finding of the machine check; written in bulk with one ledger entry per round."""

    round = models.ForeignKey(
        AcceptanceRound, verbose_name=_("验收轮次"), on_delete=models.CASCADE, related_name="findings"
    )
    code = models.CharField(_("代码"), max_length=40)
    severity = models.CharField(_("严重程度"), max_length=10)
    rule = models.CharField(_("规则编号"), max_length=30)
    title = models.CharField(_("问题"), max_length=200)
    archive_no = models.CharField(_("档号"), max_length=200, blank=True)
    file = models.CharField(_("文件"), max_length=1000, blank=True)
    page = models.PositiveIntegerField(_("页"), null=True, blank=True)
    message = models.TextField(_("说明"))

    scope_paths = ("round__project__client", "round__project__provider")

    class Meta:
        verbose_name = _("自动检验问题")
        verbose_name_plural = _("自动检验问题")
        ordering = ["round", "archive_no", "file", "page", "code", "pk"]
        indexes = [models.Index(fields=["round", "code"], name="acceptance_finding_code")]

    def __str__(self) -> str:
        return f"{self.rule}：{self.message}"


class SampleResult(models.TextChoices):
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


# The manual-review check items (DA/T 31 §12); the first is judged apart (must be 100 %).
CHECK_ITEMS: tuple[tuple[str, str], ...] = (
    ("correspondence", gettext_noop("目录与图像对应")),
    ("image_quality", gettext_noop("图像质量")),
    ("completeness", gettext_noop("完整与排序")),
    ("naming", gettext_noop("命名与格式")),
)


class SampleItem(AuditedModel):
    round = models.ForeignKey(
        AcceptanceRound, verbose_name=_("验收轮次"), on_delete=models.CASCADE, related_name="sample"
    )
    position = models.PositiveIntegerField(_("序号"))
    archive_no = models.CharField(_("档号"), max_length=200)
    title = models.CharField(_("题名"), max_length=500, blank=True)
    year = models.CharField(_("年度"), max_length=10, blank=True)
    group = models.CharField(_("卷/分类"), max_length=200, blank=True)
    pages = models.PositiveIntegerField(_("页数"), default=0)
    files = models.JSONField(_("图像文件"), default=list)
    catalog_entry = models.JSONField(_("目录条目"), default=dict, blank=True)
    correspondence = models.CharField(
        _("目录与图像对应"), max_length=4, choices=SampleResult.choices, blank=True
    )
    image_quality = models.CharField(_("图像质量"), max_length=4, choices=SampleResult.choices, blank=True)
    completeness = models.CharField(_("完整与排序"), max_length=4, choices=SampleResult.choices, blank=True)
    naming = models.CharField(_("命名与格式"), max_length=4, choices=SampleResult.choices, blank=True)
    reason = models.TextField(_("问题说明"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("检查人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("检查时间"), null=True, blank=True)

    scope_paths = ("round__project__client", "round__project__provider")

    class Meta:
        verbose_name = _("抽检样本")
        verbose_name_plural = _("抽检样本")
        ordering = ["round", "position"]
        constraints = [
            models.UniqueConstraint(fields=["round", "archive_no"], name="acceptance_sample_unique")
        ]

    def __str__(self) -> str:
        return f"{self.round}：抽检 {self.archive_no}"

    def get_absolute_url(self) -> str:
        return reverse("acceptance:sample_review", args=[self.pk])

    @property
    def reviewed(self) -> bool:
        return all(getattr(self, code) for code, _ in CHECK_ITEMS)

    @property
    def correspondence_ok(self) -> bool:
        return self.correspondence == SampleResult.PASS

    @property
    def other_ok(self) -> bool:
        return all(getattr(self, code) == SampleResult.PASS for code, _ in CHECK_ITEMS[1:])

    @property
    def catalog_rows(self) -> list[tuple[str, str]]:
        values = (self.catalog_entry or {}).get("values", {})
        return [(gettext(CATALOG_LABELS.get(k, k)), v) for k, v in values.items() if v]

    @property
    def failed_items(self) -> list[str]:
        return [gettext(label) for code, label in CHECK_ITEMS if getattr(self, code) == SampleResult.FAIL]


CATALOG_LABELS: dict[str, str] = {
    "archive_no": gettext_noop("档号"),
    "title": gettext_noop("题名"),
    "author": gettext_noop("责任者"),
    "date": gettext_noop("日期"),
    "pages": gettext_noop("页数"),
    "classification": gettext_noop("密级"),
    "retention": gettext_noop("保管期限"),
    "item_no": gettext_noop("件号"),
    "fonds": gettext_noop("全宗号"),
    "year": gettext_noop("年度"),
    "org": gettext_noop("机构（问题）"),
    "volume_no": gettext_noop("案卷号"),
}


class Verdict(models.TextChoices):
    ACCEPTED = "accepted", _("验收通过")
    REFUSED = "refused", _("不予验收通过")


class Decision(AuditedModel):
    round = models.OneToOneField(
        AcceptanceRound, verbose_name=_("验收轮次"), on_delete=models.PROTECT, related_name="decision"
    )
    verdict = models.CharField(_("验收结论"), max_length=10, choices=Verdict.choices)
    rule_ids = models.JSONField(_("依据规则"), default=list)
    reasons = models.JSONField(_("不予通过的理由"), default=list, blank=True)
    figures = models.JSONField(_("验收数据"), default=dict)
    safety_hazard = models.BooleanField(_("发现档案安全隐患"), default=False)
    safety_hazards = models.TextField(_("安全隐患说明"), blank=True)
    nonconformities = models.TextField(_("其他不符合项"), blank=True)
    comments = models.TextField(_("验收意见"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("验收人"), on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("验收时间"))
    rectification_deadline = models.DateField(_("整改期限"), null=True, blank=True)
    rectification_order = models.ForeignKey(
        "supervision.RectificationOrder",
        verbose_name=_("整改通知"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="acceptance_decisions",
    )

    scope_paths = ("round__project__client", "round__project__provider")

    class Meta:
        verbose_name = _("验收结论")
        verbose_name_plural = _("验收结论")
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"{self.round}：{self.get_verdict_display()}"

    def get_absolute_url(self) -> str:
        return self.round.get_absolute_url()

    @property
    def accepted(self) -> bool:
        return self.verdict == Verdict.ACCEPTED
