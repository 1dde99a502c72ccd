from __future__ import annotations

import pytest

from dangan.engines.ocr.cer import character_error_rate, edit_distance


def test_identical_text_is_zero_and_whitespace_is_ignored():
    assert character_error_rate("档 案\n馆", "档案馆") == 0.0


def test_substitution_insertion_deletion_each_count_one():
    assert edit_distance("档案馆", "档安馆") == 1
    assert edit_distance("档案", "档案馆") == 1
    assert edit_distance("档案馆藏", "档馆藏") == 1
    assert character_error_rate("档安馆", "档案馆") == pytest.approx(1 / 3)


def test_cer_can_exceed_one_for_garbage():
    assert character_error_rate("abcdef", "档") == 6.0


def test_punctuation_folding():
    hyp, ref = "通知如下:第一,第二.", "通知如下：第一，第二。"
    assert character_error_rate(hyp, ref) == pytest.approx(3 / 11)
    assert character_error_rate(hyp, ref, fold_punct=True) == 0.0
    assert character_error_rate("〔2024〕", "[2024]", fold_punct=True) == 0.0


def test_empty_reference():
    assert character_error_rate("", "") == 0.0
    assert character_error_rate("x", "") == 1.0
