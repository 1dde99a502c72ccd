"""RULES.md §2 — choosing the provider."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from ..identifiers import mask_id_number, validate_id_number, validate_uscc
from .context import Context, flag, items, name_of, section, text
from .model import Rule, RuleResult, failed, missing, not_applicable, passed
from .rules_scope import SX, labels
from .vocab import (
    ALL_STAGES,
    BAD_RECORD_KINDS,
    DIGITIZATION_SERVICES,
    EXAMINATION_ITEMS,
    PRC_NATIONALITY_VALUES,
    SERVICE_TYPES,
    Kind,
)

SEC14 = "《档案数字化外包安全管理规范》（档办发〔2014〕7号）"
REG = "《中华人民共和国档案法实施条例》（2024）第二十八条"


def _selection(ctx: Context) -> dict[str, Any] | None:
    return section(ctx.facts, "selection")


def check_sx31a(ctx: Context) -> RuleResult:
    sel = _selection(ctx)
    steps = {
        "市场调研": flag(sel, "market_research"),
        "业务考察": flag(sel, "business_inspection"),
        "综合比选": flag(sel, "comparative_selection"),
    }
    evidence = {"steps": steps}
    no = [k for k, v in steps.items() if v is False]
    if no:
        return failed(f"选择服务方时未开展：{'、'.join(no)}", **evidence)
    unknown = [k for k, v in steps.items() if v is None]
    if unknown:
        return missing(f"缺少记录：{'、'.join(unknown)}（selection）", **evidence)
    return passed("已开展市场调研和业务考察，经综合比选择优选用服务方", **evidence)


def check_b1(ctx: Context) -> RuleResult:
    p = ctx.provider
    registered = flag(p, "registered_in_prc")
    code = text(p, "uscc")
    evidence: dict[str, Any] = {"registered_in_prc": registered, "uscc": code or None}
    if registered is False:
        return failed("服务方不是在中华人民共和国境内注册的法人", **evidence)
    if not code:
        return missing("未提供服务方的统一社会信用代码（provider.uscc）", **evidence)
    result = validate_uscc(code)
    evidence["uscc_valid"] = result.ok
    if not result.ok:
        return failed(f"统一社会信用代码无效：{result.reason}", **evidence)
    if registered is None:
        return passed("统一社会信用代码有效，据此视为境内注册的法人", **evidence)
    return passed("服务方为境内注册的法人，统一社会信用代码有效", **evidence)


def _nationality_check(people: list[dict[str, Any]], role: str) -> tuple[list[str], list[str], list[str]]:
    """Return (refused, unknown, exceptions) as display strings."""
    refused, unknown, exceptions = [], [], []
    for i, person in enumerate(people):
        label = name_of(person, f"第{i + 1}名{role}")
        nationality = text(person, "nationality")
        if not nationality:
            unknown.append(label)
        elif nationality.upper() not in PRC_NATIONALITY_VALUES:
            basis = text(person, "exception_basis")
            if basis:
                exceptions.append(f"{label}（{nationality}，依据：{basis}）")
            else:
                refused.append(f"{label}（{nationality}）")
    return refused, unknown, exceptions


def check_b2(ctx: Context) -> RuleResult:
    p = ctx.provider
    shareholders = items(p, "shareholders")
    staff = ctx.staff
    gaps = []
    if shareholders is None:
        gaps.append("股东（provider.shareholders）")
    if staff is None:
        gaps.append("工作人员（provider.staff）")
    sh_refused, sh_unknown, sh_exc = _nationality_check(
        [s for s in shareholders or [] if isinstance(s, dict)], "股东"
    )
    st_refused, st_unknown, st_exc = _nationality_check(staff or [], "工作人员")
    evidence = {
        "shareholders": len(shareholders) if shareholders is not None else None,
        "staff": len(staff) if staff is not None else None,
        "exceptions": sh_exc + st_exc,
    }
    refused = [f"股东 {x}" for x in sh_refused] + [f"工作人员 {x}" for x in st_refused]
    if refused:
        return failed(
            f"股东及工作人员应为中华人民共和国境内公民，以下人员不是且无国家另有规定的依据：{'、'.join(refused)}",
            offending=refused,
            **evidence,
        )
    unknown = sh_unknown + st_unknown
    if gaps or unknown:
        parts = ([f"未登记{'、'.join(gaps)}"] if gaps else []) + (
            [f"未说明国籍：{'、'.join(unknown)}"] if unknown else []
        )
        return missing("；".join(parts), **evidence)
    note = f"；例外已记录：{'、'.join(sh_exc + st_exc)}" if sh_exc or st_exc else ""
    return passed(f"股东及工作人员均为中华人民共和国境内公民{note}", **evidence)


def check_b3(ctx: Context) -> RuleResult:
    staff = ctx.staff
    if not staff:
        return missing("未登记派驻的工作人员（provider.staff）")
    review_required = flag(ctx.project, "requires_political_review") is True
    invalid, absent, review_no, review_unknown, shown = [], [], [], [], []
    numbers: Counter[str] = Counter()
    for i, person in enumerate(staff):
        label = name_of(person, f"第{i + 1}名工作人员")
        id_type = text(person, "id_type") or "resident_id"
        number = text(person, "id_number")
        row: dict[str, Any] = {"name": label, "id_type": id_type}
        if not number:
            absent.append(label)
        elif id_type in ("resident_id", "residence_permit"):
            result = validate_id_number(number, today=ctx.today)
            row["id_number"] = mask_id_number(number)
            row["valid"] = result.ok
            if result.ok:
                numbers[result.value] += 1
            else:
                invalid.append(f"{label}（{mask_id_number(number)}：{result.reason}）")
        else:
            row["id_number"] = mask_id_number(number)
            row["valid"] = None  # a passport or other document has no checksum to verify
            numbers[number.upper()] += 1
        if review_required:
            review = flag(person, "political_review")
            row["political_review"] = review
            if review is False:
                review_no.append(label)
            elif review is None:
                review_unknown.append(label)
        shown.append(row)
    duplicates = [mask_id_number(n) for n, c in numbers.items() if c > 1]
    evidence = {"staff": shown, "political_review_required": review_required}
    problems = []
    if invalid:
        problems.append(f"身份证号码无效：{'；'.join(invalid)}")
    if duplicates:
        problems.append(f"同一证件号码登记了多名人员：{'、'.join(duplicates)}")
    if review_no:
        problems.append(f"项目要求政审材料，以下人员未提供：{'、'.join(review_no)}")
    if problems:
        return failed("；".join(problems), **evidence)
    if absent or review_unknown:
        parts = ([f"未提供身份证明：{'、'.join(absent)}"] if absent else []) + (
            [f"未说明是否提供政审材料：{'、'.join(review_unknown)}"] if review_unknown else []
        )
        return missing("；".join(parts), **evidence)
    extra = "，政审材料齐全" if review_required else ""
    return passed(f"{len(staff)}名工作人员均已提供有效身份证明{extra}", **evidence)


def check_b4(ctx: Context) -> RuleResult:
    sel = _selection(ctx)
    examined = items(sel, "examined")
    if examined is None:
        return missing(
            "缺少对服务方资质、业绩、人员、设备、加工软件和不良记录的考察记录（selection.examined）"
        )
    not_done = [label for code, label in EXAMINATION_ITEMS.items() if code not in examined]
    evidence: dict[str, Any] = {"examined": examined}
    bad = items(ctx.provider, "bad_records")
    if bad:
        evidence["bad_records"] = len(bad)
    if not_done:
        return failed(f"委托方尚未考察服务方的：{'、'.join(not_done)}", not_examined=not_done, **evidence)
    note = f"；考察发现{len(bad)}条不良记录（见 SX-2.1）" if bad else ""
    return passed(f"已考察服务方的{'、'.join(EXAMINATION_ITEMS.values())}{note}", **evidence)


def valid_qualifications(provider: dict[str, Any] | None, today: date) -> list[dict[str, Any]] | None:
    quals = items(provider, "qualifications")
    if quals is None:
        return None
    out = []
    for q in quals:
        if not isinstance(q, dict):
            continue
        until = text(q, "valid_until")
        if until and date.fromisoformat(until) < today:
            continue
        out.append(q)
    return out


def has_secrecy_qualification(provider: dict[str, Any] | None, today: date) -> bool | None:
    quals = valid_qualifications(provider, today)
    if quals is None:
        return None
    return any(flag(q, "secrecy") is True for q in quals)


def check_sec14_24(ctx: Context) -> RuleResult:
    if ctx.project is not None:
        services = set(items(ctx.project, "service_types") or [])
        if services and not services & DIGITIZATION_SERVICES:
            return not_applicable("项目不含档案数字化或全文识别业务")
    has = has_secrecy_qualification(ctx.provider, ctx.today)
    evidence: dict[str, Any] = {"secrecy_qualification": has}
    if has is None:
        return missing("未登记服务方资质（provider.qualifications）", **evidence)
    if has:
        return passed("服务方具有与数字化加工相关的有效涉密资质", **evidence)
    if ctx.project is None:
        return failed("服务方不具有与数字化加工相关的涉密资质，同等条件下不享有优先", **evidence)
    candidates = items(_selection(ctx), "candidates")
    if candidates is None:
        return missing(
            "所选服务方无涉密资质，且未记录其他候选方的资质情况（selection.candidates）", **evidence
        )
    qualified = [
        name_of(c, f"候选方{i + 1}")
        for i, c in enumerate(candidates)
        if isinstance(c, dict) and flag(c, "secrecy_qualification") is True
    ]
    evidence["qualified_candidates"] = qualified
    if not qualified:
        return passed("候选方均无涉密资质，不存在优先选用的问题", **evidence)
    note = text(_selection(ctx), "preference_note")
    if note:
        return passed(f"未选用具有涉密资质的候选方（{'、'.join(qualified)}），理由已记录：{note}", **evidence)
    return failed(
        f"候选方{'、'.join(qualified)}具有涉密资质而未被选用，且未记录理由；同等条件下应优先选用", **evidence
    )


def check_reg28(ctx: Context) -> RuleResult:
    p = ctx.provider
    failures: list[str] = []
    gaps: list[str] = []
    evidence: dict[str, Any] = {}

    # (一) 企业法人资格和相应的经营范围
    legal = flag(p, "enterprise_legal_person")
    evidence["enterprise_legal_person"] = legal
    uscc = validate_uscc(text(p, "uscc")) if text(p, "uscc") else None
    if uscc and uscc.ok and uscc.value[:2] != "91":
        org_type = uscc.details.get("org_type") or uscc.details.get("department", "非企业")
        failures.append(f"（一）统一社会信用代码显示其登记类别为“{org_type}”，不是企业")
    elif legal is False:
        failures.append("（一）不具有企业法人资格")
    elif legal is None:
        gaps.append("（一）是否具有企业法人资格")
    scope = items(p, "business_scope")
    evidence["business_scope"] = scope
    if scope is None:
        gaps.append("（一）经营范围")
    else:
        wanted = set(items(ctx.project, "service_types") or []) if ctx.project else set()
        if wanted:
            outside = sorted(wanted - set(scope), key=list(SERVICE_TYPES).index)
            if outside:
                failures.append(f"（一）经营范围不含本项目的“{labels(outside)}”")
        elif not scope:
            failures.append("（一）经营范围不含档案服务")

    # (二) 场所、设施设备、专业人员和专业能力
    evidence["premises"] = flag(p, "premises")
    equipment = items(p, "equipment")
    evidence["equipment"] = len(equipment) if equipment is not None else None
    capability = flag(p, "professional_capability")
    staff = ctx.staff
    professionals = sum(1 for s in staff or [] if flag(s, "professional") is True)
    evidence["professional_staff"] = professionals if staff is not None else None
    for ok, label in ((evidence["premises"], "场所"), (capability, "专业能力")):
        if ok is False:
            failures.append(f"（二）不具有相适应的{label}")
        elif ok is None:
            gaps.append(f"（二）{label}")
    if equipment is None:
        gaps.append("（二）设施设备")
    elif not equipment:
        failures.append("（二）未登记任何设施设备")
    if staff is None:
        gaps.append("（二）专业人员")
    elif professionals == 0 and staff and all(flag(s, "professional") is False for s in staff):
        failures.append("（二）没有专业人员")
    elif professionals == 0:
        gaps.append("（二）专业人员（未标明哪些人员为专业技术人员）")

    # (三) 保证档案安全的管理体系和保障措施
    system = flag(p, "security_management_system")
    evidence["security_management_system"] = system
    if system is False:
        failures.append("（三）不具有保证档案安全的管理体系和保障措施")
    elif system is None:
        gaps.append("（三）档案安全管理体系和保障措施")

    if failures:
        return failed(f"服务方不符合法定条件：{'；'.join(failures)}", **evidence)
    if gaps:
        return missing(f"缺少证明材料：{'、'.join(gaps)}", **evidence)
    return passed("服务方具备企业法人资格和相应经营范围、相适应的场所设备人员能力及安全管理体系", **evidence)


def check_sx41(ctx: Context) -> RuleResult:
    accepts = flag(ctx.provider, "accepts_supervision")
    out_of_scope = [
        text(f, "description") or f"第{i + 1}项"
        for i, f in enumerate(items(ctx.facts, "findings") or [])
        if isinstance(f, dict) and flag(f, "out_of_scope_work") is True
    ]
    evidence = {"accepts_supervision": accepts, "out_of_scope_findings": out_of_scope}
    if out_of_scope:
        return failed(f"检查发现服务方超出核准的业务范围经营：{'；'.join(out_of_scope)}", **evidence)
    if accepts is False:
        return failed("服务方不接受档案行政管理部门的指导和监督检查", **evidence)
    if accepts is None:
        return missing("未记录服务方接受指导和监督检查的承诺（provider.accepts_supervision）", **evidence)
    return passed("服务方承诺按核准的业务范围经营并接受指导和监督检查，未发现超范围经营", **evidence)


def check_sx43(ctx: Context) -> RuleResult:
    staff = ctx.staff
    if not staff:
        return missing("未登记派驻的工作人员（provider.staff）")
    untrained = [
        name_of(s, f"第{i + 1}名") for i, s in enumerate(staff) if flag(s, "archive_training") is False
    ]
    unknown = [name_of(s, f"第{i + 1}名") for i, s in enumerate(staff) if flag(s, "archive_training") is None]
    professionals = sum(1 for s in staff if flag(s, "professional") is True)
    needed = ctx.settings.min_professional_staff
    evidence = {"staff": len(staff), "professional_staff": professionals, "required_professional": needed}
    problems = []
    if untrained:
        problems.append(f"未经过档案专业培训：{'、'.join(untrained)}")
    if professionals < needed:
        problems.append(f"专业技术人员{professionals}名，少于要求的{needed}名")
    if problems:
        return failed("；".join(problems), **evidence)
    if unknown:
        return missing(f"未说明是否经过档案专业培训：{'、'.join(unknown)}", **evidence)
    return passed(f"工作人员均经过档案专业培训，配备专业技术人员{professionals}名", **evidence)


def check_sx21(ctx: Context) -> RuleResult:
    records = items(ctx.provider, "bad_records")
    if records is None:
        return missing("未查询或未登记服务方的不良记录（provider.bad_records，无则填 []）")
    if not records:
        return passed("未查到服务方的不良记录", bad_records=[])
    shown = []
    for r in records:
        if not isinstance(r, dict):
            continue
        kind = BAD_RECORD_KINDS.get(text(r, "kind"), "不良记录")
        when = text(r, "date")
        desc = text(r, "description")
        shown.append(f"{when + ' ' if when else ''}{kind}{'：' + desc if desc else ''}")
    return failed(f"服务方有{len(shown)}条不良记录：{'；'.join(shown)}", bad_records=shown)


RULES: list[Rule] = [
    Rule(
        id="SX-3.1-a",
        source=f"{SX} 三（一）",
        title="市场调研、业务考察、综合比选",
        wording="档案业务外包委托方应加强市场调研和业务考察，在综合比选的基础上，择优选用档案业务外包服务方。",
        kind=Kind.RECORD,
        stages=("selection", "contract"),
        check=check_sx31a,
    ),
    Rule(
        id="SX-3.1-b1",
        source=f"{SX} 三（一）",
        title="服务方为境内注册的法人",
        wording="档案业务外包服务方法人应当是中华人民共和国境内注册的法人",
        kind=Kind.BLOCK,
        stages=("provider_registered", "selection"),
        check=check_b1,
        subject="provider",
    ),
    Rule(
        id="SX-3.1-b2",
        source=f"{SX} 三（一）",
        title="股东及工作人员为境内公民",
        wording="股东及工作人员应为中华人民共和国境内公民（国家另有规定的除外）。",
        kind=Kind.BLOCK,
        stages=("provider_registered", "staff_assigned", "selection"),
        check=check_b2,
        subject="provider",
    ),
    Rule(
        id="SX-3.1-b3",
        source=f"{SX} 三（一）",
        title="工作人员提供身份证明",
        wording="档案业务外包服务方的工作人员必须提供本人身份证明，必要时提供政审材料。",
        kind=Kind.BLOCK,
        stages=("staff_assigned",),
        check=check_b3,
        subject="provider",
    ),
    Rule(
        id="SX-3.1-b4",
        source=f"{SX} 三（一）；{SEC14} 2.4",
        title="考察服务方资质、业绩、人员、设备、软件和不良记录",
        wording="档案业务外包委托方须对档案业务外包服务方的相关资质、业绩、人员、设备和加工软件等进行考察，"
        "并了解是否存在违约行为、安全事故等不良记录。",
        kind=Kind.BLOCK,
        stages=("selection", "contract"),
        check=check_b4,
    ),
    Rule(
        id="SEC14-2.4",
        source=f"{SEC14} 2.4",
        title="同等条件下优先选用具有涉密资质的服务方",
        wording="在同等条件下，应优先选用具有与数字化加工相关涉密资质的数字化服务机构。",
        kind=Kind.WARN,
        stages=("selection",),
        check=check_sec14_24,
        subject="provider",
    ),
    Rule(
        id="REG-28",
        source=REG,
        title="档案服务企业的法定条件",
        wording="（一）具有企业法人资格和相应的经营范围；（二）具有与从事档案整理、寄存、开发利用、数字化等"
        "相关服务相适应的场所、设施设备、专业人员和专业能力；（三）具有保证档案安全的管理体系和保障措施。",
        kind=Kind.BLOCK,
        stages=("selection",),
        check=check_reg28,
        subject="provider",
    ),
    Rule(
        id="SX-4.1",
        source=f"{SX} 四（一）",
        title="按核准的业务范围经营并接受监督",
        wording="档案业务外包服务方应当依法经工商等有关部门核准，经营手续合法、完备，具备满足执业需要的条件，"
        "应当按照核准的业务范围从事经营活动；遵循自愿、平等、公平、诚实守信原则，恪守商业道德，履行合同约定；"
        "坚持规范经营，接受档案行政管理部门和相关部门的指导和监督检查。",
        kind=Kind.BLOCK,
        stages=("selection", "inspection"),
        check=check_sx41,
        subject="provider",
    ),
    Rule(
        id="SX-4.3",
        source=f"{SX} 四（三）",
        title="从业人员经过档案专业培训，配备专业技术人员",
        wording="档案业务外包服务从业人员应当经过档案专业培训，具备档案工作基本知识，有从事档案管理的业务能力。"
        "档案业务外包服务方还应配备相应数量的专业技术人员，不断提高从业能力和服务水平。",
        kind=Kind.WARN,
        stages=("staff_assigned",),
        check=check_sx43,
        subject="provider",
    ),
    Rule(
        id="SX-2.1",
        source=f"{SX} 二（一）",
        title="服务方信用监督（不良记录随服务方显示）",
        wording="档案行政管理部门应加强档案业务外包服务方信用监督，查处各种档案违法违规行为，"
        "防止监督缺位和不作为，将行政监督责任落到实处。",
        kind=Kind.RECORD,
        stages=ALL_STAGES,
        check=check_sx21,
        subject="provider",
    ),
]
