"""Reading page images safely: bounded memory, multi-page TIFF, clear errors."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image

if TYPE_CHECKING:
    import numpy as np

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".webp", ".jp2"})
# Pixels above which a file is refused outright (decompression bombs, corrupt headers).
# 600 MP covers an A0 drawing at 400 dpi; raise it explicitly for anything larger.
DEFAULT_MAX_PIXELS = 600_000_000
# Longest side of the image the recogniser crops lines from. A4 at 300 dpi is 3508 px;
# anything bigger is reduced first so memory per worker stays bounded.
DEFAULT_WORK_SIDE = 4200


class PageError(Exception):
    """A page that cannot be read or recognised; the batch reports it and goes on."""


@dataclass
class LoadedPage:
    array: np.ndarray  # RGB uint8, possibly reduced
    scale: float  # original pixels per working pixel (>= 1)
    width: int  # original size
    height: int
    dpi: float | None
    name: str = ""


def count_frames(path: Path) -> int:
    with _open(path, DEFAULT_MAX_PIXELS) as img:
        return int(getattr(img, "n_frames", 1))


def _open(path: Path, max_pixels: int) -> Image.Image:
    old = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = max_pixels
    try:
        with warnings.catch_warnings():
            # Pillow only warns between 1x and 2x the limit; treat that as a refusal too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(path)
            if img.width * img.height > max_pixels:
                raise Image.DecompressionBombError("too many pixels")
            return img
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PageError(f"图像像素数超过上限 {max_pixels}：{path.name}") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise PageError(f"无法读取图像：{path.name}（{exc}）") from exc
    finally:
        Image.MAX_IMAGE_PIXELS = old


def _dpi(img: Image.Image) -> float | None:
    dpi = img.info.get("dpi")
    if not dpi:
        return None
    try:
        value = float(dpi[0])
    except (TypeError, ValueError, IndexError):
        return None
    # Many writers store 1 or 72 meaning "unknown"; below 50 dpi is never a real scan.
    return value if value >= 50 else None


def load_page(
    source: Path | Image.Image,
    frame: int = 0,
    work_side: int = DEFAULT_WORK_SIDE,
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> LoadedPage:
    """Open one page as an RGB array no larger than ``work_side`` on its longest side."""
    import numpy as np

    img = source if isinstance(source, Image.Image) else _open(Path(source), max_pixels)
    name = getattr(img, "filename", "") or "image"
    try:
        if frame:
            img.seek(frame)
        width, height = img.size
        dpi = _dpi(img)
        longest = max(width, height)
        if longest > work_side and getattr(img, "format", None) == "JPEG":
            # Decode JPEGs at a reduced scale directly: a 20000 px scan never lands in memory whole.
            img.draft("RGB", (width * work_side // longest, height * work_side // longest))
        img.load()
        if img.mode in ("RGBA", "LA", "P"):
            # Transparent areas read as paper, not as black ink.
            rgba = img.convert("RGBA")
            img = Image.new("RGB", rgba.size, "white")
            img.paste(rgba, mask=rgba.getchannel("A"))
        elif img.mode != "RGB":
            img = img.convert("RGB")
        if max(img.size) > work_side:
            factor = work_side / max(img.size)
            img = img.resize(
                (max(1, round(img.width * factor)), max(1, round(img.height * factor))),
                Image.Resampling.BILINEAR,
                reducing_gap=2.0,
            )
        array = np.asarray(img)
    except PageError:
        raise
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise PageError(f"无法解码图像：{Path(str(name)).name}（{exc}）") from exc
    if array.ndim != 3 or array.shape[0] < 8 or array.shape[1] < 8:
        raise PageError(f"图像尺寸过小，无法识别：{Path(str(name)).name}")
    return LoadedPage(
        array=array,
        scale=width / array.shape[1],
        width=width,
        height=height,
        dpi=dpi,
        name=Path(str(name)).name,
    )
