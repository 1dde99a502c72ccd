"""Cross-file checks run after every file is analysed: formats per batch, page sequences, near-duplicate
pages, fixity, catalog ↔ image linking; and the item list the report and the sampler use."""

from __future__ import annotations

import base64
from collections import defaultdict
from pathlib import Path
from typing import Any

from .analysis import correlation_matrix
from .archive_no import ArchiveNoParser
from .catalog import Catalog
from .findings import Finding, FindingFactory
from .fixity import Manifest
from .layout import EXT_FORMAT, ImageFile
from .profile import Profile
from .report import ItemSummary


def _display(f: ImageFile, rows_by_key: dict) -> str | None:
    row = rows_by_key.get(f.key) if f.key else None
    return row.display_no if row else f.name_no


def assemble(
    images: list[ImageFile],
    results: dict[str, dict[str, Any]],
    rows_by_key: dict,
    manifest: Manifest | None,
    manifest_path: Path | None,
    root: Path,
    profile: Profile,
    ff: FindingFactory,
) -> list[Finding]:
    out: list[Finding] = []
    formats = profile.section("formats")
    allowed = list(formats.get("allowed", []))
    tolerated = list(formats.get("tolerated", []))
    content = profile.section("content")
    per_item: dict[str, list[tuple[int | None, ImageFile, dict[str, Any] | None]]] = defaultdict(list)
    format_count: dict[str, list[ImageFile]] = defaultdict(list)

    for f in images:
        res = results.get(f.rel, {})
        no = _display(f, rows_by_key)
        if not f.name_ok:
            if f.key:
                msg = (
                    f"文件名「{Path(f.rel).name}」不符合“档号+页序号”或“页序号”的命名规则"
                    f"（所在文件夹：{f.name_no}）"
                )
            else:
                msg = f"文件名「{Path(f.rel).name}」中无法识别档号（应以档号为基础命名）"
            out.append(ff("NAME_INVALID", msg, archive_no=no, file=f.rel))
        fmt = res.get("format")
        ext_fmt = EXT_FORMAT.get(Path(f.rel).suffix.lower())
        page_base = f.serial
        if res.get("error"):
            out.append(ff("IMG_UNREADABLE", res["error"], archive_no=no, file=f.rel, page=page_base))
        if fmt and ext_fmt and fmt != ext_fmt:
            out.append(
                ff(
                    "IMG_FORMAT",
                    f"扩展名为 {ext_fmt}，实际格式为 {fmt}",
                    archive_no=no,
                    file=f.rel,
                    page=page_base,
                    format=fmt,
                )
            )
        if fmt and fmt not in allowed:
            if fmt in tolerated:
                finding = ff(
                    "IMG_FORMAT",
                    f"{fmt} 只宜作利用格式，长期保存格式应为 {'/'.join(allowed)}",
                    archive_no=no,
                    file=f.rel,
                    page=page_base,
                    format=fmt,
                )
                finding.severity = "warning"
                out.append(finding)
            else:
                out.append(
                    ff(
                        "IMG_FORMAT",
                        f"存储格式 {fmt} 不在允许范围（{'/'.join(allowed)}）内",
                        archive_no=no,
                        file=f.rel,
                        page=page_base,
                        format=fmt,
                    )
                )
        if fmt in allowed:
            format_count[fmt].append(f)
        pages = res.get("pages") or []
        for p in pages:
            page_no = p["index"] if f.serial is None else f.serial
            for issue in p.get("issues", []):
                out.append(
                    ff(
                        issue["code"],
                        issue["message"],
                        archive_no=no,
                        file=f.rel,
                        page=page_no,
                        **issue.get("details", {}),
                    )
                )
        if f.key:
            if f.serial is not None or not pages:
                per_item[f.key].append((f.serial, f, pages[0] if pages else None))
            else:
                for p in pages:
                    per_item[f.key].append((None, f, p))

    if formats.get("single_format_per_batch", True) and len(format_count) > 1:
        main_fmt = max(format_count, key=lambda k: len(format_count[k]))
        summary = "、".join(f"{k} {len(v)} 个" for k, v in sorted(format_count.items()))
        for fmt, files in sorted(format_count.items()):
            if fmt == main_fmt:
                continue
            for f in files:
                out.append(
                    ff(
                        "IMG_FORMAT_MIXED",
                        f"本批次主要格式为 {main_fmt}，此文件为 {fmt}（{summary}）",
                        archive_no=_display(f, rows_by_key),
                        file=f.rel,
                        page=f.serial,
                        format=fmt,
                        batch=main_fmt,
                    )
                )

    dup_thr = float(content.get("duplicate_min_correlation", 0.95))
    for key, entries in sorted(per_item.items()):
        no = rows_by_key[key].display_no if key in rows_by_key else entries[0][1].name_no
        out.extend(_sequence(key, no, entries, ff))
        out.extend(_duplicates(no, entries, dup_thr, ff))

    if manifest is not None:
        out.extend(_fixity(images, results, manifest, manifest_path, root, rows_by_key, ff))
    return out


