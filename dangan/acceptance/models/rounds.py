"""Acceptance rounds (验收轮次): one delivery checked by the QC engine, a sample reviewed by the client,
and a decision under DAT31-12 and SX-3.3-c. A refused round leads to a rectification order; the provider
resubmits and the next round checks again, so the rounds of a project are its acceptance history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from dangan.core.models import AuditedModel
from dangan.core.scoping import ScopedModel


class RoundStatus(models.TextChoices):
    SUBMITTED = "submitted", "已提交"
    CHECKING = "checking", "自动检验中"
    REVIEWING = "reviewing", "人工抽检中"
    ACCEPTED = "accepted", "验收通过"
    REFUSED = "refused", "不予验收通过"
    ERROR = "error", "检验未能完成"


ACTIVE_STATUSES = (RoundStatus.SUBMITTED, RoundStatus.CHECKING, RoundStatus.REVIEWING)


class CatalogSource(models.TextChoices):
    AUTO = "auto", "交付目录中的目录文件（自动识别）"
    UPLOAD = "upload", "上传目录文件"
    UNITS = "units", "由本项目登记的档案导出"


class AcceptanceRound(AuditedModel):
    project = models.ForeignKey(
        "projects.Project", verbose_name="项目", on_delete=models.PROTECT, related_name="acceptance_rounds"
    )
    number = models.PositiveIntegerField("轮次")
    delivery_path = models.CharField("交付目录", max_length=1000)
    catalog_source = models.CharField(
        "目录来源", max_length=10, choices=CatalogSource.choices, default=CatalogSource.AUTO
    )
    catalog_file = models.FileField("目录文件", upload_to="acceptance/catalogs/%Y/%m/", blank=True)
    catalog_path = models.CharField("检验所用目录", max_length=1000, blank=True)
    profile = models.CharField("验收配置", max_length=100, default="DA/T 31-2017")
    note = models.TextField("交付说明", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提交人", on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField("提交时间")
    status = models.CharField(
        "状态", max_length=10, choices=RoundStatus.choices, default=RoundStatus.SUBMITTED
    )
    progress_done = models.PositiveIntegerField("已检验页数", default=0)
    progress_total = models.PositiveIntegerField("总页数", default=0)
    started_at = models.DateTimeField("检验开始", null=True, blank=True)
    finished_at = models.DateTimeField("检验结束", null=True, blank=True)
    error = models.TextField("错误", blank=True)
    summary = models.JSONField("自动检验汇总", default=dict, blank=True)
    machine_check = models.CharField("自动检验结论", max_length=10, blank=True)
    items = models.JSONField("件清单", default=list, blank=True)
    sample_required = models.PositiveIntegerField("应抽件数", default=0)
    population = models.PositiveIntegerField("总件数", default=0)

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
        verbose_name = "验收轮次"
        verbose_name_plural = "验收轮次"
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
        AcceptanceRound, verbose_name="验收轮次", on_delete=models.CASCADE, related_name="findings"
    )
    code = models.CharField("代码", max_length=40)
    severity = models.CharField("严重程度", max_length=10)
    rule = models.CharField("规则编号", max_length=30)
    title = models.CharField("问题", max_length=200)
    archive_no = models.CharField("档号", max_length=200, blank=True)
    file = models.CharField("文件", max_length=1000, blank=True)
    page = models.PositiveIntegerField("页", null=True, blank=True)
    message = models.TextField("说明")

    scope_paths = ("round__project__client", "round__project__provider")

    class Meta:
        verbose_name = "自动检验问题"
        verbose_name_plural = "自动检验问题"
        ordering = ["round", "archive_no", "file", "page", "code", "pk"]
        indexes = [models.Index(fields=["round", "code"], name="acceptance_finding_code")]

    def __str__(self) -> str:
        return f"{self.rule}：{self.message}"


class SampleResult(models.TextChoices):
    PASS = "pass", "合格"
    FAIL = "fail", "不合格"


# The manual-review check items (DA/T 31 §12); the first is judged apart (must be 100 %).
CHECK_ITEMS: tuple[tuple[str, str], ...] = (
    ("correspondence", "目录与图像对应"),
    ("image_quality", "图像质量"),
    ("completeness", "完整与排序"),
    ("naming", "命名与格式"),
)


class SampleItem(AuditedModel):
    round = models.ForeignKey(
        AcceptanceRound, verbose_name="验收轮次", on_delete=models.CASCADE, related_name="sample"
    )
    position = models.PositiveIntegerField("序号")
    archive_no = models.CharField("档号", max_length=200)
    title = models.CharField("题名", max_length=500, blank=True)
    year = models.CharField("年度", max_length=10, blank=True)
    group = models.CharField("卷/分类", max_length=200, blank=True)
    pages = models.PositiveIntegerField("页数", default=0)
    files = models.JSONField("图像文件", default=list)
    catalog_entry = models.JSONField("目录条目", default=dict, blank=True)
    correspondence = models.CharField(
        "目录与图像对应", max_length=4, choices=SampleResult.choices, blank=True
    )
    image_quality = models.CharField("图像质量", max_length=4, choices=SampleResult.choices, blank=True)
    completeness = models.CharField("完整与排序", max_length=4, choices=SampleResult.choices, blank=True)
    naming = models.CharField("命名与格式", max_length=4, choices=SampleResult.choices, blank=True)
    reason = models.TextField("问题说明", blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="检查人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("检查时间", null=True, blank=True)

    scope_paths = ("round__project__client", "round__project__provider")

    class Meta:
        verbose_name = "抽检样本"
        verbose_name_plural = "抽检样本"
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
        return [(CATALOG_LABELS.get(k, k), v) for k, v in values.items() if v]

    @property
    def failed_items(self) -> list[str]:
        return [label for code, label in CHECK_ITEMS if getattr(self, code) == SampleResult.FAIL]


CATALOG_LABELS: dict[str, str] = {
    "archive_no": "档号",
    "title": "题名",
    "author": "责任者",
    "date": "日期",
    "pages": "页数",
    "classification": "密级",
    "retention": "保管期限",
    "item_no": "件号",
    "fonds": "全宗号",
    "year": "年度",
    "org": "机构（问题）",
    "volume_no": "案卷号",
}


class Verdict(models.TextChoices):
    ACCEPTED = "accepted", "验收通过"
    REFUSED = "refused", "不予验收通过"


class Decision(AuditedModel):
    round = models.OneToOneField(
        AcceptanceRound, verbose_name="验收轮次", on_delete=models.PROTECT, related_name="decision"
    )
    verdict = models.CharField("验收结论", max_length=10, choices=Verdict.choices)
    rule_ids = models.JSONField("依据规则", default=list)
    reasons = models.JSONField("不予通过的理由", default=list, blank=True)
    figures = models.JSONField("验收数据", default=dict)
    safety_hazard = models.BooleanField("发现档案安全隐患", default=False)
    safety_hazards = models.TextField("安全隐患说明", blank=True)
    nonconformities = models.TextField("其他不符合项", blank=True)
    comments = models.TextField("验收意见", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="验收人", on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("验收时间")
    rectification_deadline = models.DateField("整改期限", null=True, blank=True)
    rectification_order = models.ForeignKey(
        "supervision.RectificationOrder",
        verbose_name="整改通知",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="acceptance_decisions",
    )

    scope_paths = ("round__project__client", "round__project__provider")

    class Meta:
        verbose_name = "验收结论"
        verbose_name_plural = "验收结论"
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"{self.round}：{self.get_verdict_display()}"

    def get_absolute_url(self) -> str:
        return self.round.get_absolute_url()

    @property
    def accepted(self) -> bool:
        return self.verdict == Verdict.ACCEPTED
