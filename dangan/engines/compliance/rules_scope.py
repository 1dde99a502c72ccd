"""RULES.md §1 — scope of outsourcing (project admission)."""

from __future__ import annotations

import re

from .context import Context, flag, items, name_of, text
from .model import Rule, RuleResult, failed, missing, not_applicable, passed
from .vocab import (
    CLASSIFIED_RESTRICTED_SERVICES,
    CLIENT_KINDS,
    SERVICE_TYPES,
    SITE_PURPOSES,
    Kind,
)

SX = "山西省档案局关于档案业务外包的指导意见"
JG11 = "《机关档案管理规定》第十一条"


def labels(codes: object) -> str:
    if not isinstance(codes, list | tuple | set | frozenset):
        return ""
    return "、".join(SERVICE_TYPES.get(c, str(c)) for c in sorted(codes, key=list(SERVICE_TYPES).index))


def _services(ctx: Context) -> list[str] | None:
    return items(ctx.project, "service_types")


def check_sx1(ctx: Context) -> RuleResult:
    services = _services(ctx)
    if not services:
        return missing("未说明项目的业务类型（project.service_types）")
    bad = [s for s in services if s not in ctx.settings.admitted_service_types]
    evidence = {"service_types": services, "admitted": sorted(ctx.settings.admitted_service_types)}
    if bad:
        return failed(
            f"业务类型“{labels(bad)}”不属于可外包的业态（{labels(ctx.settings.admitted_service_types)}）",
            not_admitted=bad,
            **evidence,
        )
    return passed(f"业务类型均属于可外包的业态：{labels(services)}", **evidence)


def _organ_only(ctx: Context) -> RuleResult | None:
    kind = ctx.client_kind
    if kind is None:
        return missing("未说明委托方类别（client.kind），无法判断是否为机关")
    if kind != "organ":
        return not_applicable(f"委托方为{CLIENT_KINDS.get(kind, kind)}，本条只约束机关", client_kind=kind)
    return None


def check_jg11_2(ctx: Context) -> RuleResult:
    early = _organ_only(ctx)
    if early:
        return early
    services = _services(ctx)
    if not services:
        return missing("未说明项目的业务类型（project.service_types）", client_kind="organ")
    allowed = ctx.settings.organ_allowed_service_types
    bad = [s for s in services if s not in allowed]
    evidence = {"client_kind": "organ", "service_types": services, "organ_allowed": sorted(allowed)}
    if bad:
        return failed(
            f"机关档案业务社会化服务限于{labels(allowed)}等辅助性工作，"
            f"本项目包含“{labels(bad)}”，机关不得委托",
            not_allowed=bad,
            **evidence,
        )
    return passed(f"机关委托的业务均为辅助性工作：{labels(services)}", **evidence)


def check_jg11_1(ctx: Context) -> RuleResult:
    early = _organ_only(ctx)
    if early:
        return early
    sel = ctx.facts.get("selection") if isinstance(ctx.facts.get("selection"), dict) else None
    facts = {
        "信息安全保障能力审核": flag(sel, "security_capability_reviewed"),
        "业务资质审核": flag(sel, "qualifications_reviewed"),
        "接受档案行政管理部门监督、指导和检查": flag(ctx.project, "accepts_regulator_supervision"),
    }
    evidence = {"checked": facts}
    no = [k for k, v in facts.items() if v is False]
    if no:
        return failed(f"机关未做到：{'、'.join(no)}", **evidence)
    unknown = [k for k, v in facts.items() if v is None]
    if unknown:
        return missing(f"缺少记录：{'、'.join(unknown)}", **evidence)
    return passed("已严格审核服务方信息安全保障能力和业务资质，并接受档案行政管理部门监督", **evidence)


_DAT68 = re.compile(r"DA\s*/?\s*T\s*68", re.IGNORECASE)


