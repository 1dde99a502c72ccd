"""Orchestration: catalog, layout, parallel per-file analysis (cached), cross-file checks, report."""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .archive_no import ArchiveNoParser, canonical
from .catalog import Catalog, CatalogError, check_catalog, read_catalog
from .findings import Finding, FindingFactory
from .fixity import MANIFEST_NAMES, Manifest, ManifestError, read_manifest
from .layout import EXT_FORMAT, ImageFile, scan_delivery
from .profile import Profile, ProfileError, load_profile
from .report import ItemSummary, Report, summarise

ProgressFn = Callable[[int, int], None]


class QCError(RuntimeError):
    """The check could not run (exit code 2)."""


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "dangan" / "qc"


@dataclass
class CheckOptions:
    delivery: str | Path
    catalog: str | Path | None = None
    manifest: str | Path | None = None
    manifest_algorithm: str | None = None
    profile: str | Path | Profile | None = None
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    cache_dir: str | Path | None = None
    use_cache: bool = True
    column_map: dict[str, str] = field(default_factory=dict)
    auto_detect: bool = True
    thumbnails: bool = True
    on_progress: ProgressFn | None = None


def _autodetect(root: Path) -> tuple[Path | None, Path | None]:
    catalogs, manifests = [], []
    for p in sorted(root.iterdir()):
        if not p.is_file() or p.is_symlink():
            continue
        suf = p.suffix.lower()
        if suf in (".xlsx", ".csv"):
            catalogs.append(p)
        elif suf in (".md5", ".sha256", ".sm3", ".sha1") or (suf == ".txt" and MANIFEST_NAMES.search(p.stem)):
            manifests.append(p)
    catalog = None
    if len(catalogs) == 1:
        catalog = catalogs[0]
    else:
        named = [p for p in catalogs if re.search(r"(目录|catalog)", p.stem, re.IGNORECASE)]
        catalog = named[0] if len(named) == 1 else None
    return catalog, (manifests[0] if len(manifests) == 1 else None)


def _run_tasks(tasks: list[dict[str, Any]], workers: int, progress: Callable[[dict[str, Any]], None]) -> None:
    from .imaging import analyse_file

    if workers <= 0:
        worker_init_local()
        for task in tasks:
            progress(analyse_file(task))
        return
    pending = list(tasks)
    while pending:
        remaining = _run_pool(pending, workers, progress)
        if not remaining:
            return
        # A worker died (a decoder crashed on a hostile file): isolate each unfinished file.
        for task in remaining:
            if _run_pool([task], 1, progress):
                progress(
                    {
                        "rel": task["rel"],
                        "error": "解码进程异常退出（文件可能被恶意构造）",
                        "pages": [],
                        "format": None,
                        "hashes": {},
                    }
                )
        return


def worker_init_local() -> None:
    import cv2
    from PIL import Image

    cv2.setNumThreads(1)
    Image.core.set_blocks_max(8)


def _run_pool(
    tasks: list[dict[str, Any]], workers: int, progress: Callable[[dict[str, Any]], None]
) -> list[dict]:
    from .imaging import analyse_file, worker_init

    done_rel: set[str] = set()
    pool = ProcessPoolExecutor(max_workers=workers, initializer=worker_init)
    futures: dict[Future, dict[str, Any]] = {}
    try:
        it = iter(tasks)
        # Keep a bounded window in flight so a huge delivery does not queue every path at once.
        window = workers * 4
        for task in it:
            futures[pool.submit(analyse_file, task)] = task
            if len(futures) >= window:
                break
        while futures:
            done, _ = wait(futures, return_when=FIRST_COMPLETED)
            for fut in done:
                task = futures.pop(fut)
                progress(fut.result())
                done_rel.add(task["rel"])
                nxt = next(it, None)
                if nxt is not None:
                    futures[pool.submit(analyse_file, nxt)] = nxt
    except BrokenProcessPool:
        pool.shutdown(wait=False, cancel_futures=True)
        return [t for t in tasks if t["rel"] not in done_rel]
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return []


