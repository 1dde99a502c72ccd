"""Capabilities of the projects app, on top of scoping (a project is read by its client, its assigned
provider and the regulators over either; only its client changes it).

* The client's 项目负责人 runs the project: creates and edits it, moves it through the lifecycle,
  compares candidates and chooses one (比选 is client-only: a candidate never sees its competitors),
  records the contract and rates the provider.
* The client's 档案管理人员 also records evidence (archive groups, sites, responsible people, rules).
* The provider's project manager assigns its staff to projects it has won (SX-3.1-b3 checked).
* Regulators set the filing (备案) requirement of their jurisdiction.
"""

from __future__ import annotations

from dangan.accounts import roles
from dangan.core.permissions import register

MANAGE = "project.manage"
EVIDENCE = "project.evidence"
ASSIGN_STAFF = "project.assign_staff"
FILING_POLICY = "project.filing_policy"


def register_capabilities() -> None:
    register(
        MANAGE, "管理外包项目（立项、状态变更、比选、合同、评价）", {roles.CLIENT_MANAGER}, {roles.CLIENT}
    )
    register(
        EVIDENCE,
        "登记项目证据（外包档案、场所、责任人员、操作规程）",
        {roles.CLIENT_MANAGER, roles.CLIENT_STAFF},
        {roles.CLIENT},
    )
    register(ASSIGN_STAFF, "派驻本单位工作人员", {roles.PROVIDER_MANAGER}, {roles.PROVIDER})
    register(FILING_POLICY, "设定辖区外包项目备案要求", {roles.REGULATOR_OFFICER}, {roles.REGULATOR})
