"""The hash chain of the audit ledger, free of Django so an exported ledger verifies anywhere.

Each entry's hash covers its canonical JSON (sorted keys, no whitespace, UTF-8) including the hash of
the entry before it. The algorithm is stored per entry: SM3 where the platform's OpenSSL offers it,
otherwise SHA-256, so a ledger written on one machine verifies on another that has both.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

GENESIS_HASH = "0" * 64

# The fields that a hash covers, in the order exports write them. ``hash`` itself is excluded.
HASHED_FIELDS: tuple[str, ...] = (
    "seq",
    "timestamp",
    "event",
    "actor_id",
    "actor_name",
    "organization_id",
    "organization_name",
    "organization_region",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "ip_address",
    "algorithm",
    "prev_hash",
)


def available_algorithms() -> set[str]:
    names = {"sha256"}
    try:
        hashlib.new("sm3")
        names.add("sm3")
    except ValueError:
        pass
    return names


def preferred_algorithm() -> str:
    return "sm3" if "sm3" in available_algorithms() else "sha256"


def canonical_bytes(entry: Mapping[str, Any]) -> bytes:
    payload = {name: entry.get(name) for name in HASHED_FIELDS}
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def compute_hash(entry: Mapping[str, Any]) -> str:
    algorithm = entry.get("algorithm") or "sha256"
    digest = hashlib.new(algorithm)
    digest.update(canonical_bytes(entry))
    return digest.hexdigest()


@dataclass
class ChainReport:
    ok: bool = True
    checked: int = 0
    first_broken_seq: int | None = None
    reason: str = ""
    algorithms: dict[str, int] = field(default_factory=dict)
    last_seq: int | None = None
    last_hash: str = GENESIS_HASH

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "checked": self.checked,
            "first_broken_seq": self.first_broken_seq,
            "reason": self.reason,
            "algorithms": self.algorithms,
            "last_seq": self.last_seq,
            "last_hash": self.last_hash,
        }

    def message(self) -> str:
        if self.ok:
            return f"审计日志完整：共校验 {self.checked} 条，哈希链无断裂。"
        return f"审计日志被破坏：第 {self.first_broken_seq} 条 —— {self.reason}"


def verify_chain(entries: Iterable[Mapping[str, Any]]) -> ChainReport:
    """Walk entries in sequence order and stop at the first one that does not fit the chain."""
    report = ChainReport()
    supported = available_algorithms()
    expected_prev = GENESIS_HASH
    expected_seq: int | None = None
    for entry in entries:
        seq = entry.get("seq")

        def broken(reason: str, seq: Any = seq) -> ChainReport:
            report.ok = False
            report.first_broken_seq = seq
            report.reason = reason
            return report

        if not isinstance(seq, int):
            return broken("序号缺失或不是整数")
        if expected_seq is not None and seq != expected_seq:
            return broken(f"序号不连续：应为 {expected_seq}，实为 {seq}（有条目被删除或插入）")
        algorithm = entry.get("algorithm")
        if algorithm not in supported:
            return broken(f"本机不支持的哈希算法：{algorithm}")
        if entry.get("prev_hash") != expected_prev:
            return broken("前一条哈希不符（条目被删除、插入或前一条被改动）")
        if compute_hash(entry) != entry.get("hash"):
            return broken("本条内容与其哈希不符（条目被改动）")
        report.checked += 1
        report.algorithms[algorithm] = report.algorithms.get(algorithm, 0) + 1
        report.last_seq = seq
        report.last_hash = expected_prev = entry["hash"]
        expected_seq = seq + 1
    return report


def read_jsonl(path: str) -> Iterable[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, start=1):
            line = line.strip()
            if not line:
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"第 {line_no} 行不是合法的 JSON：{exc.msg}") from exc


def dump_jsonl_line(entry: Mapping[str, Any]) -> str:
    ordered = {name: entry.get(name) for name in (*HASHED_FIELDS, "hash")}
    return json.dumps(ordered, ensure_ascii=False, separators=(",", ":"))
