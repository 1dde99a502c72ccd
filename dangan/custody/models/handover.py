"""Hand-over of originals (交接单) between the client's storage and the provider, and the incidents a
count that does not match raises (CUSTODY)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from dangan.core.models import AuditedModel


class Direction(models.TextChoices):
    OUT = "out", _("出库交出")
    RETURN = "return", _("归还入库")


class BatchStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SENT = "sent", _("已交出待接收")
    RECEIVED = "received", _("已接收确认")


class ReceivedStatus(models.TextChoices):
    PENDING = "pending", _("待清点")
    CONFIRMED = "confirmed", _("已清点")
    DAMAGED = "damaged", _("有损坏")
    MISSING = "missing", _("缺失")


class HandoverBatch(AuditedModel):
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), on_delete=models.PROTECT, related_name="handover_batches"
    )
    number = models.CharField(_("交接单号"), max_length=40)
    direction = models.CharField(_("方向"), max_length=10, choices=Direction.choices)
    status = models.CharField(
        _("状态"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.DRAFT
    )
    sender_org = models.ForeignKey(
        "accounts.Organization", verbose_name=_("交出单位"), on_delete=models.PROTECT, related_name="+"
    )
    receiver_org = models.ForeignKey(
        "accounts.Organization", verbose_name=_("接收单位"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("制单人"), on_delete=models.PROTECT, related_name="+", null=True
    )
    sent_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("交出确认人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    sent_at = models.DateTimeField(_("交出确认时间"), null=True, blank=True)
    received_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("接收确认人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    received_at = models.DateTimeField(_("接收确认时间"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)

    scope_paths = ("project__client", "project__provider")

    class Meta:
        verbose_name = _("交接单")
        verbose_name_plural = _("交接单")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="custody_batch_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}（{self.get_direction_display()}）"

    def get_absolute_url(self) -> str:
        return reverse("custody:batch_detail", args=[self.pk])

    @property
    def confirmed_by_both(self) -> bool:
        return bool(self.sent_at and self.sent_by_id and self.received_at and self.received_by_id)


class HandoverItem(AuditedModel):
    batch = models.ForeignKey(
        HandoverBatch, verbose_name=_("交接单"), on_delete=models.CASCADE, related_name="items"
    )
    unit = models.ForeignKey(
        "custody.ArchiveUnit", verbose_name=_("档案"), on_delete=models.PROTECT, related_name="handover_items"
    )
    sent_condition = models.CharField(
        _("交出时状况"), max_length=200, blank=True, default=gettext_noop("完好")
    )
    received_status = models.CharField(
        _("接收清点"), max_length=10, choices=ReceivedStatus.choices, default=ReceivedStatus.PENDING
    )
    received_note = models.CharField(_("接收说明"), max_length=300, blank=True)
    scanned_at = models.DateTimeField(_("清点时间"), null=True, blank=True)

    scope_paths = ("batch__project__client", "batch__project__provider")

    class Meta:
        verbose_name = _("交接明细")
        verbose_name_plural = _("交接明细")
        ordering = ["batch", "unit__archive_no"]
        constraints = [models.UniqueConstraint(fields=["batch", "unit"], name="custody_item_unique_unit")]

    def __str__(self) -> str:
        return f"{self.batch.number}：{self.unit.archive_no}"


class IncidentKind(models.TextChoices):
    OVERDUE = "overdue", _("超期未归还")
    MISSING = "missing", _("交接缺失")
    DAMAGED = "damaged", _("交接发现损坏")


class CustodyIncident(AuditedModel):
    """An original kept past the contract's limit, missing or damaged at a hand-over (CUSTODY).

    The supervision app takes these over as LAW-44 incidents; regulators see them in their jurisdiction.
    """

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), on_delete=models.PROTECT, related_name="custody_incidents"
    )
    unit = models.ForeignKey(
        "custody.ArchiveUnit", verbose_name=_("档案"), on_delete=models.PROTECT, related_name="incidents"
    )
    batch = models.ForeignKey(
        HandoverBatch,
        verbose_name=_("交接单"),
        on_delete=models.PROTECT,
        related_name="incidents",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("类别"), max_length=10, choices=IncidentKind.choices)
    opened_at = models.DateTimeField(_("发生时间"))
    details = models.TextField(_("情况"))
    rule_id = models.CharField(_("规则编号"), max_length=20, default="CUSTODY")
    resolved_at = models.DateTimeField(_("处理完毕时间"), null=True, blank=True)
    resolution = models.TextField(_("处理情况"), blank=True)

    scope_paths = ("project__client", "project__provider")

    class Meta:
        verbose_name = _("原件保管事件")
        verbose_name_plural = _("原件保管事件")
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["project", "kind", "resolved_at"], name="custody_incident_open")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.unit.archive_no}"

    def get_absolute_url(self) -> str:
        return reverse("custody:incident_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None
