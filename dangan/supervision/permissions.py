"""Capabilities of the supervision app, on top of scoping.

* Clients (项目负责人, 档案管理人员) inspect their own projects (现场检查、抽查、会议、培训), record findings,
  order their provider to rectify, report and close incidents (LAW-44).
* Regulators' 监管人员 carry out law-enforcement inspections (SX-2.2-a) of clients and providers in their
  jurisdiction, send notices (通报), take actions (约谈 / 责令限期改正 / 行政处罚, REG-51) and keep the
  negative list.
* A provider's project manager answers rectification orders addressed to it and reports incidents on
  its projects; a client's 项目负责人 answers orders a regulator addressed to the client.
"""

from __future__ import annotations

from dangan.accounts import roles
from dangan.core.permissions import register

INSPECT = "supervision.inspect"
RESPOND = "supervision.respond"
REPORT_INCIDENT = "supervision.incident_report"
CLOSE_INCIDENT = "supervision.incident_close"
NOTICE = "supervision.notice"
REGULATOR_ACTION = "supervision.regulator_action"
NEGATIVE_LIST = "supervision.negative_list"
REGULATOR_VIEW = "supervision.regulator_view"
LEDGER_EXPORT = "supervision.ledger_export"

CLIENT_ROLES = {roles.CLIENT_MANAGER, roles.CLIENT_STAFF}


def register_capabilities() -> None:
    register(
        INSPECT,
        "监督检查（委托方现场检查、抽查、会议、培训；档案行政管理部门执法检查）、记录问题、下达整改通知",
        CLIENT_ROLES | {roles.REGULATOR_OFFICER},
        {roles.CLIENT, roles.REGULATOR},
    )
    register(
        RESPOND,
        "答复整改通知",
        {roles.PROVIDER_MANAGER, roles.CLIENT_MANAGER},
        {roles.PROVIDER, roles.CLIENT},
    )
    register(
        REPORT_INCIDENT,
        "登记并报告档案安全事件（LAW-44）",
        CLIENT_ROLES | {roles.PROVIDER_MANAGER},
        {roles.CLIENT, roles.PROVIDER},
    )
    register(CLOSE_INCIDENT, "关闭档案安全事件（须已报告，LAW-44）", CLIENT_ROLES, {roles.CLIENT})
    register(NOTICE, "发布通报", {roles.REGULATOR_OFFICER}, {roles.REGULATOR})
    register(
        REGULATOR_ACTION,
        "约谈、责令限期改正、行政处罚（REG-51）",
        {roles.REGULATOR_OFFICER},
        {roles.REGULATOR},
    )
    register(NEGATIVE_LIST, "管理负面清单", {roles.REGULATOR_OFFICER}, {roles.REGULATOR})
    register(REGULATOR_VIEW, "辖区监管总览与统计", {roles.REGULATOR_OFFICER}, {roles.REGULATOR})
    register(
        LEDGER_EXPORT,
        "导出工作台账与外包项目管理档案",
        CLIENT_ROLES | {roles.REGULATOR_OFFICER},
        {roles.CLIENT, roles.REGULATOR},
    )
