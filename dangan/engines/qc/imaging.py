"""Per-file work, run in worker processes: read once, hash, decode once (reduced), analyse.

The result is a plain dict (JSON-safe) so that it can be cached by file hash and sent between
processes. Nothing here knows about 档号 or the catalog; the engine attaches those.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import signal
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image, ImageSequence

from .analysis import analyse_page, dup_vector, thumbnail_b64

ENGINE_VERSION = "1"
MODE_NAMES = {
    "1": "黑白二值 1 位",
    "L": "灰度 8 位",
    "RGB": "彩色 24 位",
    "P": "调色板",
    "CMYK": "CMYK",
    "RGBA": "带透明通道",
    "I;16": "灰度 16 位",
    "LA": "灰度带透明通道",
    "I": "32 位整数",
    "F": "浮点",
}


class FileProblem(Exception):
    """The file cannot be checked: it becomes an IMG_UNREADABLE finding."""


class _Timeout(Exception):
    pass


def sniff(head: bytes) -> str | None:
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "TIFF"
    if head.startswith(b"\x00\x00\x00\x0cjP  \r\n\x87\n") or head.startswith(b"\xff\x4f\xff\x51"):
        return "JPEG2000"
    if head.startswith(b"%PDF-"):
        return "PDF"
    if head.startswith(b"\x89PNG"):
        return "PNG"
    if head[:4] in (b"GIF8",):
        return "GIF"
    if head.startswith(b"BM"):
        return "BMP"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head.startswith(b"PK\x03\x04"):
        return "ZIP"
    return None


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    # SIGALRM only works in the main thread of a process; workers are processes, so it applies there.
    usable = (
        seconds > 0 and threading.current_thread() is threading.main_thread() and hasattr(signal, "SIGALRM")
    )
    if not usable:
        yield
        return

    def _raise(signum: int, frame: object) -> None:
        raise _Timeout()

    old = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@dataclass
class _Page:
    width: int
    height: int
    dpi: tuple[float, float] | None
    mode: str
    g: np.ndarray  # ~analysis_dpi
    g_fine: np.ndarray | None
    px_per_mm: float
    dense: Callable[[], np.ndarray] | None = None  # bitonal: the copy from denser samples, on demand


def _dpi_of(info: dict[str, Any]) -> tuple[float, float] | None:
    dpi = info.get("dpi")
    if not dpi:
        return None
    try:
        x, y = float(dpi[0]), float(dpi[1])
    except (TypeError, ValueError, IndexError):
        return None
    if x <= 1.5 or y <= 1.5:  # JFIF aspect-only density (units 0) is reported as 1×1
        return None
    return (x, y)


def _to_l(im: Image.Image) -> Image.Image:
    if im.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        arr = np.asarray(im, dtype=np.float32)
        top = float(arr.max()) or 1.0
        return Image.fromarray((arr * (255.0 / top)).astype(np.uint8), "L")
    return im if im.mode == "L" else im.convert("L")


def _shrink(im: Image.Image, factor: float) -> Image.Image:
    """Box-reduce by an integer factor in Pillow's C code (cheaper than converting to numpy first)."""
    k = round(factor)
    return im.reduce(k) if k >= 2 else im


