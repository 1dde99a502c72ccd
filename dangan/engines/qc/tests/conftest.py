from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dangan.engines.qc import CheckOptions, run_check

from . import pages as P
from .generator import build_delivery, build_pdf_delivery, no


@pytest.fixture(scope="session")
def defect_delivery(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("qc") / "交付"
    planted = build_delivery(root)
    report = run_check(
        CheckOptions(root, catalog=planted.catalog, manifest=planted.manifest, workers=2, use_cache=False)
    )
    return root, planted, report


@pytest.fixture(scope="session")
def pdf_delivery(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("qcpdf") / "交付"
    planted = build_pdf_delivery(root)
    profile = root.parent / "pdf-ok.toml"
    profile.write_text(
        'name = "PDF 交付"\nextends = "DA/T 31-2017"\n[formats]\nallowed = ["PDF"]\ntolerated = []\n', "utf-8"
    )
    report = run_check(
        CheckOptions(
            root,
            catalog=planted.catalog,
            manifest=planted.manifest,
            profile=profile,
            workers=2,
            use_cache=False,
        )
    )
    return root, planted, report


def make_clean_delivery(
    root: Path, items: int = 3, pages: int = 2, year: int = 2011, tiny: bool = False
) -> Path:
    """A delivery with nothing wrong in it: must pass with exit code 0 and no finding at all.

    ``tiny`` writes placeholder images, for tests (sampling) that never decode them.
    """
    root.mkdir(parents=True)
    rows = []
    seed = 9000 + year
    for n in range(1, items + 1):
        archive_no = no(n, year=year)
        (root / archive_no).mkdir()
        for p in range(1, pages + 1):
            seed += 1
            page = P.text_page(seed, size_mm=(5, 5)) if tiny else P.text_page(seed)
            (root / archive_no / f"{p:03d}.jpg").write_bytes(P.encode(page))
        rows.append([archive_no, f"第{n}件", "办公室", f"{year}0102", str(pages), "永久", str(n)])
    with (root / "目录.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["档号", "题名", "责任者", "日期", "页数", "保管期限", "件号"])
        w.writerows(rows)
    return root


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One result cache for the CLI tests that re-check the same delivery in several formats."""
    return tmp_path_factory.mktemp("qccache")


@pytest.fixture(scope="session")
def clean_delivery(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_clean_delivery(tmp_path_factory.mktemp("qcclean") / "clean")