def _sequence(key: str, no: str | None, entries: list, ff: FindingFactory) -> list[Finding]:
    out: list[Finding] = []
    serials: dict[int, ImageFile] = {}
    for serial, f, _ in entries:
        if serial is None:
            continue
        if serial in serials:
            out.append(
                ff(
                    "SEQ_DUPLICATE",
                    f"页序号 {serial} 重复（另见 {serials[serial].rel}）",
                    archive_no=no,
                    file=f.rel,
                    page=serial,
                    other=serials[serial].rel,
                )
            )
        else:
            serials[serial] = f
    if serials:
        missing = [n for n in range(1, max(serials) + 1) if n not in serials]
        for n in missing:
            out.append(ff("SEQ_GAP", f"缺少第 {n} 页（页序号不连续）", archive_no=no, page=n))
    return out


def _duplicates(no: str | None, entries: list, thr: float, ff: FindingFactory) -> list[Finding]:
    cands = [(s, f, p) for s, f, p in entries if p and p.get("vec") and not p.get("blank")]
    if len(cands) < 2:
        return []
    m = correlation_matrix([base64.b64decode(p["vec"]) for _, _, p in cands])
    out: list[Finding] = []
    for j in range(1, len(cands)):
        i = int(m[j, :j].argmax())
        if m[j, i] >= thr:
            sj, fj, pj = cands[j]
            si, fi, pi = cands[i]
            page_j = sj if sj is not None else pj["index"]
            page_i = si if si is not None else pi["index"]
            out.append(
                ff(
                    "IMG_DUPLICATE",
                    f"第 {page_j} 页与第 {page_i} 页内容相同（相关系数 {m[j, i]:.3f}）",
                    archive_no=no,
                    file=fj.rel,
                    page=page_j,
                    same_as_page=page_i,
                    same_as_file=fi.rel,
                    correlation=round(float(m[j, i]), 4),
                )
            )
    return out


def _fixity(images, results, manifest: Manifest, manifest_path, root: Path, rows_by_key, ff) -> list[Finding]:
    out: list[Finding] = []
    prefix = ""
    if manifest_path is not None:
        try:
            rel_dir = manifest_path.resolve().parent.relative_to(root).as_posix()
            prefix = "" if rel_dir == "." else rel_dir + "/"
        except ValueError:
            prefix = ""
    expected = {}
    for p, h in manifest.entries.items():
        expected[p if (root / p).exists() or not prefix else prefix + p] = h
    seen = set()
    for f in images:
        no = _display(f, rows_by_key)
        want = expected.get(f.rel)
        if want is None:
            out.append(
                ff(
                    "FIXITY_MISSING",
                    f"校验清单 {manifest.source} 中没有此文件的校验值",
                    archive_no=no,
                    file=f.rel,
                    page=f.serial,
                )
            )
            continue
        seen.add(f.rel)
        got = results.get(f.rel, {}).get("hashes", {})
        if not got:
            continue
        if not any(got.get(a) == want for a in manifest.algorithms):
            algo = "/".join(a.upper() for a in manifest.algorithms)
            out.append(
                ff(
                    "FIXITY_MISMATCH",
                    f"{algo} 校验值与清单不一致，文件可能被改动或损坏",
                    archive_no=no,
                    file=f.rel,
                    page=f.serial,
                    expected=want,
                    actual={a: got.get(a) for a in manifest.algorithms},
                )
            )
    for p in sorted(set(expected) - seen):
        if not (root / p).exists():
            out.append(ff("FIXITY_MISSING", f"校验清单列出的文件「{p}」在交付中不存在", file=p))
    return out


