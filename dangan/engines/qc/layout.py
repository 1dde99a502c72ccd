"""Walking a delivery folder: which files are page images, which item (档号) and page each is.

Layouts recognised (DA/T 31-2017 9.6):
* a folder per 件/卷 named by 档号, holding single-page files named 档号+serial or serial only;
* single-page files named 档号+serial anywhere (flat layout);
* one multi-page TIFF or PDF per 件 named by 档号, anywhere.
Symbolic links that lead outside the delivery are reported and never followed; special files
(FIFOs, devices) are reported and never opened, since reading one could block forever.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .archive_no import ArchiveNoParser, canonical
from .findings import Finding, FindingFactory
from .profile import Profile

IMAGE_EXTS = {
    ".jpg",
    ".jpeg",
    ".jpe",
    ".tif",
    ".tiff",
    ".jp2",
    ".j2k",
    ".jpf",
    ".jpx",
    ".png",
    ".bmp",
    ".gif",
    ".webp",
    ".pdf",
}
MULTIPAGE_EXTS = {".tif", ".tiff", ".pdf"}
EXT_FORMAT = {
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".jpe": "JPEG",
    ".tif": "TIFF",
    ".tiff": "TIFF",
    ".jp2": "JPEG2000",
    ".j2k": "JPEG2000",
    ".jpf": "JPEG2000",
    ".jpx": "JPEG2000",
    ".png": "PNG",
    ".bmp": "BMP",
    ".gif": "GIF",
    ".webp": "WEBP",
    ".pdf": "PDF",
}


@dataclass
class ImageFile:
    rel: str
    path: str
    key: str | None  # canonical 档号 of the item, None when the name cannot be attributed
    name_no: str | None  # 档号 as written in the file or folder name
    serial: int | None  # page serial for single-page files; None for an item file
    name_ok: bool = True


@dataclass
class Layout:
    root: Path
    images: list[ImageFile] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)


def _inside(root: Path, target: Path) -> bool:
    try:
        target.relative_to(root)
        return True
    except ValueError:
        return False


class _Namer:
    def __init__(self, profile: Profile, parser: ArchiveNoParser, catalog_keys: set[str]):
        cfg = profile.section("naming")
        self.parser = parser
        self.known = catalog_keys
        lo, hi = int(cfg.get("serial_min_digits", 3)), int(cfg.get("serial_max_digits", 5))
        self.serial_re = re.compile(rf"\d{{{lo},{hi}}}")
        seps = [s for s in cfg.get("page_separators", ["-", "_", ""])]
        self.separators = sorted(seps, key=len, reverse=True)
        self.allow_serial_only = bool(cfg.get("allow_serial_only", True))
        self.lo, self.hi = lo, hi

    def split(self, stem: str) -> list[tuple[str, int]]:
        """Possible (档号 prefix, serial) readings of ``stem``, most plausible first."""
        out: list[tuple[str, int]] = []
        for sep in self.separators:
            for n in range(self.hi, self.lo - 1, -1):
                if len(stem) <= n + len(sep):
                    continue
                serial, head = stem[-n:], stem[:-n]
                if not serial.isdigit() or (sep and not head.endswith(sep)):
                    continue
                prefix = head[: len(head) - len(sep)] if sep else head
                if self.parser.parse(prefix):
                    out.append((prefix, int(serial)))
        out.sort(key=lambda p: canonical(p[0]) not in self.known)
        return out

    def name(self, stem: str, ext: str, folder: str) -> tuple[str | None, str | None, int | None, bool]:
        """(canonical key, 档号 as written, serial, name_ok)."""
        folder_no = self.parser.parse(folder)
        canon = canonical(stem)
        if folder_no is not None:
            if canon == folder_no.canonical:
                return folder_no.canonical, folder, None, True
            for prefix, serial in self.split(stem):
                if canonical(prefix) == folder_no.canonical:
                    return folder_no.canonical, folder, serial, True
            if self.allow_serial_only and self.serial_re.fullmatch(stem):
                return folder_no.canonical, folder, int(stem), True
            return folder_no.canonical, folder, None, False
        whole = self.parser.parse(stem)
        splits = self.split(stem)
        if whole is not None and canon in self.known:
            return canon, stem, None, True
        if splits and (canonical(splits[0][0]) in self.known or not (whole and ext in MULTIPAGE_EXTS)):
            prefix, serial = splits[0]
            return canonical(prefix), prefix, serial, True
        if whole is not None:
            return canon, stem, None, True
        return None, None, None, False


def _split_name(name: str) -> tuple[str, str]:
    """(stem, suffix) as pathlib splits a file name ("a.tar.gz" → "a.tar", ".gz"; ".x" and "x." have none)."""
    i = name.rfind(".")
    if 0 < i < len(name) - 1:
        return name[:i], name[i:]
    return name, ""


def scan_delivery(
    root: Path,
    profile: Profile,
    parser: ArchiveNoParser,
    ff: FindingFactory,
    *,
    exclude: set[Path] | None = None,
    catalog_keys: set[str] | None = None,
) -> Layout:
    root = root.resolve()
    layout = Layout(root=root)
    foreign_cfg = profile.section("foreign")
    allowed_ext = {"." + e.lower().lstrip(".") for e in foreign_cfg.get("allowed_extensions", [])}
    forbidden = {n.lower() for n in foreign_cfg.get("forbidden_names", [])}
    exclude = {p.resolve() for p in (exclude or set())}
    namer = _Namer(profile, parser, catalog_keys or set())
    root_s = str(root)

    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        here = Path(dirpath)
        for d in list(dirnames):
            full = here / d
            rel = full.relative_to(root).as_posix()
            if full.is_symlink():
                target = full.resolve()
                if not _inside(root, target):
                    layout.findings.append(
                        ff(
                            "FILE_FOREIGN",
                            f"符号链接「{rel}」指向交付目录之外，未跟随",
                            file=rel,
                            target=str(target),
                        )
                    )
                dirnames.remove(d)
            elif d.lower() in forbidden or d.startswith(".") or d == "__MACOSX":
                layout.findings.append(ff("FILE_FOREIGN", f"载体上有非档案文件夹「{rel}」", file=rel))
                dirnames.remove(d)
        # Plain strings per file: Path objects and resolve() (an lstat per path component) cost more
        # than the bitonal page's analysis. Every directory walked is a real one (links to folders are
        # never descended into), so only a file that is itself a link needs resolving.
        here_rel = os.path.relpath(dirpath, root_s).replace(os.sep, "/")
        here_rel = "" if here_rel == "." else here_rel + "/"
        folder = here.name if here != root else ""
        for name in sorted(filenames):
            full = os.path.join(dirpath, name)
            rel = here_rel + name
            try:
                st = os.lstat(full)
            except OSError:
                continue
            real = full
            if stat.S_ISLNK(st.st_mode):
                target = Path(full).resolve()
                if not _inside(root, target):
                    layout.findings.append(
                        ff(
                            "FILE_FOREIGN",
                            f"符号链接「{rel}」指向交付目录之外，未跟随",
                            file=rel,
                            target=str(target),
                        )
                    )
                    continue
                try:
                    st = target.stat()
                except OSError:
                    continue
                real = str(target)
            if not stat.S_ISREG(st.st_mode):
                layout.findings.append(
                    ff("FILE_FOREIGN", f"「{rel}」不是普通文件（设备、管道等），未读取", file=rel)
                )
                continue
            if exclude and Path(real) in exclude:
                continue
            stem, ext = _split_name(name)
            ext = ext.lower()
            lname = name.lower()
            if lname in forbidden or name.startswith(".") or name.startswith("~$"):
                layout.findings.append(ff("FILE_FOREIGN", f"载体上有非档案文件「{rel}」", file=rel))
                continue
            if ext in IMAGE_EXTS:
                key, written, serial, ok = namer.name(stem, ext, folder)
                if ext == ".pdf" and key is None:
                    layout.documents.append(rel)  # a work document (工作方案…), not a page image
                    continue
                layout.images.append(ImageFile(rel, full, key, written, serial, ok))
                continue
            if ext in allowed_ext:
                layout.documents.append(rel)
                continue
            layout.findings.append(
                ff("FILE_FOREIGN", f"载体上有非档案文件「{rel}」", file=rel, extension=ext)
            )
    return layout
