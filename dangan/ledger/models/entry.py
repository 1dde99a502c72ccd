from __future__ import annotations

from datetime import UTC
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from dangan.core.scoping import ScopedQuerySet


class LedgerImmutableError(RuntimeError):
    """Raised for any attempt to change or delete a ledger entry through the application."""


class LedgerQuerySet(ScopedQuerySet):
    def update(self, **kwargs: Any) -> int:
        raise LedgerImmutableError(gettext("审计日志只能追加，不能修改"))

    def delete(self) -> tuple[int, dict[str, int]]:
        raise LedgerImmutableError(gettext("审计日志只能追加，不能删除"))

    def _raw_delete(self, using: Any) -> int:
        raise LedgerImmutableError(gettext("审计日志只能追加，不能删除"))


EVENT_LABELS = {
    "create": gettext_noop("新增"),
    "update": gettext_noop("修改"),
    "delete": gettext_noop("删除"),
    "login_success": gettext_noop("登录成功"),
    "login_failure": gettext_noop("登录失败"),
    "logout": gettext_noop("退出登录"),
    "account_locked": gettext_noop("账号锁定"),
    "account_unlocked": gettext_noop("账号解锁"),
    "role_change": gettext_noop("角色变更"),
    "permission_change": gettext_noop("权限变更"),
    "password_change": gettext_noop("修改口令"),
    "export": gettext_noop("导出"),
    "import": gettext_noop("批量导入"),
    "project_transition": gettext_noop("项目状态变更"),
    "project_transition_refused": gettext_noop("项目状态变更被拒绝"),
    "selection_decision": gettext_noop("比选决定"),
    "project_completion_reported": gettext_noop("报告项目完成"),
    "custody_catalog_import": gettext_noop("导入档案目录"),
    "custody_catalog_import_batch": gettext_noop("导入档案目录（分批）"),
    "custody_units_added": gettext_noop("档案加入项目"),
    "custody_unit_found": gettext_noop("找回档案"),
    "custody_handover_sent": gettext_noop("交接单发出"),
    "custody_handover_received": gettext_noop("交接单接收确认"),
    "custody_handover_printed": gettext_noop("打印交接单"),
    "custody_overdue_incidents": gettext_noop("原件逾期事件"),
    "supervision_inspection_done": gettext_noop("完成检查"),
    "supervision_order_issued": gettext_noop("下达整改通知"),
    "supervision_order_responded": gettext_noop("整改回复"),
    "supervision_order_verified": gettext_noop("整改验证"),
    "supervision_order_overdue": gettext_noop("整改逾期"),
    "supervision_incident_reported": gettext_noop("事件上报"),
    "supervision_incident_closed": gettext_noop("事件关闭"),
    "supervision_incident_close_refused": gettext_noop("拒绝关闭未上报事件"),
    "supervision_notice_drafted": gettext_noop("起草通报"),
    "supervision_notice_published": gettext_noop("发布通报"),
    "supervision_published": gettext_noop("公示"),
    "supervision_analysis": gettext_noop("生成定期分析"),
    "notification_sent": gettext_noop("发送通知"),
    "ledger_export": gettext_noop("导出审计日志"),
    "ledger_verify": gettext_noop("校验审计日志"),
}


class LedgerEntry(models.Model):
    """One append-only, hash-chained audit record. Separate from any ordinary change history."""

    seq = models.BigIntegerField(_("序号"), primary_key=True)
    timestamp = models.DateTimeField(_("时间"), db_index=True)
    event = models.CharField(_("事件"), max_length=40, db_index=True)
    actor_id = models.BigIntegerField(_("操作人ID"), null=True, blank=True)
    actor_name = models.CharField(_("操作人"), max_length=150)
    organization_id = models.BigIntegerField(_("单位ID"), null=True, blank=True, db_index=True)
    organization_name = models.CharField(_("单位"), max_length=200, blank=True)
    organization_region = models.CharField(_("单位行政区划"), max_length=6, blank=True, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("对象ID"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=300, blank=True)
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    ip_address = models.CharField(_("IP地址"), max_length=45, blank=True, null=True)
    algorithm = models.CharField(_("哈希算法"), max_length=10)
    prev_hash = models.CharField(_("前一条哈希"), max_length=64)
    hash = models.CharField(_("本条哈希"), max_length=64, unique=True)

    objects = LedgerQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计日志条目")
        verbose_name_plural = _("审计日志")
        ordering = ["-seq"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"#{self.seq} {self.event} {self.object_repr}"

    @property
    def event_label(self) -> str:
        return EVENT_LABELS.get(self.event, self.event)

    @classmethod
    def scope_q(cls, user: Any, action: str = "view") -> Q:
        # Entries carry organization snapshots rather than foreign keys, so scope on the stored region/id.
        from dangan.core.scoping import NOTHING, user_organization

        org = user_organization(user)
        if org is None:
            return NOTHING
        if org.is_regulator:
            return Q(organization_region__startswith=org.jurisdiction_prefix)
        return Q(organization_id=org.pk)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise LedgerImmutableError(gettext("审计日志只能追加，不能修改"))
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise LedgerImmutableError(gettext("审计日志只能追加，不能删除"))

    def as_chain_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "timestamp": format_timestamp(self.timestamp),
            "event": self.event,
            "actor_id": self.actor_id,
            "actor_name": self.actor_name,
            "organization_id": self.organization_id,
            "organization_name": self.organization_name,
            "organization_region": self.organization_region,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "before": self.before,
            "after": self.after,
            "ip_address": self.ip_address,
            "algorithm": self.algorithm,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


def format_timestamp(value) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
