from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from PIL import Image

from dangan.cli import main
from dangan.engines.ocr.runner import STATE_DIR, discover, run_batch
from dangan.engines.ocr.synth import render_lines

FAKE = "dangan.engines.ocr.tests.fakes:CrashingEngine"


def _img(path, color=255, size=(64, 48)):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("L", size, color).save(path)
    return path


@pytest.fixture
def tree(tmp_path):
    src = tmp_path / "in"
    _img(src / "A001" / "0002.png", 200)
    _img(src / "A001" / "0010.png", 201)
    _img(src / "A001" / "0001.png", 202)
    _img(src / "A002" / "0001.png", 203)
    return src


def test_discover_one_item_per_folder_pages_in_natural_order(tree):
    items = discover([tree])
    assert [i.name for i in items] == ["in/A001", "in/A002"]
    assert [p.path.name for p in items[0].pages] == ["0001.png", "0002.png", "0010.png"]


def test_inline_run_writes_text_per_page_and_resumes(tree, tmp_path):
    out = tmp_path / "out"
    opts = {"marker_dir": str(tmp_path)}
    first = run_batch([tree], out, engine=FAKE, formats={"txt", "json"}, workers=0, engine_options=opts)
    assert (first.pages, first.recognised, first.reused, first.failed) == (4, 4, 0, {})
    assert (out / "in/A001/0010.txt").read_text("utf-8") == "0010\n"
    assert json.loads((out / "in/A002/0001.json").read_text("utf-8"))["lines"][0]["text"] == "0001"
    second = run_batch([tree], out, engine=FAKE, formats={"txt"}, workers=0, engine_options=opts)
    assert (second.recognised, second.reused) == (0, 4)
    assert (tmp_path / "calls-0010.png").read_text() == "x"  # not recognised again


def test_duplicate_image_is_recognised_once(tmp_path):
    src = tmp_path / "in"
    _img(src / "B" / "0001.png", 99)
    shutil.copy(src / "B" / "0001.png", src / "B" / "0002.png")
    report = run_batch(
        [src], tmp_path / "out", engine=FAKE, workers=0, engine_options={"marker_dir": str(tmp_path)}
    )
    assert (report.pages, report.recognised) == (2, 1)
    assert (tmp_path / "out/in/B/0002.txt").exists()


def test_unreadable_page_is_reported_and_the_rest_goes_on(tree, tmp_path):
    (tree / "A002" / "0002.jpg").write_bytes(b"broken")
    report = run_batch(
        [tree],
        tmp_path / "out",
        engine=FAKE,
        formats={"txt", "pdf"},
        workers=0,
        engine_options={"marker_dir": str(tmp_path)},
    )
    assert list(report.failed) == ["in/A002/0002.jpg"]
    assert "无法读取图像" in report.failed["in/A002/0002.jpg"]
    assert report.recognised == 4
    assert (tmp_path / "out/in/A001.pdf").exists()
    assert not (tmp_path / "out/in/A002.pdf").exists() and report.skipped_pdfs == ["in/A002"]
    manifest = json.loads((tmp_path / "out" / STATE_DIR / "manifest.json").read_text("utf-8"))
    statuses = [p["status"] for item in manifest["items"] for p in item["pages"]]
    assert statuses.count("failed") == 1 and statuses.count("done") == 4


def test_crashed_worker_page_is_retried_and_a_killer_page_is_isolated(tmp_path):
    src = tmp_path / "in"
    for i, name in enumerate(["p1", "crash-once", "p3", "crash-always", "p5", "p6"]):
        _img(src / "C" / f"{i:02d}-{name}.png", 10 + i)
    report = run_batch(
        [src], tmp_path / "out", engine=FAKE, workers=2, engine_options={"marker_dir": str(tmp_path)}
    )
    assert list(report.failed) == ["in/C/03-crash-always.png"]
    assert report.recognised == 5
    texts = sorted(p.read_text("utf-8").strip() for p in (tmp_path / "out/in/C").glob("*.txt"))
    assert texts == ["00-p1", "01-crash-once", "02-p3", "04-p5", "05-p6"]
    # Every healthy page succeeded once; the state holds exactly one result per page.
    assert len(list((tmp_path / "out" / STATE_DIR / "pages").glob("*.json"))) == 5


def test_cli_run_with_rapidocr_writes_searchable_pdf_and_evaluate_scores_it(tmp_path, capsys):
    lines = ["档案数字化外包安全管理", "全文识别结果与图像一一对应"]
    src = tmp_path / "in" / "D001"
    src.mkdir(parents=True)
    render_lines(lines, size_px=36).save(src / "0001.png", dpi=(300, 300))
    out = tmp_path / "out"
    rc = main(
        [
            "ocr",
            "run",
            str(tmp_path / "in"),
            "-o",
            str(out),
            "-f",
            "txt,pdf",
            "--workers",
            "0",
            "--no-progress",
        ]
    )
    assert rc == 0
    assert "共 1 件 1 页" in capsys.readouterr().out
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(out / "in/D001.pdf"), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "档案数字化外包安全管理" in text.replace(" ", "")
    truth = tmp_path / "truth" / "in" / "D001"
    truth.mkdir(parents=True)
    (truth / "0001.txt").write_text("\n".join(lines), "utf-8")
    assert main(["ocr", "evaluate", str(out), str(tmp_path / "truth"), "--json", "--max-cer", "0.05"]) == 0
    summary = json.loads(capsys.readouterr().out)["summary"]
    assert summary["files"] == 1 and summary["cer"] <= 0.05
    (truth / "0001.txt").write_text("完全不同的标准文本内容", "utf-8")
    assert main(["ocr", "evaluate", str(out), str(tmp_path / "truth"), "--max-cer", "0.05"]) == 1


def test_cli_rejects_unknown_engine_and_format(tmp_path, capsys):
    _img(tmp_path / "x.png")
    assert (
        main(
            [
                "ocr",
                "run",
                str(tmp_path / "x.png"),
                "-o",
                str(tmp_path / "o"),
                "--engine",
                "nope",
                "--workers",
                "0",
                "--no-progress",
            ]
        )
        == 2
    )
    assert "未知的识别引擎" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["ocr", "run", str(tmp_path / "x.png"), "-f", "docx"])
