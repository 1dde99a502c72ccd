"""Builds small deliveries with planted defects of every code, plus clean items.

``build_delivery(root)`` returns the list of planted defects (code, 档号, page) and the 档号 of
items that must come out clean. Nothing is committed: the tests call this with ``tmp_path``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import struct
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from . import pages as P

FONDS = "Z109"


def no(n: int, org: str = "BGS", year: int = 2011, retention: str = "Y") -> str:
    return f"{FONDS}-WS·{year}-{retention}-{org}-{n:04d}"


@dataclass
class Planted:
    defects: list[tuple[str, str | None, int | None]] = field(default_factory=list)
    clean: list[str] = field(default_factory=list)
    catalog: Path | None = None
    manifest: Path | None = None

    def add(self, code: str, archive_no: str | None, page: int | None = None) -> None:
        self.defects.append((code, archive_no, page))


def _jpeg(im: Image.Image, dpi: int | None = 300, **kw: object) -> bytes:
    return P.encode(im, "JPEG", dpi=dpi, **kw)


def _bomb_jpeg() -> bytes:
    """A valid little JPEG whose frame header claims 60000×60000 pixels."""
    data = bytearray(_jpeg(Image.new("L", (16, 16), 200)))
    i = data.find(b"\xff\xc0")
    struct.pack_into(">HH", data, i + 5, 60000, 60000)
    return bytes(data)


def _page(seed: int) -> Image.Image:
    return P.text_page(seed)


def build_delivery(root: Path) -> Planted:
    """Folder-per-件 JPEG delivery (DA/T 22 档号) with a catalog (xlsx) and a SHA-256 manifest."""
    root.mkdir(parents=True, exist_ok=True)
    out = Planted()
    rows: list[dict[str, str]] = []
    seed = 100

    def item(
        n: int,
        pages: list[bytes | None],
        *,
        names: list[str] | None = None,
        catalog: bool = True,
        org: str = "BGS",
        row: dict[str, str] | None = None,
        catalog_pages: int | None = None,
    ) -> str:
        nonlocal seed
        archive_no = no(n, org)
        folder = root / archive_no
        folder.mkdir()
        for i, data in enumerate(pages, start=1):
            if data is None:
                seed += 1
                data = _jpeg(_page(seed))
            name = names[i - 1] if names else f"{i:03d}.jpg"
            (folder / name).write_bytes(data)
        if catalog:
            r = {
                "档号": archive_no,
                "题名": f"关于第{n}号事项的通知",
                "责任者": "办公室",
                "日期": "20110315",
                "页数": str(catalog_pages if catalog_pages is not None else len(pages)),
                "密级": "",
                "保管期限": "永久",
                "件号": str(n),
                "全宗号": FONDS,
                "年度": "2011",
            }
            r.update(row or {})
            rows.append(r)
        return archive_no

    def fresh() -> Image.Image:
        nonlocal seed
        seed += 1
        return _page(seed)

    out.clean.append(item(1, [None, None, None]))
    out.clean.append(item(2, [None, None], names=[f"{no(2)}-001.jpg", f"{no(2)}_002.jpg"]))
    out.add("IMG_SKEW", item(3, [None, _jpeg(P.skewed(fresh(), 6))]), 2)
    out.add("IMG_BLACK_BORDER", item(4, [_jpeg(P.black_border(fresh(), 12)), None]), 1)
    out.add("IMG_EDGE_CUT", item(5, [None, _jpeg(P.edge_cut(fresh()))]), 2)
    base = fresh()
    out.add("IMG_DUPLICATE", item(6, [_jpeg(base), None, _jpeg(P.rescan(base, 3), quality=80)]), 3)
    out.add("IMG_TOO_DARK", item(7, [None, _jpeg(P.darkened(fresh()))]), 2)
    out.add("IMG_BLUR", item(8, [_jpeg(P.blurred(fresh(), 5)), None]), 1)
    out.add("IMG_BLANK", item(9, [None, _jpeg(P.text_page(9, blank=True)), None]), 2)
    seed += 1
    out.add("IMG_DPI_LOW", item(10, [_jpeg(P.text_page(seed, dpi=150), dpi=150), None]), 1)
    out.add("IMG_DPI_MISSING", item(11, [_jpeg(fresh(), dpi=None), None]), 1)
    out.add("IMG_COLOR_MODE", item(12, [_jpeg(fresh().convert("CMYK")), None]), 1)
    out.add("IMG_UNREADABLE", item(13, [None, _jpeg(fresh())[:30000]]), 2)
    png = P.encode(fresh(), "PNG", dpi=300)
    out.add("IMG_FORMAT", item(14, [None, png], names=["001.jpg", "002.png"]), 2)
    out.add("SEQ_GAP", item(15, [None, None], names=["001.jpg", "003.jpg"]), 2)
    out.add(
        "SEQ_DUPLICATE", item(16, [None, None, None], names=["001.jpg", "002.jpg", f"{no(16)}-002.jpg"]), 2
    )
    out.add(
        "NAME_INVALID", item(17, [None, None, None], names=["001.jpg", "002.jpg", "scan_final.jpg"]), None
    )
    out.add("PAGE_COUNT_MISMATCH", item(18, [None, None, None], catalog_pages=5), None)
    rows.append(
        {
            "档号": no(19),
            "题名": "目录有、图像无",
            "责任者": "办公室",
            "日期": "20110401",
            "页数": "2",
            "密级": "",
            "保管期限": "永久",
            "件号": "19",
            "全宗号": FONDS,
            "年度": "2011",
        }
    )
    out.add("ITEM_NO_IMAGES", no(19))
    out.add("ITEM_ORPHAN", item(1, [None], catalog=False, org="CWK"))
    out.add("CAT_FIELD_MISSING", item(20, [None], row={"题名": ""}))
    out.add("CAT_FIELD_INVALID", item(21, [None], row={"日期": "20111341"}))
    out.add("CAT_FIELD_INVALID", item(22, [None], row={"保管期限": "D5"}))
    out.add("CAT_CLASSIFIED", item(23, [None], row={"密级": "机密★10年"}))
    out.add("CAT_ARCHIVE_NO_INVALID", item(24, [None], row={"年度": "2012"}))
    rows.append(
        {
            "档号": "Z109-WS2011-BGS-25",
            "题名": "档号写错",
            "责任者": "办公室",
            "日期": "20110401",
            "页数": "1",
            "密级": "",
            "保管期限": "永久",
            "件号": "25",
            "全宗号": FONDS,
            "年度": "2011",
        }
    )
    out.add("CAT_ARCHIVE_NO_INVALID", "Z109-WS2011-BGS-25")
    dup = item(26, [None])
    rows.append(dict(rows[-1]))
    out.add("CAT_ARCHIVE_NO_DUPLICATE", dup)
    out.add("CAT_ITEM_NO_GAP", item(28, [None]))  # 件号 27 is missing from the class
    fixity_missing = item(29, [None])
    fixity_bad = item(30, [None])
    out.add("FIXITY_MISSING", fixity_missing, 1)
    out.add("FIXITY_MISMATCH", fixity_bad, 1)
    # A multi-page TIFF named by 档号 in a JPEG batch: two master formats.
    frames = [fresh(), fresh()]
    buf = io.BytesIO()
    frames[0].save(
        buf, "TIFF", save_all=True, append_images=frames[1:], dpi=(300, 300), compression="tiff_lzw"
    )
    (root / f"{no(31)}.tif").write_bytes(buf.getvalue())
    rows.append(
        {
            "档号": no(31),
            "题名": "多页 TIFF",
            "责任者": "办公室",
            "日期": "20110401",
            "页数": "2",
            "密级": "",
            "保管期限": "永久",
            "件号": "31",
            "全宗号": FONDS,
            "年度": "2011",
        }
    )
    out.add("IMG_FORMAT_MIXED", no(31))
    out.add("IMG_UNREADABLE", item(32, [_bomb_jpeg(), None]), 1)
    out.clean.extend([item(33, [None, None]), item(34, [None, None, None])])
    # Foreign files, one of them a link to a file outside the delivery.
    (root / no(1) / "Thumbs.db").write_bytes(b"\x00" * 64)
    (root / "setup.exe").write_bytes(b"MZ" + b"\x00" * 64)
    os.symlink("/etc/hostname", root / "link.jpg")
    out.add("FILE_FOREIGN", None)

    catalog = root / "归档文件目录.csv"
    with catalog.open("w", encoding="gb18030", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    out.catalog = catalog
    manifest = root / "checksums.sha256"
    lines = []
    for p in sorted(root.rglob("*")):
        if p.is_symlink() or not p.is_file() or p in (catalog, manifest):
            continue
        rel = p.relative_to(root).as_posix()
        if rel.startswith(fixity_missing + "/"):
            continue
        digest = hashlib.sha256(p.read_bytes()).hexdigest()
        if rel.startswith(fixity_bad + "/"):
            digest = "0" * 64
        lines.append(f"{digest}  {rel}")
    manifest.write_text("\n".join(lines) + "\n", "utf-8")
    out.manifest = manifest
    return out


def build_pdf_delivery(root: Path) -> Planted:
    """One multi-page PDF per 件 (DA/T 13 item numbers), catalog as xlsx with a title row, SM3 manifest."""
    from openpyxl import Workbook

    root.mkdir(parents=True, exist_ok=True)
    out = Planted()
    wb = Workbook()
    ws = wb.active
    ws.append(["归档文件目录"])
    ws.append(["档号", "题名", "责任者", "日期", "页数", "保管期限", "密级"])
    seed = 500
    for n in range(1, 5):
        archive_no = f"A439-WS·2015·D30·003-{n:03d}"
        pages = []
        for _ in range(2):
            seed += 1
            pages.append(_page(seed).convert("RGB"))
        if n == 3:
            pages[1] = P.skewed(P.text_page(seed + 50), 7).convert("RGB")
            out.add("IMG_SKEW", archive_no, 2)
        else:
            out.clean.append(archive_no)
        buf = io.BytesIO()
        pages[0].save(buf, "PDF", save_all=True, append_images=pages[1:], resolution=300)
        (root / f"{archive_no}.pdf").write_bytes(buf.getvalue())
        ws.append([archive_no, f"第{n}件", "办公室", 20150601, 2, "D30", ""])
    catalog = root / "目录.xlsx"
    wb.save(catalog)
    out.catalog = catalog
    manifest = root / "manifest.sm3"
    lines = [
        f"{hashlib.new('sm3', p.read_bytes()).hexdigest()}  {p.name}" for p in sorted(root.glob("*.pdf"))
    ]
    manifest.write_text("\n".join(lines) + "\n", "utf-8")
    out.manifest = manifest
    return out
