from __future__ import annotations

import json
import os
from datetime import date

import pytest

from dangan.engines.compliance import (
    PROVIDER_RULE_IDS,
    RULES,
    RULES_BY_ID,
    FactsError,
    Settings,
    evaluate,
    evaluate_provider,
)
from dangan.engines.compliance.vocab import STAGES, Kind, Status

from .factories import STAFF_IDS, allowed_project, closed_project, provider_only

SEED_SX = "/work/shared/seeds/000_a930c132d1e48a4a.txt"
SEED_JG11 = "/work/shared/seeds/003_b2bb9336671bdf96.txt"


def test_rule_ids_match_rules_md_and_are_unique() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    expected = {
        "SX-1", "JG11-2", "JG11-1", "JG11-3", "SX-3.1-c", "SX-3.1-d", "LAW-25",
        "SX-3.1-a", "SX-3.1-b1", "SX-3.1-b2", "SX-3.1-b3", "SX-3.1-b4", "SEC14-2.4", "REG-28", "SX-4.1",
        "SX-4.3", "SX-2.1", "SX-3.2", "LAW-24", "SEC14-2.5",
        "SX-3.1-e", "SX-3.3-a", "SX-3.3-b", "SEC14-2.6", "SEC14-2.7", "SEC14-2.8", "CUSTODY", "SX-3.3-c",
        "SX-2.2-a", "SX-2.2-b", "SX-2.3", "LAW-44", "REG-51", "LOCAL-FILING",
    }  # fmt: skip
    assert set(ids) == expected


def test_kinds_follow_rules_md() -> None:
    warn = {"SEC14-2.4", "SX-4.3"}
    record = {"JG11-1", "JG11-3", "SX-3.1-a", "SX-2.1", "SX-3.3-a", "SX-3.3-b", "SEC14-2.6", "SEC14-2.7",
              "SEC14-2.8", "SX-2.2-a", "SX-2.2-b", "SX-2.3", "REG-51"}  # fmt: skip
    for rule in RULES:
        expected = Kind.WARN if rule.id in warn else Kind.RECORD if rule.id in record else Kind.BLOCK
        assert rule.kind is expected, rule.id
        assert all(s in STAGES for s in rule.stages), rule.id


@pytest.mark.skipif(not os.path.exists(SEED_SX), reason="seed file not available")
def test_sx_wording_is_quoted_verbatim_from_the_seed() -> None:
    with open(SEED_SX, encoding="utf-8") as fh:
        seed = fh.read()
    for rule in RULES:
        if rule.id.startswith("SX-") and rule.verbatim:
            for part in rule.wording.split("……"):
                assert part.strip() in seed, rule.id


@pytest.mark.skipif(not os.path.exists(SEED_JG11), reason="seed file not available")
def test_jg11_wording_is_quoted_verbatim_from_the_seed() -> None:
    with open(SEED_JG11, encoding="utf-8") as fh:
        seed = fh.read()
    for rule in RULES:
        if rule.id.startswith("JG11-"):
            assert rule.wording in seed, rule.id


def test_refused_lists_every_failing_block_rule() -> None:
    facts = allowed_project()
    facts["project"]["service_types"] = ["deposit"]
    facts["provider"]["shareholders"][0]["nationality"] = "US"
    ev = evaluate(facts)
    assert ev.decision == "refused"
    refused = {f.rule_id for f in ev.refusals()}
    assert {"JG11-2", "SX-3.1-d", "SX-3.1-b2"} <= refused
    assert ev.to_dict()["refused_by"] == [f.rule_id for f in ev.refusals()]


def test_missing_evidence_on_a_block_rule_gives_incomplete() -> None:
    facts = allowed_project()
    del facts["security_agreement"]
    ev = evaluate(facts)
    assert ev.decision == "incomplete"
    assert [f.rule_id for f in ev.blocking()] == ["SEC14-2.5"]


def test_failed_warn_or_record_rule_does_not_block() -> None:
    facts = allowed_project()
    facts["provider"]["bad_records"] = [{"kind": "breach", "description": "逾期"}]
    facts["provider"]["staff"][1]["archive_training"] = False
    ev = evaluate(facts)
    assert ev.decision == "allowed"
    assert {f.rule_id for f in ev.warnings()} == {"SX-2.1", "SX-4.3"}


def test_stage_selects_only_its_rules() -> None:
    facts = allowed_project()
    del facts["contract"]  # a freshly created project has no contract yet
    ev = evaluate(facts, stage="project_created")
    assert {f.rule_id for f in ev.results} == {r.id for r in RULES if "project_created" in r.stages}
    assert "SX-3.2" not in {f.rule_id for f in ev.results}
    assert ev.decision == "allowed"
    assert evaluate(facts, stage="contract").decision == "incomplete"


