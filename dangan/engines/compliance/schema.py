"""The documented JSON input format: field table, validation and unknown-field warnings.

Every field is optional; ``null`` means "not known" and makes the rules that need it report
"evidence missing". A wrong type or an unknown code is an input error (the CLI exits 2),
because silently reading ``"false"`` as true, or a typo as an unknown service, would give a
wrong decision. A field name the format does not know is reported as a warning: it is most
often a typo, and the rule that needed the intended field reports missing evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .vocab import (
    BAD_RECORD_KINDS,
    CLIENT_KINDS,
    CONTRACT_CLAUSES,
    EXAMINATION_ITEMS,
    ID_TYPES,
    INSPECTION_ITEMS,
    OPERATING_RULES,
    PHASES,
    SERVICE_TYPES,
    SITE_PURPOSES,
)

INCIDENT_KINDS = {"damage": "档案损毁", "leak": "信息泄露", "loss": "档案丢失", "other": "其他"}
REGULATOR_SUPPORT_KINDS = {"training": "业务培训", "publicity": "宣传", "standards": "规范标准"}
REGULATOR_ACTION_KINDS = {"summons": "约谈", "correction_order": "责令限期改正", "penalty": "行政处罚"}
ACCEPTANCE_DECISIONS = {"passed": "验收通过", "refused": "不予验收通过", "pending": "待定"}

VOCABS: dict[str, dict[str, str]] = {
    "phase": PHASES,
    "service": SERVICE_TYPES,
    "client_kind": CLIENT_KINDS,
    "site_purpose": SITE_PURPOSES,
    "clause": CONTRACT_CLAUSES,
    "id_type": ID_TYPES,
    "bad_record": BAD_RECORD_KINDS,
    "operating_rule": OPERATING_RULES,
    "inspection_item": INSPECTION_ITEMS,
    "incident": INCIDENT_KINDS,
    "support": REGULATOR_SUPPORT_KINDS,
    "action": REGULATOR_ACTION_KINDS,
    "acceptance": ACCEPTANCE_DECISIONS,
}


@dataclass(frozen=True)
class Field:
    path: str
    type: str  # str, bool, int, number, date, obj, list[obj], list[str], enum:V, list[enum:V]
    label: str
    rules: str = ""


def _staff_fields(prefix: str) -> list[Field]:
    return [
        Field(prefix, "list[obj]", "工作人员", "SX-3.1-b2, SX-3.1-b3, SX-4.3"),
        Field(f"{prefix}[].name", "str", "姓名"),
        Field(f"{prefix}[].nationality", "str", "国籍（CN/中国 视为中华人民共和国公民）", "SX-3.1-b2"),
        Field(f"{prefix}[].exception_basis", "str", "非境内公民时，国家另有规定的依据", "SX-3.1-b2"),
        Field(f"{prefix}[].id_type", "enum:id_type", "身份证明类型，默认 resident_id", "SX-3.1-b3"),
        Field(f"{prefix}[].id_number", "str", "身份证明号码", "SX-3.1-b3"),
        Field(f"{prefix}[].political_review", "bool", "已提供政审材料", "SX-3.1-b3"),
        Field(f"{prefix}[].archive_training", "bool", "经过档案专业培训", "SX-4.3"),
        Field(f"{prefix}[].professional", "bool", "专业技术人员", "SX-4.3, REG-28"),
    ]


def _provider_fields(prefix: str) -> list[Field]:
    p = prefix
    return [
        Field(f"{p}.name", "str", "服务方名称"),
        Field(f"{p}.uscc", "str", "统一社会信用代码", "SX-3.1-b1"),
        Field(f"{p}.registered_in_prc", "bool", "在中华人民共和国境内注册", "SX-3.1-b1"),
        Field(f"{p}.enterprise_legal_person", "bool", "具有企业法人资格", "REG-28"),
        Field(f"{p}.business_scope", "list[enum:service]", "经营范围覆盖的业务类型", "REG-28, SX-4.1"),
        Field(f"{p}.business_scope_text", "str", "营业执照经营范围原文（仅留存）"),
        Field(f"{p}.accepts_supervision", "bool", "承诺接受档案行政管理部门指导和监督检查", "SX-4.1"),
        Field(f"{p}.shareholders", "list[obj]", "股东", "SX-3.1-b2"),
        Field(f"{p}.shareholders[].name", "str", "股东名称"),
        Field(f"{p}.shareholders[].nationality", "str", "国籍/注册地（CN/中国）", "SX-3.1-b2"),
        Field(f"{p}.shareholders[].exception_basis", "str", "国家另有规定的依据", "SX-3.1-b2"),
        *_staff_fields(f"{p}.staff"),
        Field(f"{p}.qualifications", "list[obj]", "资质证书", "REG-28, 比选"),
        Field(f"{p}.qualifications[].name", "str", "资质名称"),
        Field(f"{p}.qualifications[].secrecy", "bool", "属于与数字化加工相关的涉密资质", "SEC14-2.4"),
        Field(f"{p}.qualifications[].valid_until", "date", "有效期至（YYYY-MM-DD）"),
        Field(f"{p}.premises", "bool", "具有相适应的场所", "REG-28"),
        Field(f"{p}.equipment", "list[obj]", "设施设备", "REG-28, 比选"),
        Field(f"{p}.equipment[].name", "str", "设备名称"),
        Field(f"{p}.equipment[].count", "int", "数量（默认1）"),
        Field(f"{p}.software", "list[obj]", "加工软件", "比选"),
        Field(f"{p}.software[].name", "str", "软件名称"),
        Field(f"{p}.professional_capability", "bool", "具有相应专业能力", "REG-28"),
        Field(f"{p}.security_management_system", "bool", "具有保证档案安全的管理体系和保障措施", "REG-28"),
        Field(f"{p}.archive_service_management_system", "bool", "已建立档案服务管理制度", "LAW-24"),
        Field(f"{p}.bad_records", "list[obj]", "不良记录（无则填 []）", "SX-2.1, SX-3.1-b4"),
        Field(f"{p}.bad_records[].date", "date", "日期"),
        Field(f"{p}.bad_records[].kind", "enum:bad_record", "类别"),
        Field(f"{p}.bad_records[].description", "str", "说明"),
        Field(f"{p}.track_record", "list[obj]", "业绩", "比选"),
        Field(f"{p}.track_record[].name", "str", "项目名称"),
        Field(f"{p}.track_record[].year", "int", "年度"),
        Field(f"{p}.track_record[].service_types", "list[enum:service]", "业务类型"),
        Field(f"{p}.on_negative_list", "bool", "列入档案主管部门负面清单", "LOCAL-FILING"),
        Field(f"{p}.price", "number", "报价（元，比选用）", "比选"),
    ]


FIELDS: list[Field] = [
    Field("as_of", "date", "评估基准日（默认今天）"),
    Field("settings", "obj", "本地化设置，见“设置”一节"),
    Field("settings.admitted_service_types", "list[enum:service]", "准入业务类型", "SX-1"),
    Field("settings.organ_allowed_service_types", "list[enum:service]", "机关可外包业务类型", "JG11-2"),
    Field("settings.local_filing", "bool", "启用备案规则", "LOCAL-FILING"),
    Field("settings.local_filing_kind", "str", "备案规则类别 block/warn/record", "LOCAL-FILING"),
    Field("settings.min_professional_staff", "int", "最少专业技术人员数", "SX-4.3"),
    Field("project", "obj", "项目"),
    Field("project.name", "str", "项目名称"),
    Field("project.phase", "enum:phase", "项目进度，默认 planned"),
    Field("project.service_types", "list[enum:service]", "业务类型", "SX-1, JG11-2"),
    Field("project.requires_political_review", "bool", "项目要求政审材料", "SX-3.1-b3"),
    Field(
        "project.accepts_regulator_supervision",
        "bool",
        "委托方接受档案行政管理部门监督、指导和检查",
        "JG11-1",
    ),
    Field("project.standards", "list[str]", "执行的标准（如 DA/T 68.2-2020）", "JG11-3"),
    Field("project.responsibility", "obj", "委托方责任体系", "SX-3.1-e"),
    Field("project.responsibility.leader", "str", "档案安全第一责任人（领导）", "SX-3.1-e"),
    Field("project.responsibility.departments", "list[str]", "负责部门", "SX-3.1-e"),
    Field("project.responsibility.persons", "list[obj]", "具体负责人员", "SX-3.1-e"),
    Field("project.responsibility.persons[].name", "str", "姓名"),
    Field("project.responsibility.persons[].duty", "str", "职责"),
    Field("client", "obj", "委托方"),
    Field("client.name", "str", "委托方名称"),
    Field("client.kind", "enum:client_kind", "委托方类别", "JG11-*, SX-3.1-d, LAW-25"),
    Field("client.state_owned", "bool", "档案属于国家所有（企事业单位、其他组织填写）", "LAW-25"),
    Field("client.region", "str", "所在地区"),
    Field("archive_groups", "list[obj]", "外包档案（按批次/门类）", "SX-3.1-c, SX-3.1-d"),
    Field("archive_groups[].name", "str", "名称"),
    Field("archive_groups[].classified", "bool", "涉密", "SX-3.1-c"),
    Field("archive_groups[].declassified", "bool", "已进行解密处理", "SX-3.1-c"),
    Field("archive_groups[].in_national_archive_scope", "bool", "列入国家综合档案馆收集范围", "SX-3.1-d"),
    Field("archive_groups[].extent", "str", "数量说明（如 1200卷）"),
    Field("sites", "list[obj]", "加工、存放和数据处理场所", "LAW-25"),
    Field("sites[].name", "str", "名称"),
    Field("sites[].purpose", "enum:site_purpose", "用途"),
    Field("sites[].in_prc", "bool", "位于中华人民共和国境内", "LAW-25"),
    Field("sites[].address", "str", "地址"),
    Field("sites[].export_approval", "str", "出境审批文件（如确需出境）", "LAW-25"),
    Field("provider", "obj", "服务方"),
    *_provider_fields("provider"),
    Field("selection", "obj", "选择服务方", "SX-3.1-a, SX-3.1-b4, JG11-1, SEC14-2.4"),
    Field("selection.market_research", "bool", "开展了市场调研", "SX-3.1-a"),
    Field("selection.business_inspection", "bool", "开展了业务考察", "SX-3.1-a"),
    Field("selection.comparative_selection", "bool", "经综合比选择优选用", "SX-3.1-a"),
    Field("selection.examined", "list[enum:examined]", "已考察的事项", "SX-3.1-b4"),
    Field("selection.security_capability_reviewed", "bool", "已审核信息安全保障能力", "JG11-1"),
    Field("selection.qualifications_reviewed", "bool", "已审核业务资质", "JG11-1"),
    Field("selection.candidates", "list[obj]", "参与比选的其他候选方", "SEC14-2.4"),
    Field("selection.candidates[].name", "str", "名称"),
    Field("selection.candidates[].secrecy_qualification", "bool", "持有涉密资质", "SEC14-2.4"),
    Field("selection.preference_note", "str", "未优先选用涉密资质服务方的理由", "SEC14-2.4"),
    Field("contract", "obj", "书面委托合同", "SX-3.2, LAW-24"),
    Field("contract.written", "bool", "书面合同", "SX-3.2"),
    Field("contract.signed_date", "date", "签订日期"),
    Field("contract.clauses", "list[enum:clause]", "合同已明确的条款", "SX-3.2, LAW-24"),
    Field("security_agreement", "obj", "安全保密协议", "SEC14-2.5"),
    Field("security_agreement.signed", "bool", "已签订", "SEC14-2.5"),
    Field(
        "security_agreement.staff_security_education", "bool", "已对服务方人员进行安全保密教育", "SEC14-2.5"
    ),
    Field("operating_rules", "list[enum:operating_rule]", "已制定的操作规程", "SEC14-2.6"),
    Field("project_file", "obj", "外包项目管理档案", "SEC14-2.7"),
    Field("project_file.kept", "bool", "已建立并记录全过程", "SEC14-2.7"),
    Field("supervision", "obj", "过程监管", "SX-3.3-a, SEC14-2.8"),
    Field("supervision.key_steps_tracked", "bool", "跟踪了重要环节", "SX-3.3-a"),
    Field("supervision.interventions", "int", "介入安全和质量管控的记录数", "SX-3.3-a"),
    Field(
        "supervision.copy_control_checked", "bool", "检查了擅自复制、留存、使用档案信息的防范", "SEC14-2.8"
    ),
    Field("ledger", "obj", "工作台账", "SX-3.3-b"),
    Field("ledger.entries", "int", "督查、监管记录条数", "SX-3.3-b"),
    Field("ledger.periodic_analysis", "bool", "定期分析", "SX-3.3-b"),
    Field("ledger.open_problems_unrectified", "int", "已发现但未整改的问题数", "SX-3.3-b"),
    Field("handovers", "list[obj]", "档案实体交接（出库/归还）", "CUSTODY"),
    Field("handovers[].batch", "str", "批次"),
    Field("handovers[].out_count", "int", "交出数量", "CUSTODY"),
    Field("handovers[].confirmed_by_both", "bool", "双方签字确认", "CUSTODY"),
    Field("handovers[].returned_count", "int", "归还数量（未归还填 null）", "CUSTODY"),
    Field("acceptance", "obj", "验收评估", "SX-3.3-c"),
    Field("acceptance.safety_hazards", "list[str]", "发现的档案安全隐患（无则 []）", "SX-3.3-c"),
    Field("acceptance.quality_meets_standards", "bool", "质量符合国家和行业标准", "SX-3.3-c"),
    Field("acceptance.decision", "enum:acceptance", "验收结论", "SX-3.3-c"),
    Field("acceptance.rectification_deadline", "date", "限期整改期限", "SX-3.3-c"),
    Field("close_out", "obj", "结项", "SEC14-2.8"),
    Field("close_out.media_wiped_under_supervision", "bool", "设备和介质已在监督下清除数据", "SEC14-2.8"),
    Field("close_out.no_copies_retained", "bool", "确认服务方未留存档案信息", "SEC14-2.8"),
    Field("incidents", "list[obj]", "档案损毁、泄露等事件", "LAW-44"),
    Field("incidents[].kind", "enum:incident", "类别"),
    Field("incidents[].description", "str", "说明"),
    Field("incidents[].reported_to_regulator", "bool", "已向档案主管部门报告", "LAW-44"),
    Field("incidents[].closed", "bool", "已关闭"),
    Field("inspections", "list[obj]", "执法检查", "SX-2.2-a"),
    Field("inspections[].date", "date", "日期"),
    Field("inspections[].covers", "list[enum:inspection_item]", "检查内容", "SX-2.2-a"),
    Field("findings", "list[obj]", "检查发现的问题", "SX-2.2-b, SX-4.1"),
    Field("findings[].description", "str", "说明"),
    Field("findings[].major", "bool", "重大安全或质量问题", "SX-2.2-b"),
    Field("findings[].notified", "bool", "已通报", "SX-2.2-b"),
    Field("findings[].rectification_deadline", "date", "限期整改期限", "SX-2.2-b"),
    Field("findings[].safety_accident", "bool", "属于档案安全事故", "SX-2.2-b"),
    Field("findings[].accountability_recorded", "bool", "已记录对委托方领导和有关人员的追责", "SX-2.2-b"),
    Field("findings[].out_of_scope_work", "bool", "服务方超出核准业务范围经营", "SX-4.1"),
    Field("hazards", "list[obj]", "服务过程中的档案安全隐患", "REG-51"),
    Field("hazards[].description", "str", "说明"),
    Field("hazards[].known_to_provider", "bool", "服务方明知", "REG-51"),
    Field("hazards[].provider_took_measures", "bool", "服务方已采取措施", "REG-51"),
    Field("regulator", "obj", "档案行政管理部门", "SX-2.3, REG-51"),
    Field("regulator.support_activities", "list[obj]", "培训、宣传、规范标准等支持工作", "SX-2.3"),
    Field("regulator.support_activities[].kind", "enum:support", "类别"),
    Field("regulator.support_activities[].title", "str", "名称"),
    Field("regulator.support_activities[].date", "date", "日期"),
    Field("regulator.actions", "list[obj]", "监管措施", "REG-51"),
    Field("regulator.actions[].kind", "enum:action", "类别"),
    Field("regulator.actions[].date", "date", "日期"),
    Field("regulator.actions[].published", "bool", "行政处罚信息已公示", "REG-51"),
    Field("filing", "obj", "项目备案", "LOCAL-FILING"),
    Field("filing.filed_before_start", "bool", "开工前已向档案主管部门备案", "LOCAL-FILING"),
    Field("filing.completion_reported", "bool", "验收后已报告完成情况", "LOCAL-FILING"),
]
VOCABS["examined"] = EXAMINATION_ITEMS

_BY_PATH: dict[str, Field] = {f.path: f for f in FIELDS}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _type_problem(value: Any, spec: Field) -> str | None:
    t = spec.type
    where = spec.path.replace("[]", "[…]")
    if t == "str":
        return None if isinstance(value, str) else f"{where} 应为文本"
    if t == "bool":
        return None if isinstance(value, bool) else f"{where} 应为 true 或 false（不加引号）"
    if t == "int":
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        return None if ok else f"{where} 应为非负整数"
    if t == "number":
        ok = isinstance(value, int | float) and not isinstance(value, bool) and value >= 0
        return None if ok else f"{where} 应为非负数"
    if t == "date":
        from datetime import date

        if isinstance(value, str) and _DATE.match(value):
            try:
                date.fromisoformat(value)
                return None
            except ValueError:
                pass
        return f"{where} 应为 YYYY-MM-DD 格式的日期"
    if t == "obj":
        return None if isinstance(value, dict) else f"{where} 应为对象"
    if t == "list[obj]":
        ok = isinstance(value, list) and all(isinstance(v, dict) for v in value)
        return None if ok else f"{where} 应为对象的列表"
    if t == "list[str]":
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        return None if ok else f"{where} 应为文本的列表"
    if t.startswith("enum:"):
        vocab = VOCABS[t[5:]]
        if isinstance(value, str) and value in vocab:
            return None
        return f"{where} 的值 {value!r} 无效，可选：{'、'.join(vocab)}"
    if t.startswith("list[enum:"):
        vocab = VOCABS[t[10:-1]]
        if not isinstance(value, list):
            return f"{where} 应为代码的列表"
        bad = [repr(v) for v in value if not (isinstance(v, str) and v in vocab)]
        if bad:
            return f"{where} 含有无效代码 {'、'.join(bad)}，可选：{'、'.join(vocab)}"
        return None
    raise AssertionError(t)


def check_input(facts: Any) -> tuple[list[str], list[str]]:
    """Return (problems, warnings). Problems make the input unusable."""
    if not isinstance(facts, dict):
        return (["输入应为 JSON 对象（以 { 开头）"], [])
    problems: list[str] = []
    warnings: list[str] = []

    def walk(obj: dict[str, Any], prefix: str) -> None:
        for key, value in obj.items():
            path = f"{prefix}.{key}" if prefix else key
            spec = _BY_PATH.get(path)
            if spec is None:
                if not (prefix == "" and key in ("schema", "comment", "_comment")):
                    warnings.append(f"未识别的字段 {path.replace('[]', '[…]')}，已忽略（是否拼写有误？）")
                continue
            if value is None:
                continue
            problem = _type_problem(value, spec)
            if problem:
                problems.append(problem)
                continue
            if spec.type == "obj" and path != "settings":
                walk(value, path)
            elif spec.type == "list[obj]":
                for element in value:
                    walk(element, f"{path}[]")

    walk(facts, "")
    if not isinstance(facts.get("project"), dict) and not isinstance(facts.get("provider"), dict):
        problems.append("输入中既没有 project（项目）也没有 provider（服务方），无可评估的内容")
    return problems, warnings
