from __future__ import annotations

import sqlite3

import pytest

from dangan.engines.ocr.textindex import cjk_bigrams, fts5_match, highlight, pg_tsquery, query_terms


def test_bigrams_overlap_and_latin_words_stay_whole():
    assert cjk_bigrams("档案馆") == "档案 案馆 馆"
    assert cjk_bigrams("Dangan 档案 PDF/A-2b") == "dangan 档案 案 pdf a 2b"


def test_single_character_run_is_kept_and_punctuation_splits_runs():
    assert cjk_bigrams("档，案馆。") == "档 案馆 馆"


def test_full_width_latin_is_folded():
    assert cjk_bigrams("ＰＤＦ文件") == "pdf 文件 件"


def test_query_terms_have_no_tail_unigrams():
    # Only the index carries them; a query of bigrams must not also demand a prefix term.
    assert query_terms("档案馆") == ["档案", "案馆"]


def test_query_terms_are_distinct_and_ordered():
    assert query_terms("档案 档案馆") == ["档案", "案馆"]
    assert query_terms("  ，。 ") == []


def test_fts5_finds_phrase_inside_a_sentence_and_not_elsewhere():
    db = sqlite3.connect(":memory:")
    try:
        db.execute("create virtual table t using fts5(body)")
    except sqlite3.OperationalError:
        pytest.skip("SQLite 未编译 FTS5")
    docs = ["关于加强档案数字化外包安全管理的通知", "纸质档案数字复制件全文识别", "数字资源 ＰＤＦ 归档"]
    for d in docs:
        db.execute("insert into t(body) values (?)", (cjk_bigrams(d),))

    def search(q: str) -> list[int]:
        rows = db.execute("select rowid from t where t match ? order by rowid", (fts5_match(q),))
        return [r[0] for r in rows]

    assert search("外包安全") == [1]
    assert search("数字") == [1, 2, 3]
    assert search("全文识别") == [2]
    assert search("pdf") == [3]
    assert search("识") == [2]  # one character: prefix of a bigram
    assert search("外包识别") == []  # both words present nowhere together


def _fts5(docs: list[str]) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    try:
        db.execute("create virtual table t using fts5(body)")
    except sqlite3.OperationalError:
        pytest.skip("SQLite 未编译 FTS5")
    for d in docs:
        db.execute("insert into t(body) values (?)", (cjk_bigrams(d),))
    return db


def test_fts5_finds_a_character_that_ends_a_run_or_stands_alone():
    db = _fts5(["关于第1号文件的批复", "档案馆", "甲", "无关内容"])

    def search(q: str) -> list[int]:
        return [
            r[0] for r in db.execute("select rowid from t where t match ? order by rowid", (fts5_match(q),))
        ]

    assert search("第1号") == [1]  # "第" ends the run "关于第"
    assert search("馆") == [2]  # last character of the only run
    assert search("甲") == [3]  # a document of one character
    assert search("乙") == []


def _tsvector(text: str) -> set[str]:
    """The lexemes of to_tsvector('simple', text) for our space-separated, lowercase tokens."""
    return set(text.split())


def _pg_matches(tsquery: str, lexemes: set[str]) -> bool:
    """Evaluate an AND-only tsquery as PostgreSQL does ('x':* is a prefix match)."""
    for part in tsquery.split(" & "):
        term = part.removesuffix(":*").strip("'").replace("''", "'")
        if part.endswith(":*"):
            if not any(lex.startswith(term) for lex in lexemes):
                return False
        elif term not in lexemes:
            return False
    return True


def test_pg_tsquery_finds_a_character_that_ends_a_run_or_stands_alone():
    doc = _tsvector(cjk_bigrams("关于第1号文件的批复"))
    assert _pg_matches(pg_tsquery("第1号"), doc)
    assert _pg_matches(pg_tsquery("复"), doc)
    assert _pg_matches(pg_tsquery("甲"), _tsvector(cjk_bigrams("甲")))
    assert not _pg_matches(pg_tsquery("乙"), doc)
    assert not _pg_matches(pg_tsquery("第2号"), doc)


def test_pg_tsquery_quotes_terms():
    assert pg_tsquery("档案馆 O'Neil") == "'档案' & '案馆' & 'o' & 'neil'"
    assert pg_tsquery("档") == "'档':*"


def test_highlight_marks_original_text_and_escapes_html():
    out = highlight("<b>档案馆</b>藏 ＰＤＦ", "档案 pdf")
    assert out == "&lt;b&gt;<mark>档案</mark>馆&lt;/b&gt;藏 <mark>ＰＤＦ</mark>"


def test_highlight_merges_overlaps_and_handles_no_hit():
    assert highlight("档案馆", "档案 案馆", pre="[", post="]") == "[档案馆]"
    assert highlight("a<b", "zzz") == "a&lt;b"
