"""Orchestration: catalog, layout, parallel per-file analysis (cached), cross-file checks, report."""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .archive_no import ArchiveNoParser, canonical
from .catalog import Catalog, CatalogError, check_catalog, read_catalog
from .crosscheck import assemble, attach_thumbnails, item_summaries, link_catalog
from .findings import Finding, FindingFactory
from .fixity import MANIFEST_NAMES, Manifest, ManifestError, read_manifest
from .layout import scan_delivery
from .pool import Pool, acquire, release
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


Worker = Callable[[dict[str, Any]], dict[str, Any]]


def _run_tasks(
    tasks: list[dict[str, Any]],
    workers: int,
    progress: Callable[[dict[str, Any]], None],
    fn: Worker | None = None,
    pool: Pool | None = None,
) -> float:
    """Run the per-file worker over ``tasks``; ``fn`` (default ``imaging.analyse_file``) must be importable
    by name, since worker processes are started fresh. Returns the CPU seconds spent in workers."""
    from .imaging import analyse_file

    fn = fn or analyse_file
    if workers <= 0:
        worker_init_local()
        for task in tasks:
            progress(fn(task))
        return 0.0
    if pool is not None:
        return pool.run(tasks, progress)
    with Pool(workers, fn) as own:
        return own.run(tasks, progress)


def worker_init_local() -> None:
    import cv2
    from PIL import Image

    cv2.setNumThreads(1)
    Image.core.set_blocks_max(8)


def run_check(options: CheckOptions) -> Report:
    started = time.perf_counter()
    cpu_started = time.process_time()
    started_at = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    root = Path(options.delivery)
    if not root.is_dir():
        raise QCError(f"交付目录不存在或不是文件夹：{root}")
    root = root.resolve()
    pool = None
    if int(options.workers) > 0:
        from .imaging import analyse_file

        # Warm from an earlier check, or started now in the background: the workers come up while the
        # catalog is read and the folder is walked, instead of after.
        pool = acquire(int(options.workers), analyse_file)
    try:
        report = _check(options, root, pool, started, cpu_started, started_at)
    except BaseException:
        if pool is not None:
            pool.close(kill=True)
        raise
    if pool is not None:
        release(pool)
    return report


def _check(
    options: CheckOptions,
    root: Path,
    pool: Pool | None,
    started: float,
    cpu_started: float,
    started_at: str,
) -> Report:
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
    worker_cpu = _run_tasks(tasks, int(options.workers), on_result, pool=pool)

    findings.extend(assemble(layout.images, results, rows_by_key, manifest, manifest_path, root, profile, ff))
    items = item_summaries(layout.images, results, rows_by_key, catalog, parser)
    if catalog is not None:
        findings.extend(link_catalog(items, rows_by_key, catalog, ff))
    if options.thumbnails:
        attach_thumbnails(findings, layout.images, results)
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
        # CPU seconds: this process plus what the workers spent serving files (reading, hashing,
        # decoding, analysing, and their side of the pipe); a worker's start-up is not included.
        "cpu_s": round(time.process_time() - cpu_started + worker_cpu, 3),
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


__all__ = ["CheckOptions", "QCError", "Report", "canonical", "inventory", "run_check"]


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
    return item_summaries(layout.images, results, rows_by_key, cat, parser)
