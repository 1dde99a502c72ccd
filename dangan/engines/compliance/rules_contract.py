"""RULES.md §3 — contract — and the project-level rules of §4 (client supervision)."""

from __future__ import annotations

from typing import Any

from .context import Context, flag, items, name_of, section, text
from .model import Rule, RuleResult, failed, missing, not_applicable, passed
from .rules_provider import SEC14
from .rules_scope import SX
from .vocab import (
    CONTRACT_CLAUSES,
    DIGITIZATION_SERVICES,
    LAW24_CLAUSES,
    OPERATING_RULES,
    ORIGINALS_SERVICES,
    SX32_CLAUSES,
    Kind,
)

LAW = "《中华人民共和国档案法》（2020）"


def _clauses(ctx: Context) -> tuple[dict[str, Any] | None, list[str] | None]:
    contract = section(ctx.facts, "contract")
    return contract, items(contract, "clauses")


def check_sx32(ctx: Context) -> RuleResult:
    contract, clauses = _clauses(ctx)
    if contract is None:
        return missing("尚无委托合同（contract）")
    written = flag(contract, "written")
    evidence = {"written": written, "clauses": clauses}
    if written is False:
        return failed("委托合同应当为书面合同", **evidence)
    if clauses is None:
        return missing("未列出合同已明确的条款（contract.clauses）", **evidence)
    absent = [CONTRACT_CLAUSES[c] for c in SX32_CLAUSES if c not in clauses]
    if absent:
        return failed(f"书面委托合同未明确：{'、'.join(absent)}", absent=absent, **evidence)
    if written is None:
        return missing("未说明合同是否为书面形式（contract.written）", **evidence)
    return passed(
        "书面委托合同已明确内容、期限、数量、质量、价格、保密要求、双方权利义务和违约责任", **evidence
    )


def check_law24(ctx: Context) -> RuleResult:
    contract, clauses = _clauses(ctx)
    system = flag(ctx.provider, "archive_service_management_system")
    evidence = {"clauses": clauses, "archive_service_management_system": system}
    problems, gaps = [], []
    if contract is None or clauses is None:
        gaps.append("委托协议条款（contract.clauses）")
    else:
        absent = [CONTRACT_CLAUSES[c] for c in LAW24_CLAUSES if c not in clauses]
        if absent:
            problems.append(f"委托协议未约定：{'、'.join(absent)}")
    if system is False:
        problems.append("受托方未建立档案服务管理制度")
    elif system is None:
        gaps.append("受托方的档案服务管理制度（provider.archive_service_management_system）")
    if problems:
        return failed("；".join(problems), **evidence)
    if gaps:
        return missing(f"缺少：{'、'.join(gaps)}", **evidence)
    return passed(
        "委托协议约定了服务范围、质量和技术标准及委托方监督，受托方已建立档案服务管理制度", **evidence
    )


def check_sec14_25(ctx: Context) -> RuleResult:
    agreement = section(ctx.facts, "security_agreement")
    signed = flag(agreement, "signed")
    education = flag(agreement, "staff_security_education")
    evidence = {"signed": signed, "staff_security_education": education}
    problems = []
    if signed is False:
        problems.append("未与服务方签订安全保密协议")
    if education is False:
        problems.append("未对服务方工作人员进行安全保密教育")
    if problems:
        return failed("；".join(problems), **evidence)
    if signed is None or education is None:
        return missing("缺少安全保密协议或安全保密教育的记录（security_agreement）", **evidence)
    return passed("已签订安全保密协议并对服务方工作人员进行安全保密教育", **evidence)


def check_sx31e(ctx: Context) -> RuleResult:
    resp = section(ctx.project, "responsibility")
    if resp is None:
        return missing("未明确委托方的责任领导、部门和人员（project.responsibility）")
    leader = text(resp, "leader")
    departments = [d for d in items(resp, "departments") or [] if isinstance(d, str) and d.strip()]
    persons = [p for p in items(resp, "persons") or [] if isinstance(p, dict)]
    without_duty = [name_of(p, f"第{i + 1}人") for i, p in enumerate(persons) if not text(p, "duty")]
    evidence = {"leader": leader or None, "departments": departments, "persons": len(persons)}
    problems = []
    if not leader:
        problems.append("未明确档案安全第一责任人（领导）")
    if not departments:
        problems.append("未明确负责部门")
    if not persons:
        problems.append("未明确具体负责人员")
    if without_duty:
        problems.append(f"以下人员未明确职责：{'、'.join(without_duty)}")
    if problems:
        return failed(f"委托方主体责任未落实（防止“一包了之”）：{'；'.join(problems)}", **evidence)
    return passed(
        f"责任领导{leader}，负责部门{'、'.join(departments)}，{len(persons)}名人员职责明确", **evidence
    )


