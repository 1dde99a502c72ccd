"""Batch OCR of many 件 (items): worker processes, resumable state, atomic outputs.

State lives in ``<output>/.dangan-ocr/``: one JSON file per recognised page image, named
by the SHA-256 of the image file (plus frame and engine settings). A page counts as done
exactly when its file exists, and files are written by the parent process only, via a
temporary name and ``os.replace``. So an interrupted run resumes where it stopped, a page
whose worker crashed is submitted again (never lost), and the same image appearing twice
is recognised once (never counted twice).
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import json
import multiprocessing
import os
import re
import tempfile
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .images import DEFAULT_MAX_PIXELS, DEFAULT_WORK_SIDE, IMAGE_SUFFIXES, PageError, count_frames
from .types import OcrPage

STATE_DIR = ".dangan-ocr"
STATE_VERSION = 1
MAX_RETRIES = 2  # extra attempts for a page whose worker process died


@dataclass
class PageRef:
    path: Path
    frame: int = 0
    key: str = ""

    @property
    def label(self) -> str:
        return f"{self.path.name}#{self.frame + 1}" if self.frame else self.path.name


@dataclass
class Item:
    """One 件: the pages of a folder (or of one file) that become one PDF."""

    name: str  # relative output name, "/"-separated
    pages: list[PageRef]
    single_file: bool = False


@dataclass
class BatchReport:
    items: int = 0
    pages: int = 0
    recognised: int = 0
    reused: int = 0
    failed: dict[str, str] = field(default_factory=dict)  # page label -> reason
    outputs: list[Path] = field(default_factory=list)
    skipped_pdfs: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _natural(name: str) -> list[Any]:
    return [int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", name)]


def discover(inputs: Iterable[Path]) -> list[Item]:
    """Files are one 件 each; a folder holding images is one 件, pages in natural order."""
    items: list[Item] = []
    for raw in inputs:
        root = Path(raw)
        if root.is_file():
            items.append(Item(root.stem, [PageRef(root)], single_file=True))
            continue
        if not root.is_dir():
            raise FileNotFoundError(f"输入不存在：{root}")
        for folder in sorted(
            [root, *[p for p in root.rglob("*") if p.is_dir()]], key=lambda p: _natural(str(p))
        ):
            if STATE_DIR in folder.parts:
                continue
            images = sorted(
                (p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES),
                key=lambda p: _natural(p.name),
            )
            if images:
                rel = folder.relative_to(root)
                name = (Path(root.name) / rel).as_posix() if str(rel) != "." else root.name
                items.append(Item(name, [PageRef(p) for p in images]))
    return items


def _expand_frames(item: Item) -> None:
    pages = []
    for ref in item.pages:
        frames = 1
        if ref.path.suffix.lower() in (".tif", ".tiff"):
            try:
                frames = count_frames(ref.path)
            except PageError:
                frames = 1  # reported when the page itself is read
        pages.extend(PageRef(ref.path, f) for f in range(frames))
    item.pages = pages


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def engine_tag(engine: str, options: dict[str, Any]) -> str:
    relevant = {k: v for k, v in sorted(options.items()) if k != "threads" and v is not None}
    text = engine + json.dumps(relevant, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


# --- worker side -------------------------------------------------------------------------

_WORKER_ENGINE: Any = None


def _init_worker(engine: str, options: dict[str, Any], threads: int) -> None:
    from .engines import ENGINES, limit_threads, make_engine

    limit_threads(threads)
    opts = dict(options)
    if engine in ENGINES:
        opts.setdefault("threads", threads)
    global _WORKER_ENGINE
    _WORKER_ENGINE = make_engine(engine, **opts)


def _work(path: str, frame: int, work_side: int, max_pixels: int) -> dict[str, Any]:
    from .engines import recognize_page

    try:
        page = recognize_page(Path(path), _WORKER_ENGINE, frame, work_side, max_pixels)
    except PageError as exc:
        return {"ok": False, "error": str(exc)}
    except Exception as exc:  # one bad page must not stop the batch
        return {"ok": False, "error": f"识别失败：{type(exc).__name__}: {exc}"}
    return {"ok": True, "page": page.to_dict()}


# --- parent side -------------------------------------------------------------------------


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def run_batch(
    inputs: Iterable[Path],
    output: Path,
    engine: str = "rapidocr",
    formats: Iterable[str] = ("txt",),
    workers: int | None = None,
    engine_options: dict[str, Any] | None = None,
    progress: bool | None = None,
    work_side: int = DEFAULT_WORK_SIDE,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    on_page: Callable[[str, str], None] | None = None,
) -> BatchReport:
    """Recognise every page under ``inputs`` and write ``formats`` into ``output``.

    ``workers=0`` runs in this process (no crash isolation). Each worker process gets
    ``cores // workers`` threads (at least one) for onnxruntime, OpenCV and OpenMP.
    """
    import time

    from .engines import _resolve
    from .tess import tesseract_status

    started = time.perf_counter()
    # Fail before starting workers: an engine that cannot load would kill every worker.
    _resolve(engine)
    if engine == "tesseract" and (reason := tesseract_status()):
        raise RuntimeError(reason)
    options = dict(engine_options or {})
    formats = set(formats)
    output = Path(output)
    state = output / STATE_DIR / "pages"
    state.mkdir(parents=True, exist_ok=True)
    items = discover(inputs)
    tag = engine_tag(engine, options)
    report = BatchReport(items=len(items))

    unique: dict[str, PageRef] = {}
    for item in items:
        _expand_frames(item)
        hashes: dict[Path, str] = {}
        for ref in item.pages:
            if ref.path not in hashes:
                hashes[ref.path] = file_sha256(ref.path)
            ref.key = f"{hashes[ref.path]}-{ref.frame}-{tag}"
            unique.setdefault(ref.key, ref)
        report.pages += len(item.pages)

    pending = [ref for key, ref in unique.items() if not (state / f"{key}.json").exists()]
    report.reused = len(unique) - len(pending)
    failures: dict[str, str] = {}

    def finish(ref: PageRef, result: dict[str, Any]) -> None:
        if result.get("ok"):
            atomic_write(state / f"{ref.key}.json", json.dumps(result["page"], ensure_ascii=False).encode())
            report.recognised += 1
        else:
            failures[ref.key] = result["error"]
        if on_page:
            on_page(ref.label, "ok" if result.get("ok") else result["error"])

    workers = default_workers() if workers is None else max(0, workers)
    threads = max(1, (os.cpu_count() or 1) // max(1, workers))
    bar = _progress(len(pending), progress)
    try:
        if workers == 0:
            _init_worker(engine, options, threads)
            for ref in pending:
                finish(ref, _work(str(ref.path), ref.frame, work_side, max_pixels))
                bar.update(1)
        else:
            _run_pool(pending, workers, threads, engine, options, work_side, max_pixels, finish, bar)
    finally:
        bar.close()

    for item in items:
        for ref in item.pages:
            if ref.key in failures:
                report.failed[f"{item.name}/{ref.label}"] = failures[ref.key]
        report.outputs.extend(_write_outputs(item, state, output, formats, failures, report))
    _write_manifest(output, items, failures, engine, options)
    report.seconds = time.perf_counter() - started
    return report


def _progress(total: int, enabled: bool | None) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, unit="页", desc="全文识别", disable=(None if enabled is None else not enabled))


def _run_pool(
    pending: list[PageRef],
    workers: int,
    threads: int,
    engine: str,
    options: dict[str, Any],
    work_side: int,
    max_pixels: int,
    finish: Callable[[PageRef, dict[str, Any]], None],
    bar: Any,
) -> None:
    from concurrent.futures.process import BrokenProcessPool

    # forkserver: workers start from a clean process, never from a parent that already
    # holds onnxruntime thread pools (forking those can deadlock).
    ctx = multiprocessing.get_context("forkserver")
    queue = deque(pending)
    attempts: dict[str, int] = {}
    # Pages that were in flight when a worker died. Each then runs alone, so the page that
    # really kills its worker is identified and only its own attempts are counted.
    suspects: set[str] = set()
    while queue:
        pool = cf.ProcessPoolExecutor(
            workers, mp_context=ctx, initializer=_init_worker, initargs=(engine, options, threads)
        )
        running: dict[cf.Future[dict[str, Any]], PageRef] = {}
        broken = False
        try:
            while queue or running:
                while queue and not broken:
                    solo = any(r.key in suspects for r in running.values())
                    nxt = queue[0]
                    if solo or (nxt.key in suspects and running) or len(running) >= workers * 2:
                        break
                    try:
                        fut = pool.submit(_work, str(nxt.path), nxt.frame, work_side, max_pixels)
                    except BrokenProcessPool:
                        # A worker died before we noticed; nxt never ran, so it is not a suspect.
                        broken = True
                        break
                    queue.popleft()
                    running[fut] = nxt
                if not running:
                    break
                done, _ = cf.wait(running, return_when=cf.FIRST_COMPLETED)
                for fut in done:
                    ref = running.pop(fut)
                    try:
                        result = fut.result()
                    except BrokenProcessPool:
                        broken = True
                        if ref.key not in suspects:
                            suspects.add(ref.key)
                            queue.appendleft(ref)
                            continue
                        attempts[ref.key] = attempts.get(ref.key, 0) + 1
                        if attempts[ref.key] > MAX_RETRIES:
                            finish(ref, {"ok": False, "error": "识别进程多次意外退出，已放弃该页"})
                            bar.update(1)
                        else:
                            queue.appendleft(ref)
                        continue
                    suspects.discard(ref.key)
                    finish(ref, result)
                    bar.update(1)
                if broken and not running:
                    break
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _load(state: Path, key: str) -> OcrPage:
    return OcrPage.from_dict(json.loads((state / f"{key}.json").read_text("utf-8")))


def _page_stem(ref: PageRef) -> str:
    return ref.path.stem + (f"-{ref.frame + 1:03d}" if ref.frame else "")


def _write_outputs(
    item: Item, state: Path, output: Path, formats: set[str], failures: dict[str, str], report: BatchReport
) -> list[Path]:
    written: list[Path] = []
    ok_refs = [ref for ref in item.pages if ref.key not in failures]
    flat = item.single_file and len(item.pages) == 1
    for ref in ok_refs:
        page = _load(state, ref.key)
        base = output / item.name if flat else output / item.name / _page_stem(ref)
        if "txt" in formats:
            target = base.with_name(base.name + ".txt")
            atomic_write(target, (page.text + "\n").encode("utf-8"))
            written.append(target)
        if "json" in formats:
            target = base.with_name(base.name + ".json")
            atomic_write(target, json.dumps(page.to_dict(), ensure_ascii=False, indent=1).encode("utf-8"))
            written.append(target)
    if "pdf" in formats:
        if len(ok_refs) != len(item.pages):
            report.skipped_pdfs.append(item.name)
        elif item.pages:
            written.append(_write_pdf(item, state, output))
    return written


def _write_pdf(item: Item, state: Path, output: Path) -> Path:
    from PIL import Image

    from .pdf import make_searchable_pdf

    target = output / f"{item.name}.pdf"
    pages = [_load(state, ref.key) for ref in item.pages]
    images: list[Any] = []
    opened = []
    for ref in item.pages:
        if ref.frame:
            img = Image.open(ref.path)
            img.seek(ref.frame)
            images.append(img.convert("RGB"))
            opened.append(img)
        else:
            images.append(ref.path)
    try:
        make_searchable_pdf(pages, images, target, title=item.name)
    finally:
        for img in opened:
            img.close()
    return target


def _write_manifest(
    output: Path, items: list[Item], failures: dict[str, str], engine: str, options: dict[str, Any]
) -> None:
    manifest = {
        "version": STATE_VERSION,
        "engine": engine,
        "engine_options": options,
        "items": [
            {
                "name": item.name,
                "pages": [
                    {
                        "source": str(ref.path),
                        "frame": ref.frame,
                        "key": ref.key,
                        "status": "failed" if ref.key in failures else "done",
                        **({"error": failures[ref.key]} if ref.key in failures else {}),
                    }
                    for ref in item.pages
                ],
            }
            for item in items
        ],
    }
    atomic_write(
        output / STATE_DIR / "manifest.json",
        json.dumps(manifest, ensure_ascii=False, indent=1, default=str).encode("utf-8"),
    )
