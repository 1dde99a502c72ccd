from __future__ import annotations

import copy
from datetime import date

import pytest

from dangan.engines.compliance import DEFAULT_WEIGHTS, FactsError, score_providers

from .factories import provider_only

TODAY = date(2025, 3, 1)


def _candidate(name: str, **changes: object) -> dict:
    c = copy.deepcopy(provider_only()["provider"])
    c["name"] = name
    c["price"] = 100000
    c.update(changes)
    return c


def test_default_weights_sum_to_100() -> None:
    assert sum(DEFAULT_WEIGHTS.values()) == 100


def test_cheaper_equal_candidate_ranks_first() -> None:
    board = score_providers([_candidate("贵", price=200000), _candidate("廉", price=100000)], today=TODAY)
    assert [c.name for c in board.ranking] == ["廉", "贵"]
    price = next(c for c in board.ranking[1].criteria if c.criterion == "price")
    assert price.score == pytest.approx(0.5)


def test_bad_records_lower_the_score() -> None:
    bad = [{"kind": "breach", "description": "逾期"}]
    board = score_providers([_candidate("有不良记录", bad_records=bad), _candidate("无")], today=TODAY)
    assert board.ranking[0].name == "无"
    crit = next(c for c in board.ranking[1].criteria if c.criterion == "bad_records")
    assert crit.score == pytest.approx(0.5)


def test_secrecy_qualification_breaks_ties() -> None:
    plain = _candidate("A无涉密")
    plain["qualifications"] = [{"name": "ISO 9001"}]
    secret = _candidate("B涉密")
    secret["qualifications"] = [{"name": "涉密资质", "secrecy": True}]
    board = score_providers([plain, secret], {"secrecy_qualification": 0}, today=TODAY)
    assert board.ranking[0].total == pytest.approx(board.ranking[1].total)
    assert board.ranking[0].name == "B涉密"


def test_ineligible_candidate_ranks_last_whatever_its_score() -> None:
    foreign = _candidate("外资", price=1, shareholders=[{"name": "X", "nationality": "US"}])
    board = score_providers([foreign, _candidate("合规", price=500000)], today=TODAY)
    assert [c.name for c in board.ranking] == ["合规", "外资"]
    assert board.ranking[1].to_dict()["refused_by"] == ["SX-3.1-b2"]


def test_project_scope_feeds_reg28() -> None:
    narrow = _candidate("窄", business_scope=["organizing"])
    board = score_providers([narrow], project={"service_types": ["digitization"]}, today=TODAY)
    assert board.ranking[0].to_dict()["refused_by"] == ["REG-28"]


def test_weights_are_validated() -> None:
    with pytest.raises(FactsError):
        score_providers([_candidate("a")], {"beauty": 5})
    with pytest.raises(FactsError):
        score_providers([_candidate("a")], {"price": -1})
    with pytest.raises(FactsError):
        score_providers([_candidate("a")], dict.fromkeys(DEFAULT_WEIGHTS, 0))
    with pytest.raises(FactsError):
        score_providers([])


def test_custom_weights_change_the_order() -> None:
    rich = _candidate("设备多", price=150000, equipment=[{"name": "扫描仪", "count": 10}])
    cheap = _candidate("便宜", price=100000)
    only_price = score_providers([rich, cheap], dict.fromkeys(DEFAULT_WEIGHTS, 0) | {"price": 1}, today=TODAY)
    only_equipment = score_providers(
        [rich, cheap], dict.fromkeys(DEFAULT_WEIGHTS, 0) | {"equipment": 1}, today=TODAY
    )
    assert only_price.ranking[0].name == "便宜"
    assert only_equipment.ranking[0].name == "设备多"
