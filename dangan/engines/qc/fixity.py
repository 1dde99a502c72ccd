"""Checksum manifests: ``md5sum``/``sha256sum`` style, BSD style, or CSV (path, hash).

The algorithm comes from the BSD tag, the manifest's extension (.md5, .sha256, .sm3) or the
length of the digests; a 64-hex digest without a hint is tried as SHA-256, then SM3
(``hashlib.new('sm3')``, provided by OpenSSL).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

_LINE = re.compile(r"^(?P<hash>[0-9a-fA-F]{32,128})\s+\*?(?P<path>.+)$")
_BSD = re.compile(
    r"^(?P<algo>MD5|SHA256|SHA-256|SM3|SHA1|SHA512)\s*\((?P<path>.+)\)\s*=\s*(?P<hash>[0-9a-fA-F]+)$",
    re.IGNORECASE,
)
MANIFEST_NAMES = re.compile(r"(manifest|checksum|校验|md5|sha256|sm3)", re.IGNORECASE)


class ManifestError(ValueError):
    pass


@dataclass
class Manifest:
    source: str
    entries: dict[str, str] = field(default_factory=dict)  # rel path (posix) → lower-case hex
    algorithms: tuple[str, ...] = ("sha256",)


def _algos_for(length: int, hint: str | None) -> tuple[str, ...]:
    if hint:
        return (hint,)
    return {32: ("md5",), 40: ("sha1",), 64: ("sha256", "sm3"), 128: ("sha512",)}.get(length, ("sha256",))


def read_manifest(path: str | Path, algorithm: str | None = None) -> Manifest:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ManifestError(f"无法读取校验清单 {path}：{exc}") from exc
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ManifestError(f"校验清单 {path.name} 的编码无法识别")
    hint = algorithm
    suffix = path.suffix.lower().lstrip(".")
    if not hint and suffix in ("md5", "sha256", "sm3", "sha1", "sha512"):
        hint = suffix
    entries: dict[str, str] = {}
    if suffix == "csv":
        for row in csv.reader(io.StringIO(text)):
            if len(row) >= 2 and re.fullmatch(r"[0-9a-fA-F]{32,128}", row[1].strip()):
                entries[_norm(row[0])] = row[1].strip().lower()
    else:
        for line in text.splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            m = _BSD.match(line)
            if m:
                hint = hint or m.group("algo").lower().replace("-", "")
                entries[_norm(m.group("path"))] = m.group("hash").lower()
                continue
            m = _LINE.match(line)
            if m:
                entries[_norm(m.group("path"))] = m.group("hash").lower()
    if not entries:
        raise ManifestError(f"校验清单 {path.name} 中没有可识别的校验值")
    length = len(next(iter(entries.values())))
    return Manifest(source=path.name, entries=entries, algorithms=_algos_for(length, hint))


def _norm(p: str) -> str:
    p = p.strip().replace("\\", "/")
    while p.startswith("./"):
        p = p[2:]
    return p.lstrip("/")
