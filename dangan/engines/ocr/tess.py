"""Tesseract backend: the Debian ``tesseract`` binary with chi_sim, TSV output via subprocess.

Calling the binary directly (instead of pytesseract) keeps the dependency list short and
lets us pin ``OMP_THREAD_LIMIT`` per call so parallel workers do not oversubscribe cores.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import tempfile
import time
import unicodedata
from pathlib import Path
from typing import Any

from .images import LoadedPage, PageError
from .types import OcrLine, OcrPage

DEFAULTS: dict[str, Any] = {"lang": "chi_sim", "psm": 3, "threads": 1, "timeout": 300}


def tesseract_status(lang: str = "chi_sim") -> str | None:
    """``None`` when tesseract and ``lang`` data are usable, else the reason (Chinese)."""
    binary = shutil.which("tesseract")
    if not binary:
        return "未安装 tesseract（Debian 软件包 tesseract-ocr）"
    try:
        out = subprocess.run(
            [binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"tesseract 无法运行：{exc}"
    langs = {line.strip() for line in (out.stdout + out.stderr).splitlines()}
    missing = [part for part in lang.split("+") if part not in langs]
    if missing:
        return f"tesseract 缺少语言数据 {'+'.join(missing)}（Debian 软件包 tesseract-ocr-chi-sim）"
    return None


def _is_cjk(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def join_words(words: list[str]) -> str:
    """Tesseract separates every Chinese character by a space; keep spaces only between Latin words."""
    out = ""
    for word in words:
        if out and not (_is_cjk(out[-1]) or _is_cjk(word[0])):
            out += " "
        out += word
    return out


class TesseractEngine:
    name = "tesseract"

    def __init__(self, **options: Any) -> None:
        unknown = set(options) - set(DEFAULTS)
        if unknown:
            raise ValueError(f"Tesseract 不支持的参数：{', '.join(sorted(unknown))}")
        self.options = {**DEFAULTS, **{k: v for k, v in options.items() if v is not None}}
        self.options["threads"] = int(self.options["threads"] or 1)
        reason = tesseract_status(self.options["lang"])
        if reason:
            raise RuntimeError(reason)
        self.binary = shutil.which("tesseract") or "tesseract"

    def describe(self) -> str:
        return f"tesseract {self.options['lang']} psm={self.options['psm']}"

    def recognize(self, page: LoadedPage) -> OcrPage:
        from PIL import Image

        started = time.perf_counter()
        env = dict(os.environ)
        env["OMP_THREAD_LIMIT"] = str(self.options["threads"])
        env["OMP_NUM_THREADS"] = str(self.options["threads"])
        with tempfile.TemporaryDirectory(prefix="dangan-tess-") as tmp:
            src = Path(tmp) / "page.png"
            # A lossless copy of the working image; dpi lets tesseract size its heuristics.
            dpi = round((page.dpi or 300) / page.scale)
            Image.fromarray(page.array).save(src, dpi=(dpi, dpi), compress_level=1)
            cmd = [
                self.binary,
                str(src),
                "stdout",
                "-l",
                self.options["lang"],
                "--psm",
                str(self.options["psm"]),
                "tsv",
            ]
            try:
                proc = subprocess.run(
                    cmd, capture_output=True, env=env, timeout=self.options["timeout"], check=False
                )
            except subprocess.TimeoutExpired as exc:
                raise PageError(f"tesseract 超时（{self.options['timeout']} 秒）") from exc
        if proc.returncode != 0:
            raise PageError(f"tesseract 失败：{proc.stderr.decode('utf-8', 'replace').strip()[:200]}")
        result = OcrPage(width=page.width, height=page.height, engine=self.name, dpi=page.dpi)
        result.lines = parse_tsv(proc.stdout.decode("utf-8", "replace"), page.scale)
        result.seconds = time.perf_counter() - started
        return result


def parse_tsv(tsv: str, scale: float = 1.0) -> list[OcrLine]:
    """Group TSV word rows into lines (block, paragraph, line), keeping tesseract's order."""
    groups: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    reader = csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    for row in reader:
        if row.get("level") != "5":
            continue
        text = (row.get("text") or "").strip()
        try:
            conf = float(row.get("conf") or -1)
        except ValueError:
            conf = -1.0
        if not text or conf < 0:
            continue
        key = (row["page_num"], row["block_num"], row["par_num"], row["line_num"])
        left, top = int(row["left"]), int(row["top"])
        right, bottom = left + int(row["width"]), top + int(row["height"])
        g = groups.setdefault(key, {"words": [], "confs": [], "box": [left, top, right, bottom]})
        g["words"].append(text)
        g["confs"].append((conf / 100.0, len(text)))
        b = g["box"]
        g["box"] = [min(b[0], left), min(b[1], top), max(b[2], right), max(b[3], bottom)]
    lines = []
    for g in groups.values():
        x0, y0, x1, y1 = (v * scale for v in g["box"])
        total = sum(n for _, n in g["confs"]) or 1
        conf = sum(c * n for c, n in g["confs"]) / total
        text = join_words(g["words"])
        lines.append(OcrLine(text=text, quad=((x0, y0), (x1, y0), (x1, y1), (x0, y1)), confidence=conf))
    return lines
