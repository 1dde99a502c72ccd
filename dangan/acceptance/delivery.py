"""Where deliveries may lie, and which file of a delivery may be shown.

A delivery is a folder the server can read, inside the configured delivery root (DANGAN_DELIVERY_ROOT,
else DATA_DIR/deliveries). Paths are resolved (symbolic links followed) before the check, so neither
``..`` nor a link pointing elsewhere can lead outside the root.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".tif", ".tiff", ".png", ".jp2", ".pdf", ".bmp", ".gif"}


def delivery_root() -> Path:
    configured = getattr(settings, "DANGAN_DELIVERY_ROOT", None)
    return Path(configured or Path(settings.DATA_DIR) / "deliveries").resolve()


def work_dir(round_pk: int) -> Path:
    """Files the platform writes for a round (an exported catalog); never inside the delivery."""
    path = Path(settings.DATA_DIR) / "acceptance" / f"round-{round_pk}"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def resolve_delivery(text: str) -> Path:
    """The delivery folder as an absolute path inside the root, or a ValidationError in Chinese."""
    root = delivery_root()
    text = (text or "").strip()
    if not text:
        raise ValidationError(gettext("DAT31-12：请填写交付目录"))
    if "\x00" in text:
        raise ValidationError(gettext("DAT31-12：交付目录含有非法字符"))
    candidate = Path(text)
    if not candidate.is_absolute():
        candidate = root / candidate
    resolved = candidate.resolve()
    if not _inside(resolved, root) or resolved == root:
        raise ValidationError(
            gettext(
                "DAT31-12：交付目录必须是服务器交付根目录 %(root)s 之下的文件夹（不得经符号链接指向其外）"
            )
            % {"root": root}
        )
    if not resolved.is_dir():
        raise ValidationError(
            gettext("DAT31-12：交付目录不存在或不是文件夹：%(v1)s") % {"v1": resolved.relative_to(root)}
        )
    return resolved


def delivery_file(delivery_path: str, rel: str, allowed: set[str] | None = None) -> Path | None:
    """The file ``rel`` of a delivery, or None when it lies outside it, is not an image file of the
    round (``allowed``), or does not exist. Never raises on hostile input."""
    if not rel or "\x00" in rel or Path(rel).is_absolute():
        return None
    if allowed is not None and rel not in allowed:
        return None
    try:
        root = Path(delivery_path).resolve()
        path = (root / rel).resolve()
    except (OSError, RuntimeError, ValueError):
        return None
    if not _inside(path, root) or path == root or path.suffix.lower() not in IMAGE_SUFFIXES:
        return None
    return path if path.is_file() else None


CATALOG_COLUMNS = ("档号", "题名", "责任者", "日期", "页数", "密级", "保管期限", "件号", "全宗号", "年度")
RETENTION_WORDS = {"Y": "永久", "D30": "30年", "D10": "10年"}


def export_units_catalog(project: Any, path: Path) -> int:
    """Writes the project's registered units as a catalog CSV the QC engine reads; returns the row count."""
    from dangan.custody.models import ProjectUnit

    rows = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(CATALOG_COLUMNS)
        for pu in (
            ProjectUnit.objects.filter(project=project).select_related("unit").order_by("unit__archive_no")
        ):
            u = pu.unit
            writer.writerow(
                [
                    u.archive_no,
                    u.title,
                    u.responsible,
                    u.date,
                    u.pages if u.pages is not None else "",
                    u.classification if not u.declassified else "",
                    RETENTION_WORDS.get(u.retention, u.retention),
                    u.item_no,
                    u.fonds_no,
                    u.year or "",
                ]
            )
            rows += 1
    return rows