def check_jg11_3(ctx: Context) -> RuleResult:
    early = _organ_only(ctx)
    if early:
        return early
    standards = items(ctx.project, "standards")
    if standards is None:
        return missing("未说明项目执行的标准（project.standards）")
    hits = [s for s in standards if isinstance(s, str) and _DAT68.search(s)]
    if not hits:
        return failed("项目执行的标准中没有《档案服务外包工作规范》（DA/T 68）", standards=standards)
    return passed(f"项目执行{'、'.join(hits)}", standards=standards)


def _group_label(group: dict, index: int) -> str:
    return name_of(group, f"第{index + 1}组档案")


def check_sx31c(ctx: Context) -> RuleResult:
    services = _services(ctx)
    if not services:
        return missing("未说明项目的业务类型（project.service_types）")
    restricted = sorted(set(services) & CLASSIFIED_RESTRICTED_SERVICES)
    if not restricted:
        return not_applicable("项目不含档案整理、数字化或全文识别业务", service_types=services)
    groups = ctx.archive_groups
    if not groups:
        return missing("未说明外包档案及其涉密情况（archive_groups）", service_types=services)
    offending, unknown, table = [], [], []
    for i, g in enumerate(groups):
        label = _group_label(g, i)
        classified, declassified = flag(g, "classified"), flag(g, "declassified")
        table.append({"name": label, "classified": classified, "declassified": declassified})
        if classified is True and declassified is False:
            offending.append(label)
        elif classified is None or (classified is True and declassified is None):
            unknown.append(label)
    evidence = {"service_types": restricted, "archive_groups": table}
    if offending:
        return failed(
            f"未进行解密处理的涉密档案不得外包进行{labels(restricted)}：{'、'.join(offending)}",
            offending=offending,
            **evidence,
        )
    if unknown:
        return missing(f"以下档案未说明是否涉密或是否已解密：{'、'.join(unknown)}", **evidence)
    return passed("外包的档案均不涉密或已进行解密处理", **evidence)


def check_sx31d(ctx: Context) -> RuleResult:
    services = _services(ctx)
    if not services:
        return missing("未说明项目的业务类型（project.service_types）")
    if "deposit" not in services:
        return not_applicable("项目不含档案寄存托管业务", service_types=services)
    groups = ctx.archive_groups
    if not groups:
        return missing("未说明寄存托管的档案（archive_groups）")
    is_national = ctx.client_kind == "national_archive"
    in_scope, unknown, table = [], [], []
    for i, g in enumerate(groups):
        label = _group_label(g, i)
        value = flag(g, "in_national_archive_scope")
        inferred = value is None and is_national
        if inferred:
            value = True
        table.append({"name": label, "in_national_archive_scope": value, "inferred": inferred})
        if value is True:
            in_scope.append(label)
        elif value is None:
            unknown.append(label)
    evidence = {"archive_groups": table, "client_kind": ctx.client_kind}
    if in_scope:
        note = "（委托方为国家综合档案馆，其馆藏视为在收集范围内）" if is_national else ""
        return failed(
            f"列入国家综合档案馆收集范围的档案不得由服务方寄存托管：{'、'.join(in_scope)}{note}",
            offending=in_scope,
            **evidence,
        )
    if unknown:
        return missing(f"以下档案未说明是否列入国家综合档案馆收集范围：{'、'.join(unknown)}", **evidence)
    return passed("寄存托管的档案均不在国家综合档案馆收集范围内", **evidence)