def check_sx33a(ctx: Context) -> RuleResult:
    sup = section(ctx.facts, "supervision")
    tracked = flag(sup, "key_steps_tracked")
    interventions = sup.get("interventions") if sup else None
    evidence = {"key_steps_tracked": tracked, "interventions": interventions}
    if tracked is False:
        return failed("委托方未跟踪外包服务的重要环节", **evidence)
    if tracked is None:
        return missing("缺少委托方全程跟踪的记录（supervision.key_steps_tracked）", **evidence)
    return passed("委托方已跟踪重要环节并介入安全和质量管控", **evidence)


def check_sx33b(ctx: Context) -> RuleResult:
    ledger = section(ctx.facts, "ledger")
    if ledger is None:
        return missing("尚未建立档案业务外包工作台账（ledger）")
    entries = ledger.get("entries")
    analysis = flag(ledger, "periodic_analysis")
    open_problems = ledger.get("open_problems_unrectified")
    evidence = {"entries": entries, "periodic_analysis": analysis, "open_problems_unrectified": open_problems}
    problems = []
    if entries == 0:
        problems.append("工作台账没有任何督查、监管记录")
    if analysis is False:
        problems.append("未定期分析存在的问题")
    if isinstance(open_problems, int) and open_problems > 0:
        problems.append(f"有{open_problems}个已发现的问题尚未整改")
    if problems:
        return failed("；".join(problems), **evidence)
    if entries is None or analysis is None:
        return missing("工作台账信息不全（ledger.entries、ledger.periodic_analysis）", **evidence)
    return passed(f"工作台账有{entries}条记录，已定期分析，问题均已整改", **evidence)


def check_sec14_26(ctx: Context) -> RuleResult:
    services = set(items(ctx.project, "service_types") or [])
    if services and not services & (ORIGINALS_SERVICES | DIGITIZATION_SERVICES):
        return not_applicable("项目不涉及档案实体交接或数字化加工")
    rules = items(ctx.facts, "operating_rules")
    if rules is None:
        return missing("未记录已制定的操作规程（operating_rules）")
    absent = [label for code, label in OPERATING_RULES.items() if code not in rules]
    if absent:
        return failed(f"尚未制定以下操作规程：{'、'.join(absent)}", operating_rules=rules)
    return passed(
        "已制定档案实体交接、过程管理、成果验收与交接、存储介质管理、实体保护等操作规程",
        operating_rules=rules,
    )


def check_sec14_27(ctx: Context) -> RuleResult:
    kept = flag(section(ctx.facts, "project_file"), "kept")
    if kept is False:
        return failed("未建立外包项目管理档案", kept=kept)
    if kept is None:
        return missing("未记录外包项目管理档案（project_file.kept）", kept=kept)
    return passed("已建立外包项目管理档案，记录项目全过程", kept=kept)


def check_sec14_28(ctx: Context) -> RuleResult:
    checked = flag(section(ctx.facts, "supervision"), "copy_control_checked")
    close = section(ctx.facts, "close_out")
    evidence: dict[str, Any] = {"copy_control_checked": checked}
    problems, gaps = [], []
    if checked is False:
        problems.append("未检查服务方擅自复制、留存、使用档案信息的防范情况")
    elif checked is None:
        gaps.append("监督检查记录（supervision.copy_control_checked）")
    if ctx.phase == "closed":
        wiped, no_copies = flag(close, "media_wiped_under_supervision"), flag(close, "no_copies_retained")
        evidence.update(media_wiped_under_supervision=wiped, no_copies_retained=no_copies)
        if wiped is False:
            problems.append("结项时设备和存储介质未在监督下清除数据")
        if no_copies is False:
            problems.append("服务方留存了档案信息")
        if wiped is None or no_copies is None:
            gaps.append("结项清除和不留存的确认（close_out）")
    if problems:
        return failed("；".join(problems), **evidence)
    if gaps:
        return missing(f"缺少：{'、'.join(gaps)}", **evidence)
    return passed(
        "已监督服务方不擅自复制、留存、使用档案信息" + ("，结项数据已清除" if ctx.phase == "closed" else ""),
        **evidence,
    )


