"""Capabilities of the acceptance app (on top of scoping: a round is read by the project's client, its
provider and the regulators over either).

* The provider's 项目负责人 submits deliveries (a new round each time, including after a refusal).
* The client's 项目负责人 and 档案管理人员 review the sample and decide (DAT31-12, SX-3.3-c).
* Regulators read in their jurisdiction; nobody else writes.
"""

from __future__ import annotations

from dangan.accounts import roles
from dangan.core.permissions import register

SUBMIT = "acceptance.submit"
REVIEW = "acceptance.review"
DECIDE = "acceptance.decide"


def register_capabilities() -> None:
    register(SUBMIT, "提交数字化成果交付（验收）", {roles.PROVIDER_MANAGER}, {roles.PROVIDER})
    register(REVIEW, "人工抽检数字化成果", {roles.CLIENT_MANAGER, roles.CLIENT_STAFF}, {roles.CLIENT})
    register(DECIDE, "作出验收结论", {roles.CLIENT_MANAGER, roles.CLIENT_STAFF}, {roles.CLIENT})
