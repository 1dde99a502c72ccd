"""Acceptance profiles: every threshold the checks use, loaded from TOML data files.

A profile may name another with ``extends``; its tables are merged over the parent's.
``load_profile`` accepts a built-in name (``DA/T 31-2017``, ``dat31-2017``, ``ocr``) or a path.
"""

from __future__ import annotations

import copy
import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .codes import CODES, SEVERITIES

PROFILE_DIR = Path(__file__).parent / "profiles"
DEFAULT_PROFILE = "DA/T 31-2017"


class ProfileError(ValueError):
    pass


@dataclass
class Profile:
    name: str
    data: dict[str, Any]
    source: str = ""
    severity: dict[str, str] = field(default_factory=dict)

    def section(self, name: str) -> dict[str, Any]:
        return dict(self.data.get(name, {}))

    def get(self, section: str, key: str, default: Any = None) -> Any:
        return self.data.get(section, {}).get(key, default)

    def severity_of(self, code: str) -> str:
        return self.severity.get(code, CODES[code].severity)

    def image_params(self) -> dict[str, Any]:
        """What the per-file worker needs; also the cache key (a change re-runs the analysis)."""
        return {
            "image": self.section("image"),
            "content": self.section("content"),
            "formats": self.section("formats"),
        }

    def image_params_digest(self) -> str:
        blob = json.dumps(self.image_params(), sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(blob).hexdigest()[:16]


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


_PARSED: dict[tuple[str, int, int], dict[str, Any]] = {}


def _parse(path: Path) -> dict[str, Any]:
    """The TOML of ``path``, parsed once per version of the file (a check loads its profile and the
    built-in ones again on every run; parsing them cost more parent time than a dozen pages)."""
    st = path.stat()
    key = (str(path), st.st_mtime_ns, st.st_size)
    data = _PARSED.get(key)
    if data is None:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        if len(_PARSED) > 64:
            _PARSED.clear()
        _PARSED[key] = data
    return copy.deepcopy(data)


def builtin_profiles() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in sorted(PROFILE_DIR.glob("*.toml")):
        name = _parse(path).get("name", path.stem)
        found[name] = path
    return found


def _resolve(name_or_path: str) -> Path:
    path = Path(name_or_path)
    if path.suffix.lower() == ".toml" and path.is_file():
        return path
    wanted = name_or_path.strip().lower()
    for name, p in builtin_profiles().items():
        if wanted in (name.lower(), p.stem.lower(), name.lower().replace("/", "").replace(" ", "")):
            return p
    if path.is_file():
        return path
    known = "、".join(builtin_profiles())
    raise ProfileError(f"找不到验收配置「{name_or_path}」（内置：{known}；也可给出 .toml 文件路径）")


def _load_data(path: Path, depth: int = 0) -> dict[str, Any]:
    if depth > 5:
        raise ProfileError("验收配置的 extends 嵌套过深")
    try:
        data = _parse(path)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ProfileError(f"无法读取验收配置 {path}：{exc}") from exc
    parent = data.pop("extends", None)
    if parent:
        data = _merge(_load_data(_resolve(str(parent)), depth + 1), data)
    return data


def load_profile(name_or_path: str | Path | None = None) -> Profile:
    path = _resolve(str(name_or_path or DEFAULT_PROFILE))
    data = _load_data(path)
    severity = {}
    for code, sev in (data.get("severity") or {}).items():
        if code not in CODES:
            raise ProfileError(f"验收配置中的未知代码：{code}")
        if sev not in SEVERITIES:
            raise ProfileError(f"代码 {code} 的严重程度无效：{sev}")
        severity[code] = sev
    return Profile(name=str(data.get("name", path.stem)), data=data, source=str(path), severity=severity)