def check_custody(ctx: Context) -> RuleResult:
    services = set(items(ctx.project, "service_types") or [])
    if services and not services & ORIGINALS_SERVICES:
        return not_applicable("项目不涉及档案实体出库")
    handovers = [h for h in items(ctx.facts, "handovers") or [] if isinstance(h, dict)]
    if not handovers:
        return missing("尚无档案实体交接记录（handovers）")
    # Deposited archives stay with the provider until the project closes.
    must_return = ctx.phase == "closed" or (ctx.phase == "accepted" and "deposit" not in services)
    problems, gaps, out_total, back_total = [], [], 0, 0
    for i, h in enumerate(handovers):
        label = text(h, "batch") or f"第{i + 1}批"
        out, back = h.get("out_count"), h.get("returned_count")
        confirmed = flag(h, "confirmed_by_both")
        if isinstance(out, int):
            out_total += out
        else:
            gaps.append(f"{label}交出数量")
        if confirmed is False:
            problems.append(f"{label}交接未经双方签字确认")
        elif confirmed is None:
            gaps.append(f"{label}双方确认")
        if isinstance(back, int):
            back_total += back
            if isinstance(out, int) and back != out:
                problems.append(f"{label}交出{out}、归还{back}，数量不符（应按事件处理）")
        elif must_return:
            problems.append(f"{label}尚未归还")
    evidence = {"batches": len(handovers), "out_total": out_total, "returned_total": back_total}
    if problems:
        return failed("；".join(problems), **evidence)
    if gaps:
        return missing(f"交接记录不全：{'、'.join(gaps)}", **evidence)
    return passed(f"{len(handovers)}批交接均经双方确认，数量相符", **evidence)


def check_sx33c(ctx: Context) -> RuleResult:
    acc = section(ctx.facts, "acceptance")
    if acc is None:
        return missing("尚无验收评估记录（acceptance）")
    hazards = items(acc, "safety_hazards")
    quality = flag(acc, "quality_meets_standards")
    deadline = text(acc, "rectification_deadline")
    evidence = {
        "safety_hazards": hazards,
        "quality_meets_standards": quality,
        "decision": text(acc, "decision") or None,
    }
    reasons = []
    if hazards:
        reasons.append(f"存在档案安全隐患：{'；'.join(str(h) for h in hazards)}")
    if quality is False:
        reasons.append("服务质量不符合国家和行业标准")
    if reasons:
        order = f"，整改期限{deadline}" if deadline else "，并应限期整改（尚未记录整改期限）"
        return failed(
            f"一律不予验收通过：{'；'.join(reasons)}{order}",
            rectification_deadline=deadline or None,
            **evidence,
        )
    if hazards is None or quality is None:
        return missing(
            "验收评估未记录安全隐患或质量结论（acceptance.safety_hazards、quality_meets_standards）",
            **evidence,
        )
    return passed("未发现档案安全隐患，服务质量符合国家和行业标准，可以验收通过", **evidence)


