"""RULES.md §6 — regulator."""

from __future__ import annotations

from .context import Context, flag, items, section, text
from .model import Rule, RuleResult, failed, missing, not_applicable, passed
from .rules_scope import SX
from .vocab import ALL_STAGES, INSPECTION_ITEMS, Kind


def _dicts(value: object) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def check_sx22a(ctx: Context) -> RuleResult:
    inspections = _dicts(items(ctx.facts, "inspections"))
    if not inspections:
        return not_applicable("尚无执法检查记录")
    national = ctx.client_kind == "national_archive" or any(
        flag(g, "in_national_archive_scope") is True for g in ctx.archive_groups
    )
    required = [c for c in INSPECTION_ITEMS if national or c != "national_scope_security"]
    problems, gaps = [], []
    for i, insp in enumerate(inspections):
        label = text(insp, "date") or f"第{i + 1}次检查"
        covers = items(insp, "covers")
        if covers is None:
            gaps.append(label)
            continue
        absent = [INSPECTION_ITEMS[c] for c in required if c not in covers]
        if absent:
            problems.append(f"{label}未检查：{'、'.join(absent)}")
    evidence = {"inspections": len(inspections), "required": required}
    if problems:
        return failed("；".join(problems), **evidence)
    if gaps:
        return missing(f"未记录检查内容：{'、'.join(gaps)}", **evidence)
    return passed(f"{len(inspections)}次执法检查均覆盖了重点检查内容", **evidence)


def check_sx22b(ctx: Context) -> RuleResult:
    findings = _dicts(items(ctx.facts, "findings"))
    major = [f for f in findings if flag(f, "major") is True]
    accidents = [f for f in findings if flag(f, "safety_accident") is True]
    if not major and not accidents:
        return not_applicable("无重大安全、质量问题或安全事故")
    problems, gaps = [], []
    for i, f in enumerate(major):
        label = text(f, "description") or f"第{i + 1}个重大问题"
        if flag(f, "notified") is False:
            problems.append(f"{label}未通报")
        elif flag(f, "notified") is None:
            gaps.append(f"{label}是否通报")
        if not text(f, "rectification_deadline"):
            problems.append(f"{label}未规定整改期限")
    for i, f in enumerate(accidents):
        label = text(f, "description") or f"第{i + 1}起安全事故"
        if flag(f, "accountability_recorded") is False:
            problems.append(f"{label}未追究委托方领导和有关人员责任")
        elif flag(f, "accountability_recorded") is None:
            gaps.append(f"{label}的追责情况")
    evidence = {"major_problems": len(major), "safety_accidents": len(accidents)}
    if problems:
        return failed("；".join(problems), **evidence)
    if gaps:
        return missing(f"缺少记录：{'、'.join(gaps)}", **evidence)
    return passed("重大问题已通报并限期整改，安全事故已追责", **evidence)


def check_sx23(ctx: Context) -> RuleResult:
    regulator = section(ctx.facts, "regulator")
    if regulator is None:
        return not_applicable("未提供档案行政管理部门的情况")
    activities = items(regulator, "support_activities")
    if activities is None:
        return missing("未记录培训、宣传、规范标准等支持工作（regulator.support_activities）")
    if not activities:
        return failed("档案行政管理部门未开展培训、宣传或规范标准等支持工作", support_activities=0)
    return passed(f"已开展{len(activities)}项培训、宣传或规范标准工作", support_activities=len(activities))


def check_law44(ctx: Context) -> RuleResult:
    incidents = _dicts(items(ctx.facts, "incidents"))
    if not incidents:
        return not_applicable("无档案损毁、信息泄露等事件")
    unreported = [
        text(i, "description") or f"第{n + 1}起"
        for n, i in enumerate(incidents)
        if flag(i, "reported_to_regulator") is False
    ]
    unknown = [
        text(i, "description") or f"第{n + 1}起"
        for n, i in enumerate(incidents)
        if flag(i, "reported_to_regulator") is None
    ]
    evidence = {"incidents": len(incidents), "unreported": unreported}
    if unreported:
        return failed(f"以下事件未向档案主管部门报告，不得关闭：{'；'.join(unreported)}", **evidence)
    if unknown:
        return missing(f"未说明是否已报告：{'；'.join(unknown)}", **evidence)
    return passed(f"{len(incidents)}起事件均已及时向档案主管部门报告", **evidence)


