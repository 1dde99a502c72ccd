"""The checklists shipped with Dangan (loaded by migration 0002; editing here and re-running
``load_shipped_templates`` updates them in place)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

SHIPPED_TEMPLATES: tuple[dict[str, Any], ...] = (
    {
        "code": "regulator-enforcement",
        "name": gettext_noop("档案业务外包行政执法检查表"),
        "kind": "regulator_enforcement",
        "description": gettext_noop(
            "依据山西省档案局关于档案业务外包的指导意见二（二）：执法检查的三项重点内容（SX-2.2-a），"
            "以及备案、境内处理等辖区要求。"
        ),
        "items": [
            (
                gettext_noop("涉及国家综合档案馆收集范围的档案业务外包项目安全管理情况"),
                ["SX-2.2-a", "SX-3.1-d", "CUSTODY"],
                gettext_noop(
                    "查阅外包档案范围、交接记录与对账结果；核实未将列入收集范围的档案交服务方寄存托管。"
                ),
                "national_scope_security",
            ),
            (
                gettext_noop("委托方档案管理主体责任落实情况"),
                ["SX-2.2-a", "SX-3.1-e", "SX-3.3-a", "SX-3.3-b"],
                gettext_noop(
                    "核实责任领导、部门和人员职责；查阅工作台账、全程跟踪记录和问题整改情况，防止“一包了之”。"
                ),
                "client_responsibility",
            ),
            (
                gettext_noop("服务过程中档案安全、服务质量、设施设备和管理措施保障情况"),
                ["SX-2.2-a", "SEC14-2.6", "SEC14-2.8", "SX-4.2-a"],
                gettext_noop("现场查看加工场所、设备与介质管理、视频监控；抽查加工质量与服务方自检记录。"),
                "service_safeguards",
            ),
            (
                gettext_noop("项目按规定备案，外包范围符合规定"),
                ["LOCAL-FILING", "SX-1", "JG11-2", "SX-3.1-c"],
                gettext_noop("核对备案材料与实际外包内容；涉密档案未解密不得外包数字化、整理。"),
                "",
            ),
            (
                gettext_noop("档案及其复制件的处理、存储不出境"),
                ["LAW-25"],
                gettext_noop("核实加工场所、存储和全文识别服务均在境内。"),
                "",
            ),
        ],
    },
    {
        "code": "client-onsite-digitization",
        "name": gettext_noop("数字化加工现场检查表（委托方）"),
        "kind": "client_onsite",
        "description": gettext_noop(
            "依据《档案数字化外包安全管理规范》（档办发〔2014〕7号）对数字化加工场所的日常检查。"
        ),
        "items": [
            (
                gettext_noop("加工场所封闭管理，人员出入签到登记"),
                ["SEC14-2.6", "SX-3.3-a"],
                gettext_noop("查看门禁与签到簿，核对当日签到与在场人员。"),
                "",
            ),
            (
                gettext_noop("在场人员与派驻名单一致，身份证明核验无误"),
                ["SX-3.1-b3", "SEC14-2.6"],
                gettext_noop("逐人核对身份证件与项目派驻人员名单。"),
                "",
            ),
            (
                gettext_noop("加工设备不连接互联网，无无线通信功能"),
                ["SEC14-2.8"],
                gettext_noop("检查网线、无线网卡、蓝牙；设备登记表与现场设备一致。"),
                "",
            ),
            (
                gettext_noop("作业区不带入手机等通讯工具和U盘等移动存储介质"),
                ["SEC14-2.8"],
                gettext_noop("检查存包柜与作业人员随身物品。"),
                "",
            ),
            (
                gettext_noop("视频监控覆盖全部作业区域，录像按规定保存"),
                ["SEC14-2.6"],
                gettext_noop("查看监控画面与录像保存期限。"),
                "",
            ),
            (
                gettext_noop("档案原件每日清点交接，下班入柜加锁"),
                ["CUSTODY", "SEC14-2.6"],
                gettext_noop("核对当日交接单与清点记录；查看存放柜门锁。"),
                "",
            ),
            (
                gettext_noop("存储介质登记编号，项目结束时在监督下清除数据"),
                ["SEC14-2.8"],
                gettext_noop("查看介质登记表；结项时现场监督数据清除并签字。"),
                "",
            ),
            (
                gettext_noop("加工与存储场所在境内"),
                ["LAW-25"],
                gettext_noop("核对场所地址与数据存放位置。"),
                "",
            ),
            (
                gettext_noop("服务方开展安全与质量自检并及时整改"),
                ["SX-4.2-a"],
                gettext_noop("查阅服务方自检记录和返工记录。"),
                "",
            ),
        ],
    },
)


def load_shipped_templates(template_model: Any, item_model: Any) -> None:
    """Idempotent: creates or updates the shipped templates and their items (works with historical models)."""
    for spec in SHIPPED_TEMPLATES:
        template, _ = template_model.objects.update_or_create(
            code=spec["code"],
            defaults={
                "name": spec["name"],
                "kind": spec["kind"],
                "description": spec["description"],
                "owner": None,
            },
        )
        for order, (text, rule_ids, guidance, covers) in enumerate(spec["items"], start=1):
            item_model.objects.update_or_create(
                template=template,
                order=order,
                defaults={"text": text, "rule_ids": rule_ids, "guidance": guidance, "covers": covers},
            )