def item_summaries(
    images, results, rows_by_key, catalog: Catalog | None, parser: ArchiveNoParser
) -> list[ItemSummary]:
    acc: dict[str, ItemSummary] = {}
    for f in images:
        if not f.key:
            continue
        res = results.get(f.rel, {})
        n = 1 if f.serial is not None else len(res.get("pages") or [])
        item = acc.get(f.key)
        if item is None:
            row = rows_by_key.get(f.key)
            parsed = parser.parse(f.key)
            item = ItemSummary(
                key=f.key,
                archive_no=row.display_no if row else (f.name_no or f.key),
                pages=0,
                files=[],
                in_catalog=row is not None,
            )
            if row:
                item.title = row.values.get("title", "")
            item.year = (parsed.year if parsed else None) or ""
            item.group = parsed.class_key if parsed else ""
            acc[f.key] = item
        item.pages += n
        item.files.append(f.rel)
        if f.serial is None and res.get("error"):
            item.pages_known = False
    if catalog is not None:
        for row in catalog.rows:
            if row.key and row.key not in acc:
                parsed = parser.parse(row.key)
                acc[row.key] = ItemSummary(
                    key=row.key,
                    archive_no=row.display_no or row.key,
                    pages=0,
                    files=[],
                    in_catalog=True,
                    title=row.values.get("title", ""),
                    year=(parsed.year if parsed else None) or row.values.get("year", ""),
                    group=parsed.class_key if parsed else "",
                )
    return sorted(acc.values(), key=lambda i: i.key)


def link_catalog(
    items: list[ItemSummary], rows_by_key: dict, catalog: Catalog, ff: FindingFactory
) -> list[Finding]:
    out: list[Finding] = []
    for item in items:
        row = rows_by_key.get(item.key)
        if row is None:
            out.append(
                ff(
                    "ITEM_ORPHAN",
                    f"图像对应的档号「{item.archive_no}」不在目录 {catalog.source} 中",
                    archive_no=item.archive_no,
                    file=item.files[0] if item.files else None,
                )
            )
            continue
        if not item.files:
            out.append(
                ff(
                    "ITEM_NO_IMAGES",
                    f"目录第 {row.line} 行「{item.archive_no}」没有对应的图像",
                    archive_no=item.archive_no,
                    file=catalog.source,
                    row=row.line,
                )
            )
            continue
        pages = row.values.get("pages", "")
        if pages.isdigit() and item.pages_known and int(pages) != item.pages:
            out.append(
                ff(
                    "PAGE_COUNT_MISMATCH",
                    f"目录页数 {pages}，实有图像 {item.pages} 页",
                    archive_no=item.archive_no,
                    file=item.files[0],
                    catalog_pages=int(pages),
                    image_pages=item.pages,
                )
            )
    return out


def attach_thumbnails(findings: list[Finding], images: list[ImageFile], results: dict) -> None:
    thumbs: dict[tuple[str, int], str] = {}
    for f in images:
        for p in results.get(f.rel, {}).get("pages") or []:
            if p.get("thumb"):
                thumbs[(f.rel, p["index"] if f.serial is None else f.serial)] = p["thumb"]
    for finding in findings:
        if finding.file and finding.page is not None:
            finding.thumbnail = thumbs.get((finding.file, finding.page))