def check_law25(ctx: Context) -> RuleResult:
    state = ctx.state_owned
    if state is False:
        return not_applicable("委托方档案不属于国家所有，本条不适用", state_owned=False)
    sites = [s for s in items(ctx.facts, "sites") or [] if isinstance(s, dict)]
    if not sites:
        return missing("未登记加工、存放或数据处理场所（sites）")
    abroad, approved, unknown, table = [], [], [], []
    for i, s in enumerate(sites):
        label = name_of(s, f"第{i + 1}个场所")
        purpose = SITE_PURPOSES.get(text(s, "purpose"), "")
        shown = f"{label}（{purpose}）" if purpose else label
        in_prc = flag(s, "in_prc")
        table.append({"name": label, "purpose": text(s, "purpose") or None, "in_prc": in_prc})
        if in_prc is False:
            (approved if text(s, "export_approval") else abroad).append(shown)
        elif in_prc is None:
            unknown.append(shown)
    evidence = {"sites": table, "state_owned": state}
    if abroad and state is None:
        return missing(
            f"场所位于境外：{'、'.join(abroad)}；须说明档案是否属于国家所有（client.state_owned）", **evidence
        )
    if abroad:
        return failed(
            f"属于国家所有的档案及其复制件不得未经批准出境，以下场所位于境外且无审批：{'、'.join(abroad)}",
            offending=abroad,
            **evidence,
        )
    if unknown:
        return missing(f"以下场所未说明是否位于境内：{'、'.join(unknown)}", **evidence)
    if approved:
        return passed(f"境外场所已有出境审批：{'、'.join(approved)}；其余场所均在境内", **evidence)
    return passed("加工、存放和数据处理场所均在中华人民共和国境内", **evidence)


RULES: list[Rule] = [
    Rule(
        id="SX-1",
        source=f"{SX} 一；{JG11}",
        title="外包业态范围",
        wording="档案业务外包重点把握档案整理、档案数字化加工、档案信息系统建设、档案寄存托管等四类外包业态。",
        kind=Kind.BLOCK,
        stages=("project_created", "scope_changed"),
        check=check_sx1,
    ),
    Rule(
        id="JG11-2",
        source=f"{JG11} 第二款",
        title="机关只能外包辅助性工作",
        wording="机关档案业务社会化服务限于档案整理、传统载体档案数字化、纸质档案数字复制件全文识别、"
        "电子档案管理技术支持等辅助性工作。",
        kind=Kind.BLOCK,
        stages=("project_created", "scope_changed"),
        check=check_jg11_2,
    ),
    Rule(
        id="JG11-1",
        source=f"{JG11} 第一款",
        title="机关严格审核服务方并接受监督",
        wording="机关通过政府购买服务方式辅助实现档案工作基本任务的,应当严格限定社会化服务范围,"
        "严格审核服务供方的信息安全保障能力和业务资质,并接受档案行政管理部门监督、指导和检查。",
        kind=Kind.RECORD,
        stages=("selection", "contract"),
        check=check_jg11_1,
    ),
    Rule(
        id="JG11-3",
        source=f"{JG11} 第二款",
        title="社会化服务符合 DA/T 68",
        wording="社会化服务应当符合《档案服务外包工作规范》(DA/T68)规定。",
        kind=Kind.RECORD,
        stages=("project_created", "contract", "close"),
        check=check_jg11_3,
    ),
    Rule(
        id="SX-3.1-c",
        source=f"{SX} 三（一）",
        title="未解密的涉密档案不得外包整理或数字化",
        wording="未进行解密处理的涉密档案不应进行档案数字化和档案整理业务外包。",
        kind=Kind.BLOCK,
        stages=("project_created", "scope_changed", "handover"),
        check=check_sx31c,
    ),
    Rule(
        id="SX-3.1-d",
        source=f"{SX} 三（一）",
        title="国家综合档案馆收集范围内的档案不得寄存托管",
        wording="列入国家综合档案馆收集范围的档案不应由档案业务外包服务方寄存托管。",
        kind=Kind.BLOCK,
        stages=("project_created", "scope_changed", "handover"),
        check=check_sx31d,
    ),
    Rule(
        id="LAW-25",
        source="《中华人民共和国档案法》（2020）第二十五条",
        title="国有档案及复制件不得擅自出境",
        wording="属于国家所有的档案及其复制件，未经批准不得运送、邮寄、携带出境或者通过互联网传输出境。",
        verbatim=False,
        kind=Kind.BLOCK,
        stages=("project_created", "site_registered"),
        check=check_law25,
    ),
]
