"""Every rule: pass, fail and not applicable (and missing evidence where it can occur)."""

from __future__ import annotations

from typing import Any

import pytest

from dangan.engines.compliance import RULES, evaluate
from dangan.engines.compliance.vocab import Status

from .factories import PROVIDER_USCC, allowed_project, closed_project, del_path, provider_only, set_path, uscc

P, F, NA, M = Status.PASS, Status.FAIL, Status.NOT_APPLICABLE, Status.EVIDENCE_MISSING
BASES = {"plan": allowed_project, "closed": closed_project, "provider": provider_only}

Op = tuple[Any, ...]


def S(path: str, value: Any) -> Op:
    return ("set", path, value)


def D(path: str) -> Op:
    return ("del", path)


ENTERPRISE = S("client.kind", "enterprise")
NATIONAL_SCOPE_ITEMS = ["national_scope_security", "client_responsibility", "service_safeguards"]

# (rule, base, operations, expected status, fragment of the Chinese message)
CASES: list[tuple[str, str, list[Op], Status, str]] = [
    ("SX-1", "plan", [], P, "可外包的业态"),
    ("SX-1", "plan", [S("project.service_types", ["digitization", "destruction"])], F, "档案销毁"),
    ("SX-1", "plan", [S("settings", {"admitted_service_types": ["digitization"]})], F, "全文识别"),
    ("SX-1", "provider", [], NA, "未描述项目"),
    ("SX-1", "plan", [S("project.service_types", [])], M, "业务类型"),
    ("JG11-2", "plan", [], P, "辅助性工作"),
    ("JG11-2", "plan", [S("project.service_types", ["deposit"])], F, "机关不得委托"),
    ("JG11-2", "plan", [S("project.service_types", ["info_system"])], F, "档案信息系统建设"),
    ("JG11-2", "plan", [S("project.service_types", ["info_system"]),
                        S("settings", {"organ_allowed_service_types": ["info_system"]})], P, ""),
    ("JG11-2", "plan", [ENTERPRISE, S("project.service_types", ["deposit"])], NA, "只约束机关"),
    ("JG11-2", "plan", [D("client.kind")], M, "委托方类别"),
    ("JG11-1", "plan", [], P, "信息安全保障能力"),
    ("JG11-1", "plan", [S("selection.security_capability_reviewed", False)], F, "信息安全保障能力审核"),
    ("JG11-1", "plan", [ENTERPRISE], NA, "只约束机关"),
    ("JG11-1", "plan", [D("selection.qualifications_reviewed")], M, "业务资质审核"),
    ("JG11-3", "plan", [], P, "DA/T 68.2"),
    ("JG11-3", "plan", [S("project.standards", ["DA/T 31-2017"])], F, "DA/T 68"),
    ("JG11-3", "plan", [S("client.kind", "national_archive")], NA, "只约束机关"),
    ("JG11-3", "plan", [D("project.standards")], M, "标准"),
    ("SX-3.1-c", "plan", [], P, "不涉密或已进行解密"),
    ("SX-3.1-c", "plan", [S("archive_groups.1.declassified", False)], F, "已解密文件"),
    ("SX-3.1-c", "plan", [ENTERPRISE, S("project.service_types", ["ocr"]),
                          S("archive_groups.1.declassified", False)], F, "全文识别"),
    ("SX-3.1-c", "plan", [S("project.service_types", ["e_archive_support"]),
                          S("archive_groups.1.declassified", False)], NA, "不含档案整理"),
    ("SX-3.1-c", "plan", [D("archive_groups.1.declassified")], M, "是否已解密"),
    ("SX-3.1-c", "plan", [D("archive_groups.0.classified")], M, "文书档案"),
    ("SX-3.1-c", "plan", [S("archive_groups", [])], M, "涉密情况"),
    ("SX-3.1-d", "plan", [ENTERPRISE, S("project.service_types", ["deposit"]),
                          S("archive_groups", [{"name": "合同档案", "in_national_archive_scope": False}])], P, ""),
    ("SX-3.1-d", "plan", [ENTERPRISE, S("project.service_types", ["deposit"])], F, "文书档案"),
    ("SX-3.1-d", "plan", [S("client.kind", "national_archive"), S("project.service_types", ["deposit"]),
                          S("archive_groups", [{"name": "馆藏"}])], F, "视为在收集范围内"),
    ("SX-3.1-d", "plan", [], NA, "不含档案寄存托管"),
    ("SX-3.1-d", "plan", [ENTERPRISE, S("project.service_types", ["deposit"]),
                          S("archive_groups", [{"name": "合同档案"}])], M, "合同档案"),
    ("LAW-25", "plan", [], P, "境内"),
    ("LAW-25", "plan", [S("sites.1.in_prc", False)], F, "本地识别服务器（文字识别服务）"),
    ("LAW-25", "plan", [S("sites.1.in_prc", False), S("sites.1.export_approval", "某批复〔2024〕1号")], P, "出境审批"),
    ("LAW-25", "plan", [ENTERPRISE, S("client.state_owned", False), S("sites.1.in_prc", False)], NA, "不属于国家所有"),
    ("LAW-25", "plan", [ENTERPRISE, S("sites.1.in_prc", False)], M, "state_owned"),
    ("LAW-25", "plan", [S("sites", [])], M, "场所"),
    ("LAW-25", "plan", [D("sites.0.in_prc")], M, "委托方数字化用房"),
    ("SX-3.1-a", "plan", [], P, "综合比选"),
    ("SX-3.1-a", "plan", [S("selection.comparative_selection", False)], F, "综合比选"),
    ("SX-3.1-a", "provider", [], NA, ""),
    ("SX-3.1-a", "plan", [D("selection")], M, "市场调研"),
    ("SX-3.1-b1", "plan", [], P, "境内注册"),
    ("SX-3.1-b1", "plan", [S("provider.registered_in_prc", False)], F, "境内注册"),
    ("SX-3.1-b1", "plan", [S("provider.uscc", PROVIDER_USCC[:-1] + ("0" if PROVIDER_USCC[-1] != "0" else "1"))],
     F, "校验位错误"),
    ("SX-3.1-b1", "plan", [D("provider.registered_in_prc")], P, "视为境内注册"),
    ("SX-3.1-b1", "plan", [D("provider")], NA, "尚未确定服务方"),
    ("SX-3.1-b1", "plan", [D("provider.uscc")], M, "统一社会信用代码"),
    ("SX-3.1-b2", "plan", [], P, "境内公民"),
    ("SX-3.1-b2", "plan", [S("provider.shareholders.0.nationality", "US")], F, "股东 张某（US）"),
    ("SX-3.1-b2", "plan", [S("provider.staff.1.nationality", "JP")], F, "工作人员 乙（JP）"),
    ("SX-3.1-b2", "plan", [S("provider.staff.1.nationality", "JP"),
                           S("provider.staff.1.exception_basis", "某规定第X条")], P, "例外已记录"),
    ("SX-3.1-b2", "plan", [D("provider")], NA, ""),
    ("SX-3.1-b2", "plan", [D("provider.shareholders.0.nationality")], M, "张某"),
    ("SX-3.1-b2", "plan", [D("provider.shareholders")], M, "股东"),
    ("SX-3.1-b3", "plan", [], P, "有效身份证明，政审材料齐全"),
    ("SX-3.1-b3", "plan", [S("provider.staff.1.id_number", "140102199208172040")], F, "140102********2040"),
    ("SX-3.1-b3", "plan", [S("provider.staff.1.id_number", "11010519491231002X"),
                           S("provider.staff.0.id_number", "11010519491231002X")], F, "多名人员"),
    ("SX-3.1-b3", "plan", [S("provider.staff.0.political_review", False)], F, "政审"),
    ("SX-3.1-b3", "plan", [S("project.requires_political_review", False),
                           S("provider.staff.0.political_review", False)], P, ""),
    ("SX-3.1-b3", "plan", [D("provider")], NA, ""),
    ("SX-3.1-b3", "plan", [D("provider.staff.0.id_number")], M, "甲"),
    ("SX-3.1-b3", "plan", [S("provider.staff", [])], M, "工作人员"),
    ("SX-3.1-b4", "plan", [], P, "加工软件"),
    ("SX-3.1-b4", "plan", [S("selection.examined", ["qualifications", "staff"])], F, "加工软件"),
    ("SX-3.1-b4", "provider", [], NA, ""),
    ("SX-3.1-b4", "plan", [D("selection.examined")], M, "考察记录"),
    ("SEC14-2.4", "plan", [], P, "涉密资质"),
    ("SEC14-2.4", "plan", [S("provider.qualifications.0.secrecy", False),
                           S("selection.candidates.0.secrecy_qualification", True)], F, "另一家"),
    ("SEC14-2.4", "plan", [S("provider.qualifications.0.valid_until", "2024-12-31"),
                           S("selection.candidates.0.secrecy_qualification", True)], F, "优先选用"),
    ("SEC14-2.4", "plan", [S("provider.qualifications.0.secrecy", False),
                           S("selection.candidates.0.secrecy_qualification", True),
                           S("selection.preference_note", "其报价高出40%")], P, "理由已记录"),
    ("SEC14-2.4", "plan", [S("provider.qualifications.0.secrecy", False)], P, "候选方均无涉密资质"),
    ("SEC14-2.4", "plan", [S("project.service_types", ["organizing"])], NA, "不含档案数字化"),
    ("SEC14-2.4", "plan", [S("provider.qualifications.0.secrecy", False), D("selection.candidates")], M, ""),
    ("REG-28", "plan", [], P, "企业法人资格"),
    ("REG-28", "plan", [S("provider.enterprise_legal_person", False)], F, "（一）不具有企业法人资格"),
    ("REG-28", "plan", [S("provider.uscc", uscc("52140100MA0K12348"))], F, "民办非企业单位"),
    ("REG-28", "plan", [S("provider.business_scope", ["digitization"])], F, "纸质档案数字复制件全文识别"),
    ("REG-28", "plan", [S("provider.security_management_system", False)], F, "（三）"),
    ("REG-28", "plan", [S("provider.equipment", [])], F, "设施设备"),
    ("REG-28", "plan", [D("provider")], NA, ""),
    ("REG-28", "plan", [D("provider.premises")], M, "场所"),
    ("SX-4.1", "plan", [], P, "接受指导和监督检查"),
    ("SX-4.1", "plan", [S("provider.accepts_supervision", False)], F, "不接受"),
    ("SX-4.1", "plan", [S("findings", [{"description": "承接了档案销毁业务", "out_of_scope_work": True}])],
     F, "承接了档案销毁业务"),
    ("SX-4.1", "plan", [D("provider")], NA, ""),
    ("SX-4.1", "plan", [D("provider.accepts_supervision")], M, "承诺"),
    ("SX-4.3", "plan", [], P, "档案专业培训"),
    ("SX-4.3", "plan", [S("provider.staff.1.archive_training", False)], F, "乙"),
    ("SX-4.3", "plan", [S("provider.staff.0.professional", False)], F, "专业技术人员0名"),
    ("SX-4.3", "plan", [D("provider")], NA, ""),
    ("SX-4.3", "plan", [D("provider.staff.1.archive_training")], M, "乙"),
    ("SX-2.1", "plan", [], P, "未查到"),
    ("SX-2.1", "plan", [S("provider.bad_records", [{"date": "2023-05-10", "kind": "safety_accident",
                                                    "description": "扫描件外泄"}])], F, "2023-05-10 安全事故：扫描件外泄"),
    ("SX-2.1", "plan", [D("provider")], NA, ""),
    ("SX-2.1", "plan", [D("provider.bad_records")], M, "不良记录"),
    ("SX-3.2", "plan", [], P, "违约责任"),
    ("SX-3.2", "plan", [S("contract.clauses", ["content", "term", "quantity", "quality", "confidentiality",
                                               "rights_obligations", "liability"])], F, "价格"),
    ("SX-3.2", "plan", [S("contract.written", False)], F, "书面"),
    ("SX-3.2", "provider", [], NA, ""),
    ("SX-3.2", "plan", [D("contract")], M, "合同"),
    ("LAW-24", "plan", [], P, "技术标准"),
    ("LAW-24", "plan", [S("contract.clauses", ["service_scope", "quality", "supervision"])], F, "技术标准"),
    ("LAW-24", "plan", [S("provider.archive_service_management_system", False)], F, "档案服务管理制度"),
    ("LAW-24", "provider", [], NA, ""),
    ("LAW-24", "plan", [D("provider.archive_service_management_system")], M, "档案服务管理制度"),
    ("SEC14-2.5", "plan", [], P, "安全保密协议"),
    ("SEC14-2.5", "plan", [S("security_agreement.signed", False)], F, "安全保密协议"),
    ("SEC14-2.5", "plan", [S("security_agreement.staff_security_education", False)], F, "安全保密教育"),
    ("SEC14-2.5", "provider", [], NA, ""),
    ("SEC14-2.5", "plan", [D("security_agreement")], M, ""),
    ("SX-3.1-e", "plan", [], P, "王某"),
    ("SX-3.1-e", "plan", [S("project.responsibility.leader", "")], F, "第一责任人"),
    ("SX-3.1-e", "plan", [S("project.responsibility.persons", [{"name": "李某"}])], F, "李某"),
    ("SX-3.1-e", "provider", [], NA, ""),
    ("SX-3.1-e", "plan", [D("project.responsibility")], M, ""),
    ("SX-3.3-a", "closed", [], P, "重要环节"),
    ("SX-3.3-a", "closed", [S("supervision.key_steps_tracked", False)], F, "重要环节"),
    ("SX-3.3-a", "plan", [], NA, "实施中"),
    ("SX-3.3-a", "closed", [D("supervision.key_steps_tracked")], M, ""),
    ("SX-3.3-b", "closed", [], P, "12条记录"),
    ("SX-3.3-b", "closed", [S("ledger.open_problems_unrectified", 2)], F, "2个"),
    ("SX-3.3-b", "closed", [S("ledger.entries", 0)], F, "没有任何"),
    ("SX-3.3-b", "plan", [], NA, ""),
    ("SX-3.3-b", "closed", [D("ledger")], M, "台账"),
    ("SEC14-2.6", "plan", [], P, "操作规程"),
    ("SEC14-2.6", "plan", [S("operating_rules", ["original_handover", "process_management"])], F, "存储介质管理"),
    ("SEC14-2.6", "plan", [S("project.service_types", ["info_system"])], NA, ""),
    ("SEC14-2.6", "plan", [D("operating_rules")], M, ""),
    ("SEC14-2.7", "plan", [], P, "项目管理档案"),
    ("SEC14-2.7", "plan", [S("project_file.kept", False)], F, "项目管理档案"),
    ("SEC14-2.7", "provider", [], NA, ""),
    ("SEC14-2.7", "plan", [D("project_file")], M, ""),
    ("SEC14-2.8", "closed", [], P, "数据已清除"),
    ("SEC14-2.8", "closed", [S("close_out.media_wiped_under_supervision", False)], F, "清除数据"),
    ("SEC14-2.8", "closed", [S("supervision.copy_control_checked", False)], F, "擅自复制"),
    ("SEC14-2.8", "plan", [], NA, ""),
    ("SEC14-2.8", "closed", [D("close_out")], M, "close_out"),
    ("CUSTODY", "closed", [], P, "2批"),
    ("CUSTODY", "closed", [S("handovers.1.returned_count", 249)], F, "交出250、归还249"),
    ("CUSTODY", "closed", [S("handovers.1.returned_count", None)], F, "尚未归还"),
    ("CUSTODY", "closed", [S("handovers.0.confirmed_by_both", False)], F, "双方签字确认"),
    ("CUSTODY", "closed", [S("project.phase", "in_progress"), S("handovers.1.returned_count", None)], P, ""),
    ("CUSTODY", "closed", [S("project.service_types", ["ocr", "e_archive_support"])], NA, "实体出库"),
    ("CUSTODY", "plan", [], NA, "实施中"),
    ("CUSTODY", "closed", [S("handovers", [])], M, "交接记录"),
    ("SX-3.3-c", "closed", [], P, "可以验收通过"),
    ("SX-3.3-c", "closed", [S("acceptance.safety_hazards", ["加工场所无视频监控"])], F, "一律不予验收通过"),
    ("SX-3.3-c", "closed", [S("acceptance.quality_meets_standards", False),
                            S("acceptance.rectification_deadline", "2025-04-30")], F, "2025-04-30"),
    ("SX-3.3-c", "plan", [], NA, "已验收"),
    ("SX-3.3-c", "closed", [D("acceptance")], M, "验收"),
    ("SX-2.2-a", "plan", [S("inspections", [{"date": "2025-05-01", "covers": NATIONAL_SCOPE_ITEMS}])], P, ""),
    ("SX-2.2-a", "plan", [S("inspections", [{"date": "2025-05-01", "covers": NATIONAL_SCOPE_ITEMS[1:]}])],
     F, "国家综合档案馆收集范围"),
    ("SX-2.2-a", "plan", [S("archive_groups.0.in_national_archive_scope", False),
                          S("archive_groups.1.in_national_archive_scope", False),
                          S("inspections", [{"date": "2025-05-01", "covers": NATIONAL_SCOPE_ITEMS[1:]}])], P, ""),
    ("SX-2.2-a", "plan", [], NA, "尚无执法检查"),
    ("SX-2.2-a", "plan", [S("inspections", [{"date": "2025-05-01"}])], M, "2025-05-01"),
    ("SX-2.2-b", "plan", [S("findings", [{"description": "原件破损", "major": True, "notified": True,
                                           "rectification_deadline": "2025-06-01"}])], P, ""),
    ("SX-2.2-b", "plan", [S("findings", [{"description": "原件破损", "major": True, "notified": False,
                                           "rectification_deadline": "2025-06-01"}])], F, "原件破损未通报"),
    ("SX-2.2-b", "plan", [S("findings", [{"description": "档案丢失", "safety_accident": True,
                                           "accountability_recorded": False}])], F, "追究"),
    ("SX-2.2-b", "plan", [S("findings", [{"description": "小问题", "major": False}])], NA, ""),
    ("SX-2.2-b", "plan", [S("findings", [{"description": "原件破损", "major": True,
                                           "rectification_deadline": "2025-06-01"}])], M, "是否通报"),
    ("SX-2.3", "plan", [S("regulator", {"support_activities": [{"kind": "training", "title": "外包培训"}]})], P, ""),
    ("SX-2.3", "plan", [S("regulator", {"support_activities": []})], F, "未开展"),
    ("SX-2.3", "plan", [], NA, ""),
    ("SX-2.3", "plan", [S("regulator", {})], M, ""),
    ("LAW-44", "plan", [S("incidents", [{"kind": "damage", "description": "水渍", "reported_to_regulator": True}])],
     P, "已及时"),
    ("LAW-44", "plan", [S("incidents", [{"kind": "leak", "description": "图像外传", "reported_to_regulator": False}])],
     F, "图像外传"),
    ("LAW-44", "plan", [], NA, "无档案损毁"),
    ("LAW-44", "plan", [S("incidents", [{"kind": "damage", "description": "水渍"}])], M, "水渍"),
    ("REG-51", "plan", [S("hazards", [{"description": "库房漏水", "known_to_provider": True,
                                         "provider_took_measures": False}]),
                        S("regulator", {"actions": [{"kind": "summons", "date": "2025-05-02"}]})], P, ""),
    ("REG-51", "plan", [S("hazards", [{"description": "库房漏水", "known_to_provider": True,
                                         "provider_took_measures": False}])], F, "约谈"),
    ("REG-51", "plan", [S("regulator", {"actions": [{"kind": "penalty", "date": "2025-05-02",
                                                       "published": False}]})], F, "未公示"),
    ("REG-51", "plan", [S("hazards", [{"description": "库房漏水", "known_to_provider": True,
                                         "provider_took_measures": True}])], NA, ""),
    ("REG-51", "plan", [S("regulator", {"actions": [{"kind": "penalty", "date": "2025-05-02"}]})], M, "公示"),
    ("LOCAL-FILING", "plan", [S("settings", {"local_filing": True}), S("filing", {"filed_before_start": True})],
     P, "备案"),
    ("LOCAL-FILING", "plan", [S("settings", {"local_filing": True}), S("filing", {"filed_before_start": False})],
     F, "开工前未"),
    ("LOCAL-FILING", "plan", [S("settings", {"local_filing": True}), S("filing", {"filed_before_start": True}),
                              S("provider.on_negative_list", True)], F, "负面清单"),
    ("LOCAL-FILING", "closed", [S("settings", {"local_filing": True}),
                                S("filing", {"filed_before_start": True, "completion_reported": False})],
     F, "完成情况"),
    ("LOCAL-FILING", "plan", [S("filing", {"filed_before_start": False})], NA, "未启用"),
    ("LOCAL-FILING", "plan", [S("settings", {"local_filing": True})], M, "filing"),
]  # fmt: skip


