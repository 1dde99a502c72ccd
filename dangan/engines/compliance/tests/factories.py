"""Fact builders for the tests: a fully compliant plan, and the same project at close-out."""

from __future__ import annotations

import copy
from typing import Any

from dangan.engines.identifiers import id_check_character, uscc_check_character

AS_OF = "2025-03-01"


def person_id(body17: str) -> str:
    return body17 + id_check_character(body17)


def uscc(body17: str) -> str:
    return body17 + uscc_check_character(body17)


STAFF_IDS = [person_id("14010519880512123"), person_id("14010219920817204"), person_id("14010619850302301")]
PROVIDER_USCC = uscc("91140100MA0K12348")

_ALLOWED: dict[str, Any] = {
    "as_of": AS_OF,
    "project": {
        "name": "测试项目",
        "phase": "planned",
        "service_types": ["digitization", "ocr"],
        "requires_political_review": True,
        "accepts_regulator_supervision": True,
        "standards": ["DA/T 31-2017", "DA/T 68.2-2020"],
        "responsibility": {
            "leader": "王某",
            "departments": ["办公室"],
            "persons": [{"name": "李某", "duty": "现场监管"}],
        },
    },
    "client": {"name": "某局", "kind": "organ"},
    "archive_groups": [
        {"name": "文书档案", "classified": False, "in_national_archive_scope": True},
        {"name": "已解密文件", "classified": True, "declassified": True, "in_national_archive_scope": True},
    ],
    "sites": [
        {"name": "委托方数字化用房", "purpose": "processing", "in_prc": True},
        {"name": "本地识别服务器", "purpose": "ocr_service", "in_prc": True},
    ],
    "provider": {
        "name": "某服务公司",
        "uscc": PROVIDER_USCC,
        "registered_in_prc": True,
        "enterprise_legal_person": True,
        "business_scope": ["organizing", "digitization", "ocr"],
        "accepts_supervision": True,
        "shareholders": [{"name": "张某", "nationality": "CN"}],
        "staff": [
            {"name": "甲", "nationality": "CN", "id_number": STAFF_IDS[0], "political_review": True,
             "archive_training": True, "professional": True},
            {"name": "乙", "nationality": "中国", "id_number": STAFF_IDS[1], "political_review": True,
             "archive_training": True, "professional": False},
        ],
        "qualifications": [{"name": "涉密资质", "secrecy": True, "valid_until": "2026-12-31"}],
        "premises": True,
        "equipment": [{"name": "扫描仪", "count": 2}],
        "software": [{"name": "加工软件"}],
        "professional_capability": True,
        "security_management_system": True,
        "archive_service_management_system": True,
        "bad_records": [],
    },
    "selection": {
        "market_research": True,
        "business_inspection": True,
        "comparative_selection": True,
        "examined": ["qualifications", "track_record", "staff", "equipment", "software", "bad_records"],
        "security_capability_reviewed": True,
        "qualifications_reviewed": True,
        "candidates": [{"name": "另一家", "secrecy_qualification": False}],
    },
    "contract": {
        "written": True,
        "clauses": ["content", "term", "quantity", "quality", "price", "confidentiality",
                    "rights_obligations", "liability", "service_scope", "technical_standards", "supervision"],
    },
    "security_agreement": {"signed": True, "staff_security_education": True},
    "operating_rules": ["original_handover", "process_management", "result_acceptance", "storage_media",
                        "original_protection"],
    "project_file": {"kept": True},
}  # fmt: skip

_CLOSED_EXTRA: dict[str, Any] = {
    "supervision": {"key_steps_tracked": True, "interventions": 3, "copy_control_checked": True},
    "ledger": {"entries": 12, "periodic_analysis": True, "open_problems_unrectified": 0},
    "handovers": [
        {"batch": "第1批", "out_count": 300, "confirmed_by_both": True, "returned_count": 300},
        {"batch": "第2批", "out_count": 250, "confirmed_by_both": True, "returned_count": 250},
    ],
    "acceptance": {"safety_hazards": [], "quality_meets_standards": True, "decision": "passed"},
    "close_out": {"media_wiped_under_supervision": True, "no_copies_retained": True},
}


def allowed_project() -> dict[str, Any]:
    return copy.deepcopy(_ALLOWED)


def closed_project() -> dict[str, Any]:
    facts = allowed_project()
    facts["project"]["phase"] = "closed"
    facts["project"]["service_types"] = ["organizing", "digitization", "ocr"]
    facts.update(copy.deepcopy(_CLOSED_EXTRA))
    return facts


def provider_only() -> dict[str, Any]:
    return {"as_of": AS_OF, "provider": allowed_project()["provider"]}


def set_path(facts: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    *parents, last = path.split(".")
    node = facts
    for key in parents:
        node = node.setdefault(key, {}) if not key.isdigit() else node[int(key)]
    if last.isdigit():
        node[int(last)] = value
    else:
        node[last] = value
    return facts


def del_path(facts: dict[str, Any], path: str) -> dict[str, Any]:
    *parents, last = path.split(".")
    node = facts
    for key in parents:
        node = node[int(key)] if key.isdigit() else node[key]
    del node[last]
    return facts