RULES: list[Rule] = [
    Rule(
        id="SX-3.2",
        source=f"{SX} 三（二）",
        title="书面委托合同及其必备内容",
        wording="档案业务外包委托方应当与档案业务外包服务方签订书面委托合同，明确委托和服务的内容、期限、数量、"
        "质量、价格、保密等要求以及双方的权利义务、违约责任等内容。",
        kind=Kind.BLOCK,
        stages=("contract", "work_start"),
        check=check_sx32,
    ),
    Rule(
        id="LAW-24",
        source=f"{LAW}第二十四条",
        title="委托协议约定服务范围、质量和技术标准；受托方建立管理制度",
        wording="档案馆和机关、团体、企业事业单位以及其他组织委托档案整理、寄存、开发利用和数字化等服务的，"
        "应当与符合条件的档案服务企业签订委托协议，约定服务的范围、质量和技术标准等内容，并对受托方进行监督。"
        "受托方应当建立档案服务管理制度，遵守有关安全保密规定，确保档案的安全。",
        kind=Kind.BLOCK,
        stages=("contract", "work_start"),
        check=check_law24,
    ),
    Rule(
        id="SEC14-2.5",
        source=f"{SEC14} 2.5",
        title="安全保密协议和安全保密教育",
        wording="建立档案数字化安全保密制度，与数字化服务机构签订安全保密协议，并对档案数字化加工人员进行安全保密教育。",
        kind=Kind.BLOCK,
        stages=("contract", "work_start"),
        check=check_sec14_25,
    ),
    Rule(
        id="SX-3.1-e",
        source=f"{SX} 三（一）",
        title="委托方落实主体责任，防止“一包了之”",
        wording="档案业务外包委托方要按照《档案法》《保密法》等法律法规和有关规定，切实落实档案安全主体责任，"
        "坚决防止“一包了之”。……明确部门和人员具体职责，加强工作部署和监督检查，"
        "及时消除档案业务外包中的各类安全和质量隐患。",
        kind=Kind.BLOCK,
        stages=("project_created",),
        check=check_sx31e,
    ),
    Rule(
        id="SX-3.3-a",
        source=f"{SX} 三（三）",
        title="全程跟踪、掌握重要环节、介入管控",
        wording="档案业务外包委托方应当研究熟悉相关档案业务外包服务工作流程，掌握重要环节，严格督促档案业务外包"
        "服务方加强各项管理，及时跟踪、有效介入档案安全和服务质量管控工作；",
        kind=Kind.RECORD,
        stages=("during_work", "inspection"),
        check=check_sx33a,
        due="in_progress",
    ),
    Rule(
        id="SX-3.3-b",
        source=f"{SX} 三（三）",
        title="档案业务外包工作台账",
        wording="要加强安全监管基础工作，建立档案业务外包工作台账，及时记录各项督查、监管实施情况，及时发现、"
        "定期分析、认真整改存在的问题和不足；",
        kind=Kind.RECORD,
        stages=("during_work", "inspection"),
        check=check_sx33b,
        due="in_progress",
    ),
    Rule(
        id="SEC14-2.6",
        source=f"{SEC14} 2.6",
        title="操作规程",
        wording="制定档案实体交接、数字化加工过程管理、数字化成果验收与交接、存储介质管理、档案实体保护等操作规程或规章制度。",
        kind=Kind.RECORD,
        stages=("work_start",),
        check=check_sec14_26,
    ),
    Rule(
        id="SEC14-2.7",
        source=f"{SEC14} 2.7",
        title="外包项目管理档案",
        wording="建立档案数字化外包项目管理档案，记录档案部门和数字化服务机构实施档案数字化外包项目的全过程。",
        kind=Kind.RECORD,
        stages=("work_start", "close"),
        check=check_sec14_27,
    ),
    Rule(
        id="SEC14-2.8",
        source=f"{SEC14} 2.8",
        title="杜绝擅自复制、留存、使用档案信息",
        wording="建立监管机制，对数字化服务机构的保密、安全措施落实情况进行监督、检查，防止档案实体受损、丢失，"
        "杜绝数字化服务机构擅自复制、留存、使用档案信息的行为。",
        kind=Kind.RECORD,
        stages=("during_work", "close"),
        check=check_sec14_28,
        due="in_progress",
    ),
    Rule(
        id="CUSTODY",
        source="DA/T 31-2017 第6章、入库；档办发〔2014〕7号 2.6",
        title="档案实体出库交接与归还",
        wording="档案实体出库、归还均应清点数量并经双方签字确认；每一件都应归还，数量不符按事件处理。",
        verbatim=False,
        kind=Kind.BLOCK,
        stages=("handover", "close"),
        check=check_custody,
        due="in_progress",
    ),
    Rule(
        id="SX-3.3-c",
        source=f"{SX} 三（三）",
        title="验收评估：有隐患或质量不达标一律不予验收",
        wording="要加强对档案业务外包服务项目验收评估工作，发现存有档案安全隐患或者外包服务质量不符合国家和行业标准的，"
        "一律不予验收通过，严格督促限期整改。",
        kind=Kind.BLOCK,
        stages=("acceptance",),
        check=check_sx33c,
        due="accepted",
    ),
]
