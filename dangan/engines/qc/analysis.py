"""Content analysis of one page on a downscaled greyscale copy.

Everything here runs on the reduced image the decoder hands over (1/4 scale by default, which for
JPEG costs less than a full decode thanks to DCT-domain scaling). The measures were chosen so that
they still hold at ~75 dpi: the paper level and ink are read from the histogram, skew from the
projection energy of ink pixels, blur from edge steepness relative to the ink/paper contrast.
"""

from __future__ import annotations

import base64
import math
from typing import Any

import cv2
import numpy as np

DUP_SIZE = (32, 45)  # width, height of the vector compared for near-duplicates


def _percentile_from_hist(hist: np.ndarray, q: float) -> int:
    cdf = np.cumsum(hist)
    return int(np.searchsorted(cdf, q * cdf[-1]))


def _edge_runs(mask: np.ndarray) -> np.ndarray:
    """Length of the run of True starting at column 0, for each row."""
    if mask.shape[1] == 0:
        return np.zeros(mask.shape[0], np.int32)
    first_false = np.argmin(mask, axis=1)
    full = mask.all(axis=1)
    return np.where(full, mask.shape[1], first_false)


def _edges(a: np.ndarray, depth: int) -> dict[str, np.ndarray]:
    """Strips along the four edges, each oriented so that column 0 is the image edge."""
    return {
        "left": a[:, :depth],
        "right": a[:, ::-1][:, :depth],
        "top": a[:depth, :].T,
        "bottom": a[::-1, :][:depth, :].T,
    }


EDGE_NAMES = {"left": "左", "right": "右", "top": "上", "bottom": "下"}