def _page_from_image(
    im: Image.Image, dpi: tuple[float, float] | None, img: dict[str, Any], is_jpeg: bool
) -> _Page:
    width, height = im.size
    if width * height > int(img.get("max_pixels", 300_000_000)):
        raise FileProblem(f"像素数 {width}×{height} 超过上限，疑似解压炸弹，未解码")
    mode = im.mode
    src_dpi = dpi[0] if dpi else float(img.get("assumed_dpi", 300))
    fine_dpi = float(img.get("fine_dpi", 150))
    coarse_dpi = float(img.get("analysis_dpi", 75))
    if is_jpeg:
        # DCT-domain scaling: the decoder never builds the full-size image.
        want = max(1, int(src_dpi // fine_dpi))
        scale = 1
        while scale * 2 <= min(want, 8):
            scale *= 2
        if scale > 1:
            im.draft("L", (width // scale, height // scale))
    _reuse_page_buffer(im)
    im.load()
    dense = None
    if mode == "1":
        # Bitonal: no blur measure (edges are hard by construction); reduce straight to ~37.5 dpi.
        factor = src_dpi / float(img.get("analysis_dpi_bitonal", coarse_dpi))
        dense = _bitonal_dense(im, width, height, factor)
        if round(factor) == 8:
            # The usual 300 dpi case. Reading the page is what costs (the decoded page no longer fits in
            # cache): one sampled row per output row, with four samples along it (every 2nd pixel), reads
            # half the rows the dense 2×2 sampling reads, for as many samples per output pixel.
            sparse = im.resize((max(4, width // 2), max(1, height // 8)), Image.Resampling.NEAREST)
            g = np.asarray(sparse.convert("L").reduce((4, 1)))
        else:
            g, dense = dense(), None
        g_fine = None
    else:
        gray = _to_l(im)
        got_dpi = src_dpi * gray.width / width
        fine = _shrink(gray, got_dpi / fine_dpi)
        g_fine = np.asarray(fine)  # needed as an array anyway (blur measure)
        factor = (got_dpi * fine.width / gray.width) / coarse_dpi
        g = _halve(g_fine) if round(factor) == 2 else np.asarray(_shrink(fine, factor))
    px_per_mm = (src_dpi * g.shape[1] / width) / 25.4
    return _Page(width, height, dpi, mode, g, g_fine, px_per_mm, dense)


def _bitonal_dense(im: Image.Image, width: int, height: int, factor: float) -> Callable[[], np.ndarray]:
    """The bitonal copy from 2×2 samples per output pixel (every 4th pixel, then box-reduced): used
    where the sparse rows might miss something, i.e. to confirm a page that looks blank."""

    def build() -> np.ndarray:
        f, small = factor, im
        step = 4 if f >= 8 else 2 if f >= 4 else 1
        if step > 1:
            small = im.resize((max(1, width // step), max(1, height // step)), Image.Resampling.NEAREST)
            f /= step
        return _reduce(small.convert("L"), f)

    return build


_SCRATCH: dict[tuple[str, tuple[int, int]], Any] = {}
_REUSE_BUFFERS = False  # set by worker_memory(): only in single-threaded worker processes


def _reuse_page_buffer(im: Image.Image) -> None:
    """Let libtiff decode a bitonal page into the buffer the previous page of that size used.

    Pillow allocates every page zero-filled and then overwrites all of it; for a bitonal scan that
    zero-fill is a tenth of the whole decode, and a buffer used again is still mapped and partly in
    cache. Only for the libtiff decoder, which writes every row or raises (an undecodable page is
    reported, never analysed), and only in worker processes (one thread: the buffer is not shared).
    """
    if not _REUSE_BUFFERS or im.mode != "1" or len(im.tile) != 1 or im.tile[0][0] != "libtiff":
        return
    if getattr(im, "_im", None) is not None:
        return  # Pillow already reuses the buffer between frames of one file
    key = (im.mode, im.size)
    core = _SCRATCH.get(key)
    if core is None:
        _SCRATCH.clear()  # one buffer at a time: the pages of a batch have one size
        core = _SCRATCH[key] = Image.core.new(im.mode, im.size)
    im.im = core


def _halve(a: np.ndarray) -> np.ndarray:
    """2×2 box reduction with exactly the values of Pillow's ``reduce(2)`` ((sum + 2) >> 2), at a
    fraction of its cost: OpenCV on the even part; an odd last row or column is handed to Pillow
    alone (it averages the partial blocks its own way)."""
    h, w = a.shape[:2]
    he, we = h - h % 2, w - w % 2
    if he == 0 or we == 0:
        return np.asarray(Image.fromarray(a).reduce(2))
    out = np.empty(((h + 1) // 2, (w + 1) // 2), np.uint8)
    out[: he // 2, : we // 2] = cv2.resize(a[:he, :we], (we // 2, he // 2), interpolation=cv2.INTER_AREA)
    if w % 2:
        out[: he // 2, -1:] = np.asarray(Image.fromarray(np.ascontiguousarray(a[:he, -1:])).reduce(2))
    if h % 2:
        out[-1:, :] = np.asarray(Image.fromarray(np.ascontiguousarray(a[-1:, :])).reduce(2))
    return out


def _reduce(im: Image.Image, factor: float) -> np.ndarray:
    """``np.asarray(_shrink(im, factor))``, through ``_halve`` when the factor is 2."""
    if round(factor) == 2:
        return _halve(np.asarray(im))
    return np.asarray(_shrink(im, factor))


def _iter_pil_pages(data: bytes, fmt: str, img: dict[str, Any]) -> Iterator[_Page]:
    im = Image.open(io.BytesIO(data))
    if fmt == "TIFF" and getattr(im, "n_frames", 1) > 1:
        max_pages = int(img.get("max_pages_per_file", 5000))
        for i, frame in enumerate(ImageSequence.Iterator(im)):
            if i >= max_pages:
                raise FileProblem(f"页数超过上限 {max_pages}")
            yield _page_from_image(frame, _dpi_of(frame.info), img, False)
        return
    yield _page_from_image(im, _dpi_of(im.info), img, fmt == "JPEG")


def _iter_pdf_pages(data: bytes, img: dict[str, Any]) -> Iterator[_Page | str]:
    """Each page's largest embedded raster image is the scan; pages without one yield a message."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise FileProblem("PDF 已加密，无法检查")
    max_pages = int(img.get("max_pages_per_file", 5000))
    if len(reader.pages) > max_pages:
        raise FileProblem(f"页数 {len(reader.pages)} 超过上限 {max_pages}")
    for page in reader.pages:
        width_pt = float(page.mediabox.width) or 595.0
        best = None
        for obj in page.images:
            raw = obj.data
            if raw[:3] == b"\xff\xd8\xff":
                pil = Image.open(io.BytesIO(raw))
            else:
                pil = obj.image
            if best is None or pil.width * pil.height > best[0].width * best[0].height:
                best = (pil, raw[:3] == b"\xff\xd8\xff")
        if best is None:
            yield "PDF 页面没有嵌入的扫描图像，无法确定分辨率，也未做内容检查"
            continue
        pil, is_jpeg = best
        dpi_x = pil.width / (width_pt / 72.0)
        yield _page_from_image(pil, (dpi_x, dpi_x), img, is_jpeg)


def _param_issues(page: _Page, img: dict[str, Any]) -> list[dict[str, Any]]:
    issues: list[dict[str, Any]] = []
    min_dpi = float(img.get("min_dpi", 200))
    if page.dpi is None:
        issues.append({"code": "IMG_DPI_MISSING", "message": "图像未记录扫描分辨率", "details": {}})
    elif min(page.dpi) + 0.5 < min_dpi:
        issues.append(
            {
                "code": "IMG_DPI_LOW",
                "message": f"分辨率 {min(page.dpi):.0f} dpi，低于 {min_dpi:g} dpi",
                "details": {"dpi": round(min(page.dpi), 1), "min_dpi": min_dpi},
            }
        )
    allowed = list(img.get("allowed_modes", ["RGB", "L", "1"]))
    if page.mode not in allowed:
        shown = "、".join(MODE_NAMES.get(m, m) for m in allowed)
        issues.append(
            {
                "code": "IMG_COLOR_MODE",
                "message": f"色彩模式为{MODE_NAMES.get(page.mode, page.mode)}，允许：{shown}",
                "details": {"mode": page.mode, "allowed": allowed},
            }
        )
    return issues


def _analyse_data(data: bytes, fmt: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    img, content = params["image"], params["content"]
    pages_out: list[dict[str, Any]] = []
    source: Iterator[_Page | str] = (
        _iter_pdf_pages(data, img) if fmt == "PDF" else _iter_pil_pages(data, fmt, img)
    )
    for index, page in enumerate(source, start=1):
        if isinstance(page, str):
            pages_out.append(
                {
                    "index": index,
                    "issues": [{"code": "IMG_DPI_MISSING", "message": page, "details": {}}],
                    "blank": False,
                    "vec": None,
                }
            )
            continue
        issues = _param_issues(page, img)
        metrics, content_issues = analyse_page(page.g, page.px_per_mm, content, page.g_fine)
        if metrics.get("blank") and page.dense is not None:
            # A thin horizontal line can fall between sparse rows: a bitonal page is only called blank
            # on the dense samples (blank pages are few, so this costs next to nothing overall).
            page.g = page.dense()
            metrics, content_issues = analyse_page(page.g, page.px_per_mm, content, page.g_fine)
        issues.extend(content_issues)
        entry: dict[str, Any] = {
            "index": index,
            "width": page.width,
            "height": page.height,
            "dpi": list(page.dpi) if page.dpi else None,
            "mode": page.mode,
            "metrics": metrics,
            "blank": bool(metrics.get("blank")),
            "issues": issues,
            "vec": base64.b64encode(dup_vector(page.g)).decode("ascii"),
        }
        if issues:
            entry["thumb"] = thumbnail_b64(page.g)
        pages_out.append(entry)
    return pages_out


def _cache_path(cache_dir: str | None, sha: str, digest: str) -> Path | None:
    if not cache_dir:
        return None
    return Path(cache_dir) / sha[:2] / f"{sha}-{digest}-v{ENGINE_VERSION}.json"


def analyse_file(task: dict[str, Any]) -> dict[str, Any]:
    """Worker entry point. ``task``: path, rel, params, digest, hashes (extra algorithms), cache_dir."""
    started = time.perf_counter()
    cpu_started = time.process_time()
    path, rel, params = task["path"], task["rel"], task["params"]
    result: dict[str, Any] = {"rel": rel, "error": None, "pages": [], "format": None, "hashes": {}}
    img = params["image"]
    try:
        size = os.path.getsize(path)
        result["size"] = size
        if size > float(img.get("max_file_mb", 2048)) * 1024 * 1024:
            raise FileProblem(f"文件大小 {size / 1048576:.0f} MB 超过上限，未读取")
        with open(path, "rb") as fh:
            data = fh.read()
    except FileProblem as exc:
        result["error"] = str(exc)
        return result
    except OSError as exc:
        result["error"] = f"无法读取文件：{exc.strerror or exc}"
        return result
    sha = hashlib.sha256(data).hexdigest()
    result["hashes"]["sha256"] = sha
    for algo in task.get("hashes", ()):
        if algo != "sha256":
            result["hashes"][algo] = hashlib.new(algo, data).hexdigest()
    cache_file = _cache_path(task.get("cache_dir"), sha, task["digest"])
    if cache_file is not None and cache_file.is_file():
        try:
            cached = json.loads(cache_file.read_text("utf-8"))
            cached.update(
                {
                    "rel": rel,
                    "hashes": result["hashes"],
                    "size": result["size"],
                    "cached": True,
                    "cpu": round(time.process_time() - cpu_started, 5),
                }
            )
            return cached
        except (OSError, ValueError):
            pass
    fmt = sniff(data[:16])
    result["format"] = fmt
    if fmt is None:
        result["error"] = "无法识别的文件格式（不是图像文件或文件头已损坏）"
    elif fmt in ("JPEG", "TIFF", "JPEG2000", "PDF", "PNG", "GIF", "BMP", "WEBP"):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                Image.MAX_IMAGE_PIXELS = int(img.get("max_pixels", 300_000_000))
                with _deadline(float(img.get("file_timeout_s", 120))):
                    result["pages"] = _analyse_data(data, fmt, params)
            if not result["pages"]:
                result["error"] = "文件中没有页面"
        except FileProblem as exc:
            result["error"] = str(exc)
        except _Timeout:
            result["error"] = f"处理超过 {img.get('file_timeout_s')} 秒，已中止（文件可能损坏或恶意构造）"
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            result["error"] = "像素数超过上限，疑似解压炸弹，未解码"
        except MemoryError:
            result["error"] = "解码所需内存过大，已中止"
        except Exception as exc:  # any decoder failure on hostile input is a finding, not a crash
            text = str(exc) or type(exc).__name__
            if "truncated" in text:
                text = f"文件被截断：{text}"
            result["error"] = f"图像无法解码：{text[:300]}"
    else:
        result["error"] = None  # not an image format: the engine reports IMG_FORMAT
    result["elapsed"] = round(time.perf_counter() - started, 4)
    result["cpu"] = round(time.process_time() - cpu_started, 5)
    if cache_file is not None:
        try:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache_file.with_suffix(f".tmp{os.getpid()}")
            tmp.write_text(
                json.dumps({k: v for k, v in result.items() if k not in ("rel", "hashes")}), "utf-8"
            )
            os.replace(tmp, cache_file)
        except OSError:
            pass
    return result


def _keep_malloc_memory() -> None:
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        m_trim_threshold, m_mmap_threshold = -1, -3
        libc.mallopt(m_mmap_threshold, 64 * 1024 * 1024)
        libc.mallopt(m_trim_threshold, 256 * 1024 * 1024)
    except (OSError, AttributeError):
        pass  # not glibc: only slower


def worker_memory() -> None:
    """Memory settings of a (single-threaded) worker process. The benchmark calls this too, so that
    its decode floor runs under the same allocator settings (the floor decodes with plain Pillow, so
    the page-buffer reuse enabled here does not apply to it).

    Each page allocates and frees tens of MB, and fresh memory from the OS costs page faults
    comparable to the decode itself: Pillow keeps a few freed blocks, and glibc is told to keep freed
    memory (in a fresh process it would hand every large buffer back to the OS after each page).
    """
    global _REUSE_BUFFERS
    Image.core.set_blocks_max(8)
    _keep_malloc_memory()
    _REUSE_BUFFERS = True


def worker_init() -> None:
    # One thread per process: parallelism comes from --workers, not from OpenCV's own pool.
    cv2.setNumThreads(1)
    worker_memory()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
