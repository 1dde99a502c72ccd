"""The refusals that matter most, through `dangan compliance …` as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from dangan.cli import main

from .factories import allowed_project, provider_only

EXAMPLES = Path(__file__).resolve().parents[4] / "docs" / "examples" / "compliance"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["compliance", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, facts: Any, name: str = "facts.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
    return str(path)


def check_json(capsys: pytest.CaptureFixture[str], path: str, *extra: str) -> tuple[int, dict]:
    code, out, _ = run(capsys, "check", path, "--format", "json", *extra)
    return code, json.loads(out)


def test_allowed_plan_exits_0_with_decision_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", write(tmp_path, allowed_project()))
    assert code == 0
    assert out.splitlines()[0].startswith("合规检查结论：准予")
    for rule_id in ("SX-1", "JG11-2", "SX-3.1-c", "LAW-25", "SX-3.1-b3", "SX-3.2", "LOCAL-FILING"):
        assert any(line.startswith(rule_id + " ") for line in out.splitlines()), rule_id


def test_organ_outsourcing_deposit_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    facts = allowed_project()
    facts["project"]["service_types"] = ["deposit"]
    facts["provider"]["business_scope"] = ["deposit"]
    for group in facts["archive_groups"]:
        group["in_national_archive_scope"] = False  # so that only the organ rule can refuse it
    code, data = check_json(capsys, write(tmp_path, facts))
    assert code == 1
    assert data["decision"] == "refused"
    assert data["refused_by"] == ["JG11-2"]


@pytest.mark.parametrize("service", ["digitization", "organizing", "ocr"])
def test_classified_not_declassified_is_refused(
    service: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    facts = allowed_project()
    facts["project"]["service_types"] = [service]
    facts["provider"]["business_scope"] = [service]
    facts["archive_groups"].append({"name": "2019年机密文件", "classified": True, "declassified": False})
    code, out, _ = run(capsys, "check", write(tmp_path, facts))
    assert code == 1
    assert out.startswith("合规检查结论：拒绝")
    assert "✗ SX-3.1-c" in out and "2019年机密文件" in out


def test_deposit_within_national_archive_scope_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    facts = allowed_project()
    facts["client"]["kind"] = "enterprise"
    facts["project"]["service_types"] = ["deposit"]
    facts["provider"]["business_scope"] = ["deposit"]
    code, data = check_json(capsys, write(tmp_path, facts))
    assert code == 1
    assert data["refused_by"] == ["SX-3.1-d"]


def test_foreign_registered_provider_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    facts = allowed_project()
    facts["provider"]["registered_in_prc"] = False
    code, data = check_json(capsys, write(tmp_path, facts))
    assert code == 1
    assert data["refused_by"] == ["SX-3.1-b1"]


def test_foreign_shareholder_without_exception_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    facts = allowed_project()
    facts["provider"]["shareholders"].append({"name": "Example Holdings Ltd.", "nationality": "US"})
    code, data = check_json(capsys, write(tmp_path, facts))
    assert code == 1
    assert data["refused_by"] == ["SX-3.1-b2"]
    # The same shareholder with a recorded exception and its basis is accepted.
    facts["provider"]["shareholders"][-1]["exception_basis"] = "国家某项规定第X条"
    code, data = check_json(capsys, write(tmp_path, facts))
    assert code == 0
    assert "国家某项规定第X条" in json.dumps(data, ensure_ascii=False)


def test_foreign_staff_without_exception_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    facts = allowed_project()
    facts["provider"]["staff"][1]["nationality"] = "JP"
    code, data = check_json(capsys, write(tmp_path, facts))
    assert code == 1
    assert data["refused_by"] == ["SX-3.1-b2"]


def test_staff_without_valid_id_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    facts = allowed_project()
    facts["provider"]["staff"][0]["id_number"] = "140105198805121230"  # wrong check digit
    code, out, _ = run(capsys, "check", write(tmp_path, facts), "--stage", "staff_assigned")
    assert code == 1
    assert "✗ SX-3.1-b3" in out
    assert "校验位错误" in out
    assert "140105198805121230" not in out  # only the masked number is shown
    assert "140105********1230" in out


def test_staff_without_any_id_is_incomplete(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    facts = allowed_project()
    del facts["provider"]["staff"][0]["id_number"]
    code, data = check_json(capsys, write(tmp_path, facts), "--stage", "staff_assigned")
    assert code == 1
    assert data["decision"] == "incomplete"
    assert data["missing_evidence"] == ["SX-3.1-b3"]


def test_bad_json_exits_2_with_chinese_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"project": {', encoding="utf-8")
    code, out, err = run(capsys, "check", str(path))
    assert code == 2
    assert out == ""
    assert "不是有效的 JSON" in err and "第1行" in err


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", str(tmp_path / "nope.json"))
    assert code == 2
    assert "找不到文件" in err


def test_wrong_types_exit_2_and_name_the_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    facts = allowed_project()
    facts["archive_groups"][0]["classified"] = "false"
    code, out, err = run(capsys, "check", write(tmp_path, facts))
    assert code == 2
    assert out == ""
    assert "archive_groups[…].classified 应为 true 或 false" in err


def test_provider_subcommand(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "provider", write(tmp_path, provider_only()))
    assert code == 0
    assert out.startswith("服务方资格审查结论：准予")
    bad = provider_only()
    bad["provider"]["shareholders"][0]["nationality"] = "US"
    code, out, _ = run(capsys, "provider", write(tmp_path, bad), "--format", "json")
    assert code == 1
    assert json.loads(out)["refused_by"] == ["SX-3.1-b2"]


def test_rules_subcommand_lists_all_rules(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules", "--format", "json")
    assert code == 0
    rules = json.loads(out)["rules"]
    assert len(rules) == 34
    assert rules[0]["id"] == "SX-1" and rules[0]["wording"]


@pytest.mark.parametrize(
    ("name", "code", "decision", "refused_by"),
    [
        ("organ_digitization_allowed.json", 0, "allowed", []),
        ("organ_deposit_refused.json", 1, "refused", ["JG11-2", "SX-3.1-d"]),
        ("foreign_shareholder_refused.json", 1, "refused", ["SX-3.1-b2"]),
    ],
)
def test_documented_examples_give_documented_results(
    name: str, code: int, decision: str, refused_by: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    got, data = check_json(capsys, str(EXAMPLES / name))
    assert (got, data["decision"], data["refused_by"]) == (code, decision, refused_by)
    assert data["input_warnings"] == []


def test_documented_score_example(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "score", str(EXAMPLES / "candidates_score.json"), "--format", "json")
    assert code == 0
    ranking = json.loads(out)["ranking"]
    assert ranking[-1]["eligibility"] == "refused"
    assert [r["rank"] for r in ranking] == [1, 2, 3]


def test_console_script_runs_as_a_module(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "dangan.cli", "compliance", "check", write(tmp_path, allowed_project())],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("合规检查结论：准予")