def _skew(ys: np.ndarray, xs: np.ndarray, search: float, limit: float = 0.0) -> tuple[float | None, float]:
    """Angle (degrees) maximising the energy of the horizontal projection of ink pixels.

    The 1° coarse search is refined to 0.1° only when the answer could be near ``limit``: a page
    found at 0° ± 1° cannot cross a 3° limit, and most pages are such pages.
    """
    n = ys.size
    if n < 150:
        return None, 0.0

    def best(angles: np.ndarray, count: int) -> tuple[float, float]:
        step = max(1, n // count)
        # Converted after subsampling: a page has tens of thousands of ink pixels, the search uses ~1500.
        y, x = ys[::step].astype(np.float32), xs[::step].astype(np.float32)
        rad = np.deg2rad(angles).astype(np.float32)
        proj = np.cos(rad)[:, None] * y[None, :]
        proj -= np.sin(rad)[:, None] * x[None, :]
        proj -= proj.min()
        bins = proj.astype(np.int32)
        nb = int(bins.max()) + 1
        bins += (np.arange(len(angles), dtype=np.int32) * nb)[:, None]
        hist = np.bincount(bins.ravel(), minlength=nb * len(angles)).reshape(len(angles), nb)
        energy = np.einsum("ij,ij->i", hist, hist).astype(np.float64)
        i = int(np.argmax(energy))
        mid = float(np.partition(energy, len(energy) // 2)[len(energy) // 2])
        return float(angles[i]), float(energy[i] / max(mid, 1.0))

    coarse = np.arange(-search, search + 1e-9, 1.0)
    a0, conf = best(coarse, 1500)
    if limit and abs(a0) + 1.0 < limit:
        return a0, conf
    fine = np.arange(a0 - 0.6, a0 + 0.6 + 1e-9, 0.1)
    a1, _ = best(fine, 5000)
    return a1, conf


def sharpness(g: np.ndarray) -> float | None:
    """Steepness of strong edges relative to their local step, on the ~150 dpi copy.

    A sharp scan steps from paper to ink within about one pixel; blur spreads the step. Six
    horizontal bands are sampled to keep the cost near that of the rest of the analysis.
    """
    h = g.shape[0]
    band = 48
    if h < band * 2:
        sample = g
    else:
        starts = np.linspace(0.08 * h, 0.85 * h - band, 6).astype(int)
        sample = np.vstack([g[s : s + band] for s in starts])
    k = np.ones((9, 9), np.uint8)
    local = cv2.subtract(cv2.dilate(sample, k), cv2.erode(sample, k))
    gx = cv2.Sobel(sample, cv2.CV_16S, 1, 0, ksize=3)
    gy = cv2.Sobel(sample, cv2.CV_16S, 0, 1, ksize=3)
    mag = cv2.add(cv2.convertScaleAbs(gx, alpha=0.125), cv2.convertScaleAbs(gy, alpha=0.125))
    strong = local >= 30
    if np.count_nonzero(strong) < 200:
        return None
    m, lo = mag[strong], local[strong]
    step = max(1, m.size // 20000)
    ratio = m[::step].astype(np.float32) / lo[::step].astype(np.float32)
    k90 = int(0.9 * (ratio.size - 1))
    return float(np.partition(ratio, k90)[k90])


def analyse_page(
    g: np.ndarray, px_per_mm: float, c: dict[str, Any], g_fine: np.ndarray | None = None
) -> tuple[dict[str, Any], list[dict]]:
    """Return (metrics, issues) for a page: ``g`` at ~75 dpi, ``g_fine`` at ~150 dpi (blur only)."""
    h, w = g.shape
    issues: list[dict[str, Any]] = []
    hist = cv2.calcHist([g], [0], None, [256], [0, 256]).ravel()
    bg = _percentile_from_hist(hist, 0.90)
    contrast = float(c.get("ink_contrast", 60))
    thr = max(bg - contrast, bg * 0.5)
    metrics: dict[str, Any] = {"background": bg}

    if bg < float(c.get("dark_max_background", 110)):
        issues.append(
            {
                "code": "IMG_TOO_DARK",
                "message": f"纸张背景亮度 {bg}（低于 {c.get('dark_max_background')}）",
                "details": {"background": bg},
            }
        )

    # Black scanner borders.
    black = (g < min(float(c.get("black_level", 70)), thr)).view(np.uint8)
    depth_x, depth_y = max(1, w // 6), max(1, h // 6)
    border_px = float(c.get("black_border_max_mm", 5.0)) * px_per_mm
    borders: dict[str, float] = {}
    for name, strip in _edges(black, max(depth_x, depth_y)).items():
        depth = depth_x if name in ("left", "right") else depth_y
        # A run is non-empty only where the outermost pixel is black: most pages stop here.
        if np.count_nonzero(strip[:, 0]) < 0.5 * strip.shape[0]:
            continue
        runs = _edge_runs(strip[:, :depth].astype(bool))
        if np.count_nonzero(runs) >= 0.5 * runs.size:
            width = float(np.median(runs))
            if width > border_px:
                borders[name] = width
    if borders:
        sides = "、".join(EDGE_NAMES[s] for s in borders)
        widest = max(borders.values()) / px_per_mm
        issues.append(
            {
                "code": "IMG_BLACK_BORDER",
                "message": f"{sides}侧有未裁切的黑边，宽约 {widest:.0f} mm",
                "details": {"edges": sorted(borders), "width_mm": round(widest, 1)},
            }
        )

    ink = (g < thr).view(np.uint8)
    if borders:
        # The ends of a black border lie on the neighbouring edges; they are not cut content.
        ink = ink.copy()
        pad = max(1, round(px_per_mm))
        for name, width in borders.items():
            wpx = int(width) + pad
            if name == "left":
                ink[:, :wpx] = 0
            elif name == "right":
                ink[:, w - wpx :] = 0
            elif name == "top":
                ink[:wpx, :] = 0
            else:
                ink[h - wpx :, :] = 0
    # Content cut at an edge: ink inside the outermost band, on edges without a black border.
    band = max(1, round(float(c.get("edge_band_mm", 1.0)) * px_per_mm))
    min_frac = float(c.get("edge_cut_min_fraction", 0.01))
    cut: dict[str, float] = {}
    for name, strip in _edges(ink, band).items():
        if name in borders:
            continue
        frac = float(np.count_nonzero(strip.any(axis=1))) / strip.shape[0]
        if min_frac <= frac < 0.5:
            cut[name] = frac
    if cut:
        sides = "、".join(EDGE_NAMES[s] for s in cut)
        issues.append(
            {
                "code": "IMG_EDGE_CUT",
                "message": f"{sides}边缘有内容被裁切（墨迹触及图像边缘）",
                "details": {"edges": sorted(cut), "fraction": {k: round(v, 3) for k, v in cut.items()}},
            }
        )

    # Inner region: away from borders and edges, for blank / skew / blur.
    mx = max(int(borders.get("left", 0)), int(0.03 * w)), max(int(borders.get("right", 0)), int(0.03 * w))
    my = max(int(borders.get("top", 0)), int(0.03 * h)), max(int(borders.get("bottom", 0)), int(0.03 * h))
    inner_ink = ink[my[0] : h - my[1], mx[0] : w - mx[1]]
    inner = g[my[0] : h - my[1], mx[0] : w - mx[1]]
    # Blank is judged with a lower contrast so that faint or blurred writing is still "something".
    faint_thr = max(bg - float(c.get("blank_contrast", 30)), bg * 0.5)
    faint_px = int(np.count_nonzero(inner < faint_thr)) if inner.size else 0
    ink_mm2 = faint_px / (px_per_mm * px_per_mm)
    metrics["ink_mm2"] = round(ink_mm2, 1)
    blank = ink_mm2 < float(c.get("blank_max_ink_mm2", 12.0))
    metrics["blank"] = blank
    if blank:
        issues.append(
            {
                "code": "IMG_BLANK",
                "message": "空白页（应在目录或备注中标注，不得删除）",
                "details": {"ink_mm2": round(ink_mm2, 1)},
            }
        )
        return metrics, issues

    pts = cv2.findNonZero(inner_ink)
    if pts is None:
        angle, conf = None, 0.0
    else:
        pts = pts.reshape(-1, 2)
        angle, conf = _skew(
            pts[:, 1], pts[:, 0], float(c.get("skew_search_deg", 15.0)), float(c.get("skew_max_deg", 3.0))
        )
    if angle is not None and conf >= float(c.get("skew_min_confidence", 1.15)):
        metrics["skew_deg"] = round(angle, 2)
        limit = float(c.get("skew_max_deg", 3.0))
        if abs(angle) > limit:
            issues.append(
                {
                    "code": "IMG_SKEW",
                    "message": f"偏斜 {abs(angle):.1f}°（限值 {limit:g}°）",
                    "details": {"angle_deg": round(angle, 2), "limit_deg": limit},
                }
            )

    if g_fine is not None:
        sharp = sharpness(g_fine)
        if sharp is not None:
            metrics["sharpness"] = round(sharp, 3)
            limit = float(c.get("blur_min_sharpness", 0.3))
            if sharp < limit:
                issues.append(
                    {
                        "code": "IMG_BLUR",
                        "message": f"图像模糊（锐度 {sharp:.2f}，下限 {limit:g}）",
                        "details": {"sharpness": round(sharp, 3), "limit": limit},
                    }
                )
    return metrics, issues


def dup_vector(g: np.ndarray) -> bytes:
    return cv2.resize(g, DUP_SIZE, interpolation=cv2.INTER_AREA).tobytes()


def thumbnail_b64(g: np.ndarray, width: int = 240) -> str:
    h, w = g.shape[:2]
    scale = min(1.0, width / max(w, 1))
    small = cv2.resize(g, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
    ok, buf = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 70])
    return base64.b64encode(buf.tobytes()).decode("ascii") if ok else ""


def correlation_matrix(vectors: list[bytes]) -> np.ndarray:
    m = np.stack([np.frombuffer(v, np.uint8).astype(np.float32) for v in vectors])
    m -= m.mean(axis=1, keepdims=True)
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms < 1e-6] = math.inf
    m /= norms
    return m @ m.T
