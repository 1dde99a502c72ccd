"""django-tables2 tables of the web UI."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from .models import Organization, User

TABLE_TEMPLATE = "django_tables2/bootstrap5-responsive.html"
TABLE_ATTRS = {"class": "table table-sm table-hover align-middle mb-0"}

# Vocabulary that lives as plain Chinese strings in lead-owned modules (roles.py, ledger EVENT_LABELS);
# listed here so that makemessages extracts them and templates can translate them with {% translate %}.
TRANSLATABLE_VOCABULARY = (
    gettext_noop("档案行政管理部门"),
    gettext_noop("委托方"),
    gettext_noop("服务方"),
    gettext_noop("机关"),
    gettext_noop("国家综合档案馆"),
    gettext_noop("企事业单位"),
    gettext_noop("其他组织"),
    gettext_noop("系统管理员"),
    gettext_noop("安全保密管理员"),
    gettext_noop("安全审计员"),
    gettext_noop("监管人员"),
    gettext_noop("项目负责人"),
    gettext_noop("档案管理人员"),
    gettext_noop("服务方项目经理"),
    gettext_noop("作业人员"),
    gettext_noop("管理单位、用户账号和系统配置；不能查看审计日志"),
    gettext_noop("分配角色与权限"),
    gettext_noop("查阅并校验审计日志；不能修改任何数据"),
    gettext_noop("执法检查、通报、限期整改、信用监管"),
    gettext_noop("委托方外包项目的负责领导"),
    gettext_noop("委托方档案交接、监督检查、验收"),
    gettext_noop("服务方现场负责人"),
    gettext_noop("服务方加工作业人员"),
    gettext_noop("新增"),
    gettext_noop("修改"),
    gettext_noop("删除"),
    gettext_noop("登录成功"),
    gettext_noop("登录失败"),
    gettext_noop("退出登录"),
    gettext_noop("账号锁定"),
    gettext_noop("账号解锁"),
    gettext_noop("角色变更"),
    gettext_noop("权限变更"),
    gettext_noop("修改口令"),
    gettext_noop("导出"),
    gettext_noop("导出审计日志"),
    gettext_noop("校验审计日志"),
)


def role_badges(user: User) -> str:
    names = sorted((r.name for r in user.roles.all()), key=str)
    if not names:
        return format_html('<span class="text-body-secondary">{}</span>', gettext("无角色"))
    return format_html_join(
        " ", '<span class="badge text-bg-secondary fw-normal">{}</span>', ((gettext(n),) for n in names)
    )


class OrganizationTable(tables.Table):
    name = tables.Column(verbose_name=_("单位名称"), linkify=("organization_detail", {"pk": tables.A("pk")}))
    kind = tables.Column(verbose_name=_("单位类型"))
    client_kind = tables.Column(verbose_name=_("委托方类别"))
    region_code = tables.Column(verbose_name=_("行政区划代码"))
    parent = tables.Column(verbose_name=_("上级部门"), order_by=("parent__name",))
    uscc = tables.Column(verbose_name=_("统一社会信用代码"))
    is_active = tables.BooleanColumn(verbose_name=_("启用"))

    class Meta:
        model = Organization
        fields = ("name", "kind", "client_kind", "region_code", "parent", "uscc", "is_active")
        template_name = TABLE_TEMPLATE
        attrs = TABLE_ATTRS
        empty_text = _("没有符合条件的单位")

    def render_kind(self, record: Organization) -> str:
        return gettext(record.get_kind_display())

    def render_client_kind(self, record: Organization) -> str:
        return gettext(record.get_client_kind_display())


class UserTable(tables.Table):
    username = tables.Column(verbose_name=_("用户名"), linkify=("user_detail", {"pk": tables.A("pk")}))
    full_name = tables.Column(verbose_name=_("姓名"))
    organization = tables.Column(verbose_name=_("所属单位"), order_by=("organization__name",))
    roles = tables.Column(verbose_name=_("角色"), empty_values=(), orderable=False)
    id_number = tables.Column(verbose_name=_("居民身份证号码"), orderable=False)
    is_active = tables.BooleanColumn(verbose_name=_("启用"))
    locked = tables.Column(verbose_name=_("锁定"), empty_values=(), orderable=False)

    class Meta:
        model = User
        fields = ("username", "full_name", "organization", "roles", "id_number", "is_active")
        template_name = TABLE_TEMPLATE
        attrs = TABLE_ATTRS
        empty_text = _("没有符合条件的用户")

    def render_roles(self, record: User) -> str:
        return role_badges(record)

    def render_id_number(self, record: User) -> str:
        # Only the mask ever leaves the server.
        return record.masked_id_number

    def render_locked(self, record: User) -> Any:
        if record.is_locked:
            return format_html('<span class="badge text-bg-danger">{}</span>', gettext("已锁定"))
        return "—"