def test_explicit_stage_ignores_phase_gate() -> None:
    facts = allowed_project()  # phase planned, no acceptance facts
    assert evaluate(facts).get("SX-3.3-c").status is Status.NOT_APPLICABLE
    assert evaluate(facts, stage="acceptance").get("SX-3.3-c").status is Status.EVIDENCE_MISSING


def test_staff_ids_are_masked_in_evidence_and_json() -> None:
    ev = evaluate(allowed_project())
    dumped = json.dumps(ev.to_dict(), ensure_ascii=False)
    for number in STAFF_IDS[:2]:  # the two staff members of the plan
        assert number not in dumped
        assert number[:6] + "********" + number[-4:] in dumped


def test_local_filing_kind_is_configurable() -> None:
    facts = allowed_project()
    facts["settings"] = {"local_filing": True, "local_filing_kind": "warn"}
    facts["filing"] = {"filed_before_start": False}
    ev = evaluate(facts)
    assert ev.get("LOCAL-FILING").status is Status.FAIL
    assert ev.get("LOCAL-FILING").kind is Kind.WARN
    assert ev.decision == "allowed"
    facts["settings"]["local_filing_kind"] = "block"
    assert evaluate(facts).decision == "refused"


def test_settings_argument_overrides_facts() -> None:
    facts = allowed_project()
    facts["project"]["service_types"] = ["info_system"]
    assert evaluate(facts).get("JG11-2").status is Status.FAIL
    wide = Settings(organ_allowed_service_types=frozenset({"info_system"}))
    assert evaluate(facts, settings=wide).get("JG11-2").status is Status.PASS


@pytest.mark.parametrize(
    ("facts", "fragment"),
    [
        ([], "JSON 对象"),
        ({}, "既没有 project"),
        ({"project": {"service_types": ["scanning"]}}, "无效代码 'scanning'"),
        (
            {"project": {"service_types": ["organizing"]}, "archive_groups": [{"classified": "否"}]},
            "true 或 false",
        ),
        ({"project": {"phase": "done"}}, "project.phase"),
        ({"provider": {"staff": {"name": "x"}}}, "对象的列表"),
        ({"provider": {}, "as_of": "2025-13-01"}, "YYYY-MM-DD"),
        ({"provider": {}, "settings": {"local_filing": "yes"}}, "settings.local_filing"),
    ],
)
def test_bad_input_raises_with_chinese_reason(facts: object, fragment: str) -> None:
    with pytest.raises(FactsError) as info:
        evaluate(facts)  # type: ignore[arg-type]
    assert any(fragment in p for p in info.value.problems), info.value.problems


def test_unknown_stage_is_an_input_error() -> None:
    with pytest.raises(FactsError):
        evaluate(allowed_project(), stage="whenever")


def test_unknown_field_is_a_warning_not_silence() -> None:
    facts = allowed_project()
    facts["archive_groups"][0]["clasified"] = True
    ev = evaluate(facts)
    assert any("archive_groups[…].clasified" in w for w in ev.input_warnings)


def test_evaluate_provider_uses_provider_rules_only() -> None:
    ev = evaluate_provider(provider_only()["provider"], today=date(2025, 3, 1))
    assert [f.rule_id for f in ev.results] == [r.id for r in RULES if r.id in PROVIDER_RULE_IDS]
    assert ev.decision == "allowed"
    wrapped = evaluate_provider(provider_only())
    assert wrapped.decision == "allowed"


def test_evaluate_provider_refuses_foreign_registration() -> None:
    p = provider_only()["provider"]
    p["registered_in_prc"] = False
    ev = evaluate_provider(p)
    assert ev.decision == "refused"
    assert [f.rule_id for f in ev.refusals()] == ["SX-3.1-b1"]


def test_birth_date_check_uses_as_of() -> None:
    facts = allowed_project()
    facts["as_of"] = "1980-01-01"  # staff born in the 1980s-90s are "from the future" then
    assert evaluate(facts).get("SX-3.1-b3").status is Status.FAIL


def test_to_dict_round_trips_through_json() -> None:
    d = evaluate(closed_project()).to_dict()
    again = json.loads(json.dumps(d, ensure_ascii=False))
    assert again["decision"] == "allowed"
    assert len(again["results"]) == len(RULES)
    first = again["results"][0]
    assert set(first) >= {"id", "source", "kind", "status", "message", "evidence", "wording"}
    assert RULES_BY_ID[first["id"]].wording == first["wording"]
