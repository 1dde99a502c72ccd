"""The `dangan qc` commands as a user runs them: exit codes, report files, sample and review."""

from __future__ import annotations

import json
import re

import pytest
from openpyxl import load_workbook

from dangan.cli import main
from dangan.engines.qc.codes import CODES

from .conftest import make_clean_delivery


def test_clean_delivery_passes_with_exit_0(clean_delivery, tmp_path, capsys):
    out = tmp_path / "r.json"
    assert main(["qc", "check", str(clean_delivery), "--no-cache", "-o", str(out), "--workers", "2"]) == 0
    data = json.loads(out.read_text("utf-8"))
    assert data["schema"] == "dangan.qc.report/1"
    assert data["findings"] == []
    assert data["summary"]["verdict"] == {
        "rule": "DAT31-12",
        "machine_check": "pass",
        "blocking": 0,
        "message": data["summary"]["verdict"]["message"],
    }
    assert data["summary"]["catalog"] == "目录.csv"  # found without --catalog
    assert data["summary"]["counts"]["pages"] == 6


def test_defects_exit_1_with_json_on_stdout(defect_delivery, capsys):
    root, planted, _ = defect_delivery
    code = main(
        [
            "qc",
            "check",
            str(root),
            "--catalog",
            str(planted.catalog),
            "--manifest",
            str(planted.manifest),
            "--no-cache",
            "-q",
        ]
    )
    assert code == 1
    data = json.loads(capsys.readouterr().out)
    finding = data["findings"][0]
    assert {"code", "severity", "rule", "archive_no", "file", "page", "message"} <= set(finding)


def test_cannot_run_exits_2(tmp_path, capsys):
    assert main(["qc", "check", str(tmp_path / "missing")]) == 2
    assert "交付目录不存在" in capsys.readouterr().err
    (tmp_path / "d").mkdir()
    (tmp_path / "bad.csv").write_text("a,b\n1,2\n", "utf-8")
    assert main(["qc", "check", str(tmp_path / "d"), "--catalog", str(tmp_path / "bad.csv")]) == 2
    assert main(["qc", "check", str(tmp_path / "d"), "--profile", "no-such-profile"]) == 2


def test_html_report_is_self_contained_with_thumbnails(defect_delivery, tmp_path):
    root, planted, _ = defect_delivery
    out = tmp_path / "r.html"
    main(
        [
            "qc",
            "check",
            str(root),
            "--catalog",
            str(planted.catalog),
            "--no-cache",
            "-q",
            "--format",
            "html",
            "-o",
            str(out),
        ]
    )
    text = out.read_text("utf-8")
    assert "data:image/jpeg;base64," in text
    assert not re.search(r"""(src|href)=['"]?(https?:)?//""", text)
    assert "IMG_SKEW" in text and "Z109-WS·2011-Y-BGS-0003" in text


def test_xlsx_report_has_review_columns(defect_delivery, tmp_path):
    root, planted, report = defect_delivery
    out = tmp_path / "r.xlsx"
    main(
        [
            "qc",
            "check",
            str(root),
            "--catalog",
            str(planted.catalog),
            "--manifest",
            str(planted.manifest),
            "--no-cache",
            "-q",
            "--format",
            "xlsx",
            "-o",
            str(out),
        ]
    )
    ws = load_workbook(out)["问题清单"]
    header = [c.value for c in ws[1]]
    assert header[:9] == ["序号", "代码", "问题", "严重程度", "规则", "档号", "文件", "页", "说明"]
    assert "复核结论" in header and "复核意见" in header
    assert ws.max_row == len(report.findings) + 1


def _fill(sheet, verdicts):
    wb = load_workbook(sheet)
    ws = wb["抽检"]
    header = [c.value for c in ws[1]]
    cols = [header.index(n) + 1 for n in ("目录与图像对应", "图像质量", "完整与排序", "命名与格式")]
    for r in range(2, ws.max_row + 1):
        for j, col in enumerate(cols):
            ws.cell(row=r, column=col, value=verdicts(r, j))
    wb.save(sheet)


def test_sample_then_review_import(tmp_path, capsys):
    root = make_clean_delivery(tmp_path / "big", items=40, pages=1, tiny=True)
    sheet = tmp_path / "s.xlsx"
    assert main(["qc", "sample", str(root), "--seed", "7", "-o", str(sheet)]) == 0
    rows = list(load_workbook(sheet)["抽检"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 2  # ceil(5 % of 40)
    again = tmp_path / "s2.xlsx"
    main(["qc", "sample", str(root), "--seed", "7", "-o", str(again)])
    assert [r[1] for r in load_workbook(again)["抽检"].iter_rows(min_row=2, values_only=True)] == [
        r[1] for r in rows
    ]

    assert main(["qc", "review-import", str(sheet)]) == 2  # not filled in yet
    _fill(sheet, lambda r, j: "合格")
    assert main(["qc", "review-import", str(sheet), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["verdict"] == "pass" and result["correspondence_rate"] == 1.0
    _fill(sheet, lambda r, j: "不合格" if (r, j) == (2, 0) else "合格")
    assert main(["qc", "review-import", str(sheet)]) == 1
    assert "对应准确率 50.0%" in capsys.readouterr().out


def test_codes_lists_rule_ids(capsys):
    assert main(["qc", "codes", "--profile", "ocr"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"CAT_CLASSIFIED\s+SX-3\.1-c", out)
    assert re.search(r"IMG_BLUR\s+DAT31-10\s+error", out)  # the ocr profile makes blur blocking


def test_json_report_matches_the_published_schema(defect_delivery):
    import importlib.resources

    jsonschema = pytest.importorskip("jsonschema")
    _, _, report = defect_delivery
    schema = json.loads(
        importlib.resources.files("dangan.engines.qc").joinpath("report_schema.json").read_text()
    )
    jsonschema.validate(json.loads(report.to_json(thumbnails=True)), schema)
    assert set(report.summary["by_code"]) <= set(CODES)
