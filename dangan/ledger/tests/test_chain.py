"""The pure hash chain: what an exported ledger file proves on any machine."""

import json

import pytest

from dangan.ledger import chain


def build(n: int, algorithm: str = "sha256") -> list[dict]:
    entries, prev = [], chain.GENESIS_HASH
    for seq in range(1, n + 1):
        entry = {
            "seq": seq,
            "timestamp": f"2026-11-21T08:00:{seq % 60:02d}.000000Z",
            "event": "update",
            "actor_id": 7,
            "actor_name": "审计测试",
            "organization_id": 3,
            "organization_name": "某市档案馆",
            "organization_region": "140100",
            "object_type": "accounts.user",
            "object_id": str(seq),
            "object_repr": f"对象{seq}",
            "before": {"phone": "1"},
            "after": {"phone": str(seq)},
            "ip_address": "127.0.0.1",
            "algorithm": algorithm,
            "prev_hash": prev,
        }
        entry["hash"] = prev = chain.compute_hash(entry)
        entries.append(entry)
    return entries


def test_intact_chain_verifies():
    report = chain.verify_chain(build(20))
    assert report.ok and report.checked == 20 and report.last_seq == 20


@pytest.mark.parametrize("algorithm", sorted(chain.available_algorithms()))
def test_each_available_algorithm_is_recorded_per_entry(algorithm):
    report = chain.verify_chain(build(3, algorithm))
    assert report.ok and report.algorithms == {algorithm: 3}


def test_changed_value_names_the_entry():
    entries = build(10)
    entries[6]["after"] = {"phone": "tampered"}
    report = chain.verify_chain(entries)
    assert not report.ok and report.first_broken_seq == 7
    assert "改动" in report.reason


def test_recomputed_hash_still_breaks_the_next_link():
    entries = build(10)
    entries[3]["object_repr"] = "伪造"
    entries[3]["hash"] = chain.compute_hash(entries[3])
    report = chain.verify_chain(entries)
    assert report.first_broken_seq == 5
    assert "前一条" in report.reason


def test_deleted_entry_is_detected():
    entries = build(10)
    del entries[4]
    report = chain.verify_chain(entries)
    assert not report.ok and report.first_broken_seq == 6
    assert "不连续" in report.reason


def test_truncated_tail_is_not_an_error_but_reports_the_last_hash():
    full = build(10)
    report = chain.verify_chain(full[:8])
    assert report.ok and report.last_hash == full[7]["hash"]


def test_unknown_algorithm_is_refused():
    entries = build(2)
    entries[1]["algorithm"] = "md5"
    assert chain.verify_chain(entries).first_broken_seq == 2


def test_jsonl_round_trip(tmp_path):
    path = tmp_path / "ledger.jsonl"
    path.write_text("".join(chain.dump_jsonl_line(e) + "\n" for e in build(5)), encoding="utf-8")
    assert chain.verify_chain(chain.read_jsonl(str(path))).ok
    lines = path.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    first["actor_name"] = "别人"
    lines[0] = json.dumps(first, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert chain.verify_chain(chain.read_jsonl(str(path))).first_broken_seq == 1


def test_malformed_line_is_a_clear_error(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"seq": 1}\nnot json\n', encoding="utf-8")
    with pytest.raises(ValueError, match="第 2 行"):
        list(chain.read_jsonl(str(path)))
