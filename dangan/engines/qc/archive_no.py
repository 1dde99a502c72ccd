"""档号 (archive reference number) parser, reusable outside QC.

The grammars are data (regexes with named groups, e.g. from a QC profile), not code. Built-in
defaults cover DA/T 22-2015 (``Z109-WS·2011-Y-BGS-0001``) and the DA/T 13-2022 item and volume
forms (``A439-WS·2015·D30·003-005``, ``J019-ZY·JC·CC·2019·D30-001-001``).

Matching happens on a canonical form: full-width hyphens become ``-`` and the dot variants people
use in file names (``.``, ``•``, ``・``, ``．``) become ``·``, so a file named
``Z109-WS.2011-Y-BGS-0001.jpg`` still links to the catalog's ``Z109-WS·2011-Y-BGS-0001``.
The last ``-`` segment is always the item (件号) or page-in-volume number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

DEFAULT_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        "DA/T 22-2015",
        r"(?P<fonds>[A-Z0-9]{1,6})-(?P<category>[A-Z]{2})·(?P<year>\d{4})-(?P<retention>Y|D\d{1,3})"
        r"(?:-(?P<org>[A-Z0-9]{1,8}|[\u4e00-\u9fff]{1,12}))?-(?P<item>\d{3,6})",
    ),
    (
        "DA/T 13-2022 按件",
        r"(?P<fonds>[A-Z0-9]{1,6})-(?P<category>[A-Z]{2})·(?P<year>\d{4})·(?P<retention>Y|D\d{1,3})"
        r"(?:·(?P<org>[A-Z0-9]{1,8}|[\u4e00-\u9fff]{1,12}))?-(?P<item>\d{3,6})",
    ),
    (
        "DA/T 13-2022 按卷",
        r"(?P<fonds>[A-Z0-9]{1,6})-(?P<category>[A-Z]{2})(?:·(?P<subclass>[A-Z0-9]+(?:·[A-Z0-9]+)*?))?"
        r"(?:·(?P<year>\d{4}))?(?:·(?P<retention>Y|D\d{1,3}))?-(?P<volume>\d{2,5})-(?P<item>\d{2,5})",
    ),
)

_TRANSLATE = str.maketrans(
    {"－": "-", "—": "-", "–": "-", ".": "·", "•": "·", "・": "·", "．": "·", "‧": "·"}
)


def canonical(text: str) -> str:
    return text.strip().translate(_TRANSLATE).upper()


@dataclass(frozen=True)
class ArchiveNo:
    raw: str
    canonical: str
    scheme: str
    fields: Mapping[str, str] = field(default_factory=dict)

    @property
    def class_key(self) -> str:
        """Everything but the last segment: the class within which 件号 must be continuous."""
        return self.canonical.rsplit("-", 1)[0]

    @property
    def item(self) -> int | None:
        value = self.fields.get("item")
        return int(value) if value and value.isdigit() else None

    @property
    def year(self) -> str | None:
        return self.fields.get("year")


class ArchiveNoParser:
    def __init__(self, patterns: Iterable[tuple[str, str]] | Iterable[Mapping[str, str]] | None = None):
        compiled: list[tuple[str, re.Pattern[str]]] = []
        for entry in patterns if patterns is not None else DEFAULT_PATTERNS:
            if isinstance(entry, Mapping):
                name, regex = str(entry["name"]), str(entry["regex"])
            else:
                name, regex = entry
            compiled.append((name, re.compile(regex)))
        self._patterns = compiled

    def parse(self, text: str | None) -> ArchiveNo | None:
        if not text:
            return None
        canon = canonical(str(text))
        for name, pattern in self._patterns:
            m = pattern.fullmatch(canon)
            if m:
                fields = {k: v for k, v in m.groupdict().items() if v is not None}
                return ArchiveNo(raw=str(text).strip(), canonical=canon, scheme=name, fields=fields)
        return None

    def is_valid(self, text: str | None) -> bool:
        return self.parse(text) is not None


def parse(text: str | None) -> ArchiveNo | None:
    """Parse with the built-in DA/T 22 / DA/T 13 grammars."""
    return _DEFAULT.parse(text)


_DEFAULT = ArchiveNoParser()
