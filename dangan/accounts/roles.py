"""Role vocabulary. The 三员 (system administrator, security administrator, security auditor) are
mutually exclusive, as Chinese government information systems require."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext, gettext_noop

REGULATOR = "regulator"
CLIENT = "client"
PROVIDER = "provider"

ORGANIZATION_KINDS = [
    (REGULATOR, gettext_noop("档案行政管理部门")),
    (CLIENT, gettext_noop("委托方")),
    (PROVIDER, gettext_noop("服务方")),
]

CLIENT_KINDS = [
    ("organ", gettext_noop("机关")),
    ("national_archive", gettext_noop("国家综合档案馆")),
    ("enterprise", gettext_noop("企事业单位")),
    ("other", gettext_noop("其他组织")),
]

SYSADMIN = "sysadmin"
SECADMIN = "secadmin"
AUDITOR = "auditor"
REGULATOR_OFFICER = "regulator_officer"
CLIENT_MANAGER = "client_manager"
CLIENT_STAFF = "client_staff"
PROVIDER_MANAGER = "provider_manager"
PROVIDER_OPERATOR = "provider_operator"

THREE_OFFICERS = frozenset({SYSADMIN, SECADMIN, AUDITOR})


@dataclass(frozen=True)
class RoleDef:
    code: str
    name: str
    description: str
    organization_kinds: frozenset[str]


ALL_KINDS = frozenset({REGULATOR, CLIENT, PROVIDER})

ROLE_DEFS: tuple[RoleDef, ...] = (
    RoleDef(
        SYSADMIN,
        gettext_noop("系统管理员"),
        gettext_noop("管理单位、用户账号和系统配置；不能查看审计日志"),
        ALL_KINDS,
    ),
    RoleDef(SECADMIN, gettext_noop("安全保密管理员"), gettext_noop("分配角色与权限"), ALL_KINDS),
    RoleDef(
        AUDITOR, gettext_noop("安全审计员"), gettext_noop("查阅并校验审计日志；不能修改任何数据"), ALL_KINDS
    ),
    RoleDef(
        REGULATOR_OFFICER,
        gettext_noop("监管人员"),
        gettext_noop("执法检查、通报、限期整改、信用监管"),
        frozenset({REGULATOR}),
    ),
    RoleDef(
        CLIENT_MANAGER,
        gettext_noop("项目负责人"),
        gettext_noop("委托方外包项目的负责领导"),
        frozenset({CLIENT}),
    ),
    RoleDef(
        CLIENT_STAFF,
        gettext_noop("档案管理人员"),
        gettext_noop("委托方档案交接、监督检查、验收"),
        frozenset({CLIENT}),
    ),
    RoleDef(
        PROVIDER_MANAGER,
        gettext_noop("服务方项目经理"),
        gettext_noop("服务方现场负责人"),
        frozenset({PROVIDER}),
    ),
    RoleDef(
        PROVIDER_OPERATOR, gettext_noop("作业人员"), gettext_noop("服务方加工作业人员"), frozenset({PROVIDER})
    ),
)
ROLE_BY_CODE = {r.code: r for r in ROLE_DEFS}
ROLE_CHOICES = [(r.code, r.name) for r in ROLE_DEFS]


def role_conflicts(codes: set[str] | frozenset[str], organization_kind: str) -> list[str]:
    """Reasons, in Chinese, why this set of roles cannot be held by one user of this kind of organization."""
    problems: list[str] = []
    officers = sorted(codes & THREE_OFFICERS, key=lambda c: [r.code for r in ROLE_DEFS].index(c))
    if len(officers) > 1:
        names = "、".join(gettext(ROLE_BY_CODE[c].name) for c in officers)
        problems.append(gettext("三员分立：%(names)s不得由同一人兼任") % {"names": names})
    if AUDITOR in codes and len(codes) > 1:
        problems.append(gettext("三员分立：安全审计员不得兼任其他角色"))
    for code in sorted(codes):
        role = ROLE_BY_CODE.get(code)
        if role is None:
            problems.append(gettext("未知角色：%(code)s") % {"code": code})
        elif organization_kind not in role.organization_kinds:
            kind_name = dict(ORGANIZATION_KINDS).get(organization_kind, organization_kind)
            problems.append(
                gettext("角色“%(role_name)s”不适用于%(kind_name)s")
                % {"role_name": gettext(role.name), "kind_name": gettext(kind_name)}
            )
    return problems
