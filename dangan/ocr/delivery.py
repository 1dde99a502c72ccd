"""Which page of which 件 each file of a delivery folder is, using the QC engine's delivery walk.

The files are attributed to 档号 exactly as acceptance (QC) attributes them (DA/T 31 9.6 layouts:
a folder per 件 named by 档号, 档号+serial file names, one multi-page file per 件), then matched
to the project's units by canonical 档号. Pages are numbered through each unit in file order
(serial, then name), multi-page TIFF frames in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from dangan.engines.ocr.images import IMAGE_SUFFIXES, PageError, count_frames
from dangan.engines.qc.archive_no import ArchiveNoParser, canonical
from dangan.engines.qc.findings import FindingFactory
from dangan.engines.qc.layout import scan_delivery
from dangan.engines.qc.profile import load_profile


def delivery_root() -> Path:
    configured = getattr(settings, "DANGAN_DELIVERY_ROOT", None)
    return Path(configured or Path(settings.DATA_DIR) / "deliveries").resolve()


def resolve_delivery(path_text: str) -> Path:
    """The delivery folder as an absolute path inside the configured root, or a ValidationError."""
    root = delivery_root()
    text = (path_text or "").strip()
    if not text:
        raise ValidationError(gettext("请填写交付目录"))
    candidate = Path(text)
    if not candidate.is_absolute():
        candidate = root / candidate
    resolved = candidate.resolve()
    if resolved != root and root not in resolved.parents:
        raise ValidationError(gettext("交付目录必须位于服务器交付根目录 %(root)s 之内") % {"root": root})
    if not resolved.is_dir():
        raise ValidationError(gettext("交付目录不存在或不是文件夹：%(resolved)s") % {"resolved": resolved})
    return resolved


@dataclass
class PlannedPage:
    unit_id: int
    page: int
    path: Path
    frame: int
    rel: str


@dataclass
class Problem:
    file: str
    page: int
    reason: str
    rule: str


@dataclass
class DeliveryPlan:
    root: Path
    pages: list[PlannedPage] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _natural(text: str) -> list:
    return [int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", text)]


def plan_delivery(
    root: Path, units: dict[str, int], refused: dict[int, tuple[str, str]] | None = None
) -> DeliveryPlan:
    """``units``: canonical 档号 -> unit id; ``refused``: unit id -> (reason, rule) for units not to recognise."""
    refused = refused or {}
    profile = load_profile(None)
    parser = ArchiveNoParser(profile.get("archive_no", "patterns") or None)
    layout = scan_delivery(root, profile, parser, FindingFactory(profile.severity), catalog_keys=set(units))
    plan = DeliveryPlan(root=Path(layout.root))
    by_unit: dict[int, list] = {}
    for image in layout.images:
        unit_id = units.get(canonical(image.key)) if image.key else None
        suffix = Path(image.rel).suffix.lower()
        if unit_id is None:
            plan.problems.append(
                Problem(image.rel, 0, gettext("文件名无法对应到本项目的档案（档号），未识别"), "DAT31-11")
            )
        elif unit_id in refused:
            reason, rule = refused[unit_id]
            plan.problems.append(Problem(image.rel, 0, reason, rule))
        elif suffix not in IMAGE_SUFFIXES:
            plan.problems.append(
                Problem(
                    image.rel,
                    0,
                    gettext("%(v1)s 是利用格式，全文识别需要 TIFF、JPEG 等存储格式的图像")
                    % {"v1": suffix.lstrip(".").upper()},
                    "DAT31-9.5",
                )
            )
        else:
            by_unit.setdefault(unit_id, []).append(image)
    for unit_id, images in by_unit.items():
        images.sort(key=lambda f: (f.serial if f.serial is not None else -1, _natural(f.rel)))
        page = 0
        for image in images:
            frames = 1
            if Path(image.rel).suffix.lower() in (".tif", ".tiff"):
                try:
                    frames = count_frames(Path(image.path))
                except PageError:
                    frames = 1  # reported as unreadable when recognised
            for frame in range(frames):
                page += 1
                plan.pages.append(PlannedPage(unit_id, page, Path(image.path), frame, image.rel))
    return plan
