"""Shared vocabularies: stable English codes with Chinese labels.

The Django apps import these so that a code stored in the database, shown in the UI and
checked by a rule is always the same string.
"""

from __future__ import annotations

from enum import StrEnum

# Service types (业务类型). ``admitted`` marks the kinds SX 一 and JG11 name as outsourcing
# formats; the others exist in practice (档案法 24, DA/T 68) and are refused by SX-1 unless a
# deployment widens the list in its settings.
SERVICE_TYPES: dict[str, str] = {
    "organizing": "档案整理",
    "digitization": "档案数字化加工（传统载体档案数字化）",
    "ocr": "纸质档案数字复制件全文识别",
    "e_archive_support": "电子档案管理技术支持",
    "info_system": "档案信息系统建设",
    "deposit": "档案寄存托管",
    "consulting": "档案管理咨询",
    "development": "档案开发利用",
    "destruction": "档案销毁",
    "other": "其他",
}
ADMITTED_SERVICE_TYPES: frozenset[str] = frozenset(
    {"organizing", "digitization", "ocr", "e_archive_support", "info_system", "deposit"}
)
# JG11 ¶2: the auxiliary work a 机关 may buy.
ORGAN_ALLOWED_SERVICE_TYPES: frozenset[str] = frozenset(
    {"organizing", "digitization", "ocr", "e_archive_support"}
)
# SX 三(一): "档案数字化和档案整理" — OCR works on the digitized copies, so it is covered too.
CLASSIFIED_RESTRICTED_SERVICES: frozenset[str] = frozenset({"organizing", "digitization", "ocr"})
# Services in which paper originals leave the store and come back (CUSTODY, SEC14-2.6).
ORIGINALS_SERVICES: frozenset[str] = frozenset(
    {"organizing", "digitization", "deposit", "development", "destruction"}
)
# 档办发〔2014〕7号 governs digitization outsourcing.
DIGITIZATION_SERVICES: frozenset[str] = frozenset({"digitization", "ocr"})

CLIENT_KINDS: dict[str, str] = {
    "organ": "机关",
    "national_archive": "国家综合档案馆",
    "enterprise": "企事业单位",
    "other": "其他组织",
}
# Archives of these clients belong to the state by definition (档案法 25 applies).
STATE_OWNED_CLIENT_KINDS: frozenset[str] = frozenset({"organ", "national_archive"})

SITE_PURPOSES: dict[str, str] = {
    "processing": "加工场所",
    "storage": "存放库房",
    "ocr_service": "文字识别服务",
    "cloud": "云服务/数据中心",
    "backup": "备份存储",
    "other": "其他",
}

# Contract clause codes. SX 三(二) lists the first eight; 档案法 24 adds the last three.
CONTRACT_CLAUSES: dict[str, str] = {
    "content": "委托和服务的内容",
    "term": "期限",
    "quantity": "数量",
    "quality": "质量",
    "price": "价格",
    "confidentiality": "保密要求",
    "rights_obligations": "双方的权利义务",
    "liability": "违约责任",
    "service_scope": "服务范围",
    "technical_standards": "技术标准",
    "supervision": "委托方对受托方的监督",
}
SX32_CLAUSES: tuple[str, ...] = (
    "content", "term", "quantity", "quality", "price", "confidentiality", "rights_obligations", "liability",
)  # fmt: skip
LAW24_CLAUSES: tuple[str, ...] = ("service_scope", "quality", "technical_standards", "supervision")

# SX-3.1-b4 / SEC14 2.4: what the client must have examined before contracting.
EXAMINATION_ITEMS: dict[str, str] = {
    "qualifications": "相关资质",
    "track_record": "业绩",
    "staff": "人员",
    "equipment": "设备",
    "software": "加工软件",
    "bad_records": "违约行为、安全事故等不良记录",
}

# SEC14 2.6: operating rules the client must have before work starts.
OPERATING_RULES: dict[str, str] = {
    "original_handover": "档案实体交接",
    "process_management": "加工过程管理",
    "result_acceptance": "成果验收与交接",
    "storage_media": "存储介质管理",
    "original_protection": "档案实体保护",
}

# SX 二(二): what a law-enforcement inspection covers.
INSPECTION_ITEMS: dict[str, str] = {
    "national_scope_security": "涉及国家综合档案馆收集范围的外包项目安全管理情况",
    "client_responsibility": "委托方档案管理主体责任落实情况",
    "service_safeguards": "服务过程中档案安全、服务质量、设施设备和管理措施保障情况",
}

BAD_RECORD_KINDS: dict[str, str] = {
    "breach": "违约行为",
    "safety_accident": "安全事故",
    "violation": "违法违规行为",
    "penalty": "行政处罚",
    "other": "其他不良记录",
}

ID_TYPES: dict[str, str] = {
    "resident_id": "居民身份证",
    "residence_permit": "港澳台居民居住证",
    "passport": "护照",
    "other": "其他身份证明",
}

# Nationality values accepted as 中华人民共和国公民.
PRC_NATIONALITY_VALUES: frozenset[str] = frozenset({"CN", "CHN", "中国", "中华人民共和国"})

# The project's progress. A rule due at a later phase is "not applicable" before it.
PHASES: dict[str, str] = {
    "planned": "计划/立项",
    "in_progress": "实施中",
    "accepted": "已验收",
    "closed": "已结项",
}
PHASE_ORDER: tuple[str, ...] = tuple(PHASES)

# Points in the workflow at which the platform asks for a decision.
STAGES: dict[str, str] = {
    "provider_registered": "服务方登记",
    "project_created": "项目创建",
    "scope_changed": "范围变更",
    "site_registered": "场所登记",
    "selection": "服务方比选",
    "contract": "合同签订",
    "staff_assigned": "人员派驻",
    "work_start": "开工前",
    "handover": "档案交接",
    "during_work": "实施过程",
    "inspection": "监督检查",
    "acceptance": "验收",
    "incident": "事件处置",
    "close": "结项",
}
ALL_STAGES: tuple[str, ...] = tuple(STAGES)


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    EVIDENCE_MISSING = "evidence_missing"


STATUS_LABELS: dict[str, str] = {
    "pass": "符合",
    "fail": "不符合",
    "not_applicable": "不适用",
    "evidence_missing": "缺少证据",
}


class Kind(StrEnum):
    BLOCK = "block"
    WARN = "warn"
    RECORD = "record"


KIND_LABELS: dict[str, str] = {"block": "阻断", "warn": "提示", "record": "留痕"}


class Decision(StrEnum):
    ALLOWED = "allowed"
    REFUSED = "refused"
    INCOMPLETE = "incomplete"


DECISION_LABELS: dict[str, str] = {
    "allowed": "准予（阻断性规则均已满足）",
    "refused": "拒绝（有阻断性规则不符合）",
    "incomplete": "暂不能批准（阻断性规则缺少证据）",
}
