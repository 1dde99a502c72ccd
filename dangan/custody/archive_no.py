"""档号 parsing for archive units: a thin wrapper around the QC engine's parser.

Which grammars are accepted is configuration (RULES.md §7, "DAT22/13/18"): the setting
``DANGAN_CUSTODY_ARCHIVE_NO_PROFILES`` (a list of profile names from
``dangan.engines.qc.archive_no.DEFAULT_PATTERNS``, or of ``{"name", "regex"}`` mappings) narrows or
extends them; by default every DA/T 22 and DA/T 13 profile is accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.utils.translation import gettext

from dangan.engines.qc.archive_no import DEFAULT_PATTERNS, ArchiveNoParser, canonical

RETENTION_LABELS = {"Y": "永久", "D30": "定期30年", "D10": "定期10年"}


@dataclass(frozen=True)
class ParsedArchiveNo:
    canonical: str
    scheme: str
    fonds: str
    category: str
    year: int | None
    retention: str
    org_code: str
    volume: str
    item: str


@lru_cache(maxsize=1)
def _parser_for(profiles: tuple) -> ArchiveNoParser:
    if not profiles:
        return ArchiveNoParser()
    by_name = dict(DEFAULT_PATTERNS)
    patterns: list[tuple[str, str]] = []
    for entry in profiles:
        if isinstance(entry, str):
            patterns.append((entry, by_name[entry]))
        else:
            patterns.append((str(entry[0]), str(entry[1])))
    return ArchiveNoParser(patterns)


def parser() -> ArchiveNoParser:
    configured = getattr(settings, "DANGAN_CUSTODY_ARCHIVE_NO_PROFILES", None) or ()
    normalized = tuple(
        e if isinstance(e, str) else (e["name"], e["regex"]) if isinstance(e, dict) else tuple(e)
        for e in configured
    )
    return _parser_for(normalized)


def profile_names() -> list[str]:
    configured = getattr(settings, "DANGAN_CUSTODY_ARCHIVE_NO_PROFILES", None)
    if not configured:
        return [name for name, _ in DEFAULT_PATTERNS]
    return [e if isinstance(e, str) else e["name"] if isinstance(e, dict) else e[0] for e in configured]


def normalize(text: str) -> str:
    """The form stored and compared: full-width hyphens and dot variants unified, upper case."""
    return canonical(text or "")


def parse(text: str) -> ParsedArchiveNo | None:
    result = parser().parse(text)
    if result is None:
        return None
    f = result.fields
    year = f.get("year")
    return ParsedArchiveNo(
        canonical=result.canonical,
        scheme=result.scheme,
        fonds=f.get("fonds", ""),
        category=f.get("category", ""),
        year=int(year) if year else None,
        retention=f.get("retention", ""),
        org_code=f.get("org", ""),
        volume=f.get("volume", ""),
        item=f.get("item", ""),
    )


def refusal(text: str) -> str:
    names = "、".join(profile_names())
    return gettext("DAT22/13/18：档号“%(text)s”不符合已启用的档号规则（%(names)s）") % {
        "text": text,
        "names": names,
    }
