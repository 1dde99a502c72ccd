"""Capabilities of the custody app (checked on top of scoping)."""

from dangan.accounts import roles
from dangan.core.permissions import register

CLIENT_ROLES = {roles.CLIENT_MANAGER, roles.CLIENT_STAFF}
PROVIDER_ROLES = {roles.PROVIDER_MANAGER, roles.PROVIDER_OPERATOR}

register("custody.manage_units", "管理档案目录（导入、编辑、加入项目）", CLIENT_ROLES, {roles.CLIENT})
register("custody.handover_client", "委托方原件交接（出库交出、确认归还）", CLIENT_ROLES, {roles.CLIENT})
register(
    "custody.handover_provider", "服务方原件交接（确认接收、归还交出）", PROVIDER_ROLES, {roles.PROVIDER}
)
register("custody.resolve_incident", "处理原件保管事件", CLIENT_ROLES, {roles.CLIENT})


def can_handover(user) -> bool:
    from dangan.core.permissions import can

    return can(user, "custody.handover_client") or can(user, "custody.handover_provider")