def build(base: str, ops: list[Op]) -> dict[str, Any]:
    facts = BASES[base]()
    for op in ops:
        if op[0] == "set":
            set_path(facts, op[1], op[2])
        else:
            del_path(facts, op[1])
    return facts


@pytest.mark.parametrize(
    ("rule_id", "base", "ops", "expected", "fragment"),
    CASES,
    ids=[f"{c[0]}-{c[3].value}-{i}" for i, c in enumerate(CASES)],
)
def test_rule(rule_id: str, base: str, ops: list[Op], expected: Status, fragment: str) -> None:
    finding = evaluate(build(base, ops)).get(rule_id)
    assert finding.status is expected, finding.message
    assert fragment in finding.message
    assert finding.message  # every result explains itself in Chinese


def test_every_rule_has_pass_fail_and_not_applicable_cases() -> None:
    covered: dict[str, set[Status]] = {}
    for rule_id, *_rest, expected, _fragment in CASES:
        covered.setdefault(rule_id, set()).add(expected)
    for rule in RULES:
        assert {P, F, NA} <= covered.get(rule.id, set()), rule.id


def test_base_plan_is_allowed_and_closed_project_too() -> None:
    assert evaluate(allowed_project()).decision == "allowed"
    closed = evaluate(closed_project())
    assert closed.decision == "allowed", [(f.rule_id, f.message) for f in closed.blocking()]
    assert not closed.warnings(), [(f.rule_id, f.message) for f in closed.warnings()]