def check_reg51(ctx: Context) -> RuleResult:
    ignored = [
        text(h, "description") or f"第{i + 1}项隐患"
        for i, h in enumerate(_dicts(items(ctx.facts, "hazards")))
        if flag(h, "known_to_provider") is True and flag(h, "provider_took_measures") is False
    ]
    actions = _dicts(items(section(ctx.facts, "regulator"), "actions"))
    penalties = [a for a in actions if text(a, "kind") == "penalty"]
    if not ignored and not penalties:
        return not_applicable("无服务方明知隐患而不采取措施的情况，也无行政处罚")
    problems, gaps = [], []
    if ignored and not any(text(a, "kind") in ("summons", "correction_order") for a in actions):
        problems.append(f"服务方明知隐患而不采取措施（{'；'.join(ignored)}），尚无约谈或责令限期改正记录")
    for i, p in enumerate(penalties):
        label = text(p, "date") or f"第{i + 1}项处罚"
        if flag(p, "published") is False:
            problems.append(f"行政处罚（{label}）信息未公示")
        elif flag(p, "published") is None:
            gaps.append(f"行政处罚（{label}）是否公示")
    evidence = {"ignored_hazards": ignored, "actions": [text(a, "kind") for a in actions]}
    if problems:
        return failed("；".join(problems), **evidence)
    if gaps:
        return missing(f"缺少记录：{'、'.join(gaps)}", **evidence)
    return passed("已对服务方采取约谈、责令改正等措施，处罚信息已公示", **evidence)


def check_local_filing(ctx: Context) -> RuleResult:
    if not ctx.settings.local_filing:
        return not_applicable("本地区未启用项目备案要求（settings.local_filing）")
    filing = section(ctx.facts, "filing")
    negative = flag(ctx.provider, "on_negative_list")
    before = flag(filing, "filed_before_start")
    evidence: dict = {"filed_before_start": before, "on_negative_list": negative}
    problems, gaps = [], []
    if negative is True:
        problems.append("服务方已列入档案主管部门的负面清单")
    if before is False:
        problems.append("开工前未向档案主管部门备案")
    elif before is None:
        gaps.append("开工前备案（filing.filed_before_start）")
    if ctx.phase in ("accepted", "closed"):
        done = flag(filing, "completion_reported")
        evidence["completion_reported"] = done
        if done is False:
            problems.append("验收后未向档案主管部门报告完成情况")
        elif done is None:
            gaps.append("完成情况报告（filing.completion_reported）")
    if problems:
        return failed("；".join(problems), **evidence)
    if gaps:
        return missing(f"缺少：{'、'.join(gaps)}", **evidence)
    return passed("项目已按本地要求备案", **evidence)


RULES: list[Rule] = [
    Rule(
        id="SX-2.2-a",
        source=f"{SX} 二（二）",
        title="执法检查的重点内容",
        wording="将档案业务外包列为档案行政执法检查范围和重要内容，重点检查：涉及国家综合档案馆收集范围的档案业务外包"
        "项目安全管理情况；档案业务外包委托方档案管理主体责任落实情况；档案业务外包服务过程中档案安全、服务质量、"
        "设施设备和管理措施保障情况等。",
        kind=Kind.RECORD,
        stages=("inspection",),
        check=check_sx22a,
    ),
    Rule(
        id="SX-2.2-b",
        source=f"{SX} 二（二）",
        title="重大问题通报整改，安全事故追责",
        wording="如有档案安全和服务质量出现重大问题的，要及时通报，限期整改；凡发生档案安全事故的，依法依规严肃追究"
        "相关档案业务外包委托方领导和有关人员的责任。",
        kind=Kind.RECORD,
        stages=("inspection", "incident"),
        check=check_sx22b,
    ),
    Rule(
        id="SX-2.3",
        source=f"{SX} 二（三）",
        title="档案行政管理部门的支持扶持",
        wording="档案行政管理部门要结合实际为档案业务外包和外包服务发展创造有利条件，提供有效服务。……积极开展档案业务"
        "培训，提高档案业务外包服务技术和管理水平……加强调查研究，制定完善相关规范标准，改善档案业务外包和外包服务制度环境。",
        kind=Kind.RECORD,
        stages=ALL_STAGES,
        check=check_sx23,
        subject="any",
    ),
    Rule(
        id="LAW-44",
        source="《中华人民共和国档案法》（2020）第四十四条",
        title="档案损毁、信息泄露及时报告",
        wording="发生档案损毁、信息泄露等情形的，应当及时向档案主管部门报告。",
        verbatim=False,
        kind=Kind.BLOCK,
        stages=("incident", "close"),
        check=check_law44,
    ),
    Rule(
        id="REG-51",
        source="《中华人民共和国档案法实施条例》（2024）第五十一条",
        title="约谈、责令改正，处罚信息公示",
        wording="档案服务企业在提供服务过程中明知存在档案安全隐患而不采取措施的，档案主管部门可以采取约谈、责令限期改正"
        "等措施。档案服务企业因违反《档案法》和本条例规定受到行政处罚的，行政处罚信息依照有关法律、行政法规的规定予以公示。",
        kind=Kind.RECORD,
        stages=("inspection",),
        check=check_reg51,
    ),
    Rule(
        id="LOCAL-FILING",
        source="地方规定（如安庆市档案局 庆档〔2023〕2号）",
        title="项目备案与完成报告（可配置）",
        wording="委托方在项目实施前向当地档案主管部门备案登记，验收后报告完成情况；档案主管部门建立服务企业监管名单和负面清单。",
        verbatim=False,
        kind=Kind.BLOCK,
        stages=("work_start", "close"),
        check=check_local_filing,
    ),
]