def run_check(options: CheckOptions) -> Report:
    started = time.perf_counter()
    started_at = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    root = Path(options.delivery)
    if not root.is_dir():
        raise QCError(f"交付目录不存在或不是文件夹：{root}")
    root = root.resolve()
    try:
        profile = options.profile if isinstance(options.profile, Profile) else load_profile(options.profile)
    except ProfileError as exc:
        raise QCError(str(exc)) from exc
    ff = FindingFactory(profile.severity)
    parser = ArchiveNoParser(profile.get("archive_no", "patterns") or None)
    catalog_path = Path(options.catalog) if options.catalog else None
    manifest_path = Path(options.manifest) if options.manifest else None
    if options.auto_detect:
        auto_cat, auto_man = _autodetect(root)
        catalog_path = catalog_path or auto_cat
        manifest_path = manifest_path or auto_man

    findings: list[Finding] = []
    catalog: Catalog | None = None
    if catalog_path is not None:
        try:
            catalog = read_catalog(
                catalog_path, profile.section("catalog").get("columns", {}), options.column_map
            )
        except (CatalogError, OSError) as exc:
            raise QCError(str(exc)) from exc
        findings.extend(check_catalog(catalog, profile, parser, ff))
    manifest: Manifest | None = None
    if manifest_path is not None:
        try:
            manifest = read_manifest(manifest_path, options.manifest_algorithm)
        except ManifestError as exc:
            raise QCError(str(exc)) from exc
    elif profile.get("fixity", "required", False):
        findings.append(ff("FIXITY_MISSING", "交付中没有校验清单（MD5/SHA-256/SM3）"))

    rows_by_key = catalog.by_key() if catalog else {}
    exclude = {p for p in (catalog_path, manifest_path) if p is not None}
    layout = scan_delivery(root, profile, parser, ff, exclude=exclude, catalog_keys=set(rows_by_key))
    findings.extend(layout.findings)

    params = profile.image_params()
    digest = profile.image_params_digest()
    cache_dir = None
    if options.use_cache:
        cache_dir = str(Path(options.cache_dir) if options.cache_dir else default_cache_dir())
    tasks = [
        {
            "path": f.path,
            "rel": f.rel,
            "params": params,
            "digest": digest,
            "cache_dir": cache_dir,
            "hashes": list(manifest.algorithms) if manifest else [],
        }
        for f in layout.images
    ]
    results: dict[str, dict[str, Any]] = {}
    state = {"done": 0, "total": len(tasks)}

    def on_result(res: dict[str, Any]) -> None:
        results[res["rel"]] = res
        n = max(1, len(res.get("pages") or []))
        state["total"] += n - 1
        state["done"] += n
        if options.on_progress:
            options.on_progress(state["done"], state["total"])

    if options.on_progress:
        options.on_progress(0, state["total"])
    _run_tasks(tasks, int(options.workers), on_result)

    findings.extend(
        _assemble(layout.images, results, rows_by_key, manifest, manifest_path, root, profile, ff)
    )
    items = _items(layout.images, results, rows_by_key, catalog, parser)
    if catalog is not None:
        findings.extend(_link(items, rows_by_key, catalog, ff))
    if options.thumbnails:
        _attach_thumbnails(findings, layout.images, results)
    findings.sort(key=Finding.sort_key)
    pages = sum(max(len(r.get("pages") or []), 1) for r in results.values())
    elapsed = time.perf_counter() - started
    base = {
        "engine_version": _version(),
        "profile": profile.name,
        "delivery": str(root),
        "catalog": catalog.source if catalog else None,
        "manifest": manifest.source if manifest else None,
        "started_at": started_at,
        "duration_s": round(elapsed, 2),
        "workers": int(options.workers),
        "pages_per_second": round(pages / elapsed, 1) if elapsed > 0 else None,
        "counts": {
            "files": len(layout.images),
            "pages": pages,
            "catalog_items": len(catalog.rows) if catalog else 0,
            "image_items": sum(1 for i in items if i.pages),
            "cached_files": sum(1 for r in results.values() if r.get("cached")),
            "findings": len(findings),
        },
    }
    return Report(summary=summarise(findings, base), findings=findings, items=items)


def _version() -> str:
    from .imaging import ENGINE_VERSION

    return ENGINE_VERSION


def _display(f: ImageFile, rows_by_key: dict) -> str | None:
    row = rows_by_key.get(f.key) if f.key else None
    return row.display_no if row else f.name_no


def _assemble(
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
    import base64

    from .analysis import correlation_matrix

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


def _items(
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


def _link(items: list[ItemSummary], rows_by_key: dict, catalog: Catalog, ff: FindingFactory) -> list[Finding]:
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


def _attach_thumbnails(findings: list[Finding], images: list[ImageFile], results: dict) -> None:
    thumbs: dict[tuple[str, int], str] = {}
    for f in images:
        for p in results.get(f.rel, {}).get("pages") or []:
            if p.get("thumb"):
                thumbs[(f.rel, p["index"] if f.serial is None else f.serial)] = p["thumb"]
    for finding in findings:
        if finding.file and finding.page is not None:
            finding.thumbnail = thumbs.get((finding.file, finding.page))


__all__ = ["CheckOptions", "QCError", "Report", "canonical", "run_check"]


def _count_pages(path: str) -> int:
    """Page count of a multi-page file from its structure, without decoding pixels."""
    try:
        if path.lower().endswith(".pdf"):
            from pypdf import PdfReader

            return len(PdfReader(path).pages)
        from PIL import Image

        with Image.open(path) as im:
            return int(getattr(im, "n_frames", 1))
    except Exception:
        return 0


def inventory(
    delivery: str | Path,
    catalog: str | Path | None = None,
    profile: str | Path | Profile | None = None,
    column_map: dict[str, str] | None = None,
) -> list[ItemSummary]:
    """Items (件/卷) of a delivery with their pages, without running the image checks (for sampling)."""
    root = Path(delivery)
    if not root.is_dir():
        raise QCError(f"交付目录不存在或不是文件夹：{root}")
    root = root.resolve()
    prof = profile if isinstance(profile, Profile) else load_profile(profile)
    parser = ArchiveNoParser(prof.get("archive_no", "patterns") or None)
    cat_path = Path(catalog) if catalog else _autodetect(root)[0]
    cat = None
    if cat_path is not None:
        try:
            cat = read_catalog(cat_path, prof.section("catalog").get("columns", {}), column_map or {})
        except (CatalogError, OSError) as exc:
            raise QCError(str(exc)) from exc
        for row in cat.rows:
            row.archive_no = parser.parse(row.values.get("archive_no"))
    rows_by_key = cat.by_key() if cat else {}
    ff = FindingFactory()
    layout = scan_delivery(
        root, prof, parser, ff, exclude={cat_path} if cat_path else set(), catalog_keys=set(rows_by_key)
    )
    results = {
        f.rel: {"pages": [{}] * _count_pages(f.path)} for f in layout.images if f.serial is None and f.key
    }
    return _items(layout.images, results, rows_by_key, cat, parser)
