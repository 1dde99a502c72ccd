"""Tokens for Chinese full-text search without a word segmenter.

Chinese has no spaces, so database tokenizers (SQLite FTS5 ``unicode61``, PostgreSQL
``to_tsvector('simple', …)``) would index a whole sentence as one word. Indexing the
overlapping character bigrams instead ("档案馆" → "档案 案馆 馆") lets any query of two or
more characters match anywhere, with the same tokens in both databases: store
``cjk_bigrams(text)`` in the indexed column and search with ``query_terms(query)``.
Latin words and numbers stay whole and lowercase ("PDF/A-2b" → "pdf a 2b").
"""

from __future__ import annotations

import html
import re
import unicodedata

# Han ideographs (with extensions and compatibility forms), kana and hangul are written
# without spaces; everything alphanumeric otherwise forms words.
_CJK = "\u3005\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
_TOKEN = re.compile(rf"[{_CJK}]+|[^\W{_CJK}_]+", re.UNICODE)
_CJK_RUN = re.compile(rf"[{_CJK}]+")


def _runs(text: str) -> list[str]:
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).lower())


def _terms(text: str, tails: bool = False) -> list[str]:
    out: list[str] = []
    for run in _runs(text):
        if _CJK_RUN.fullmatch(run):
            if len(run) == 1:
                out.append(run)
            else:
                out.extend(run[i : i + 2] for i in range(len(run) - 1))
                if tails:
                    out.append(run[-1])
        else:
            out.append(run)
    return out


def cjk_bigrams(text: str) -> str:
    """Space-separated index tokens: overlapping CJK bigrams, whole lowercase Latin words.

    A one-character query term is searched as a prefix of the indexed tokens, so every CJK
    character must begin some token: each one does as the first half of a bigram except the
    last of a run ("关于第" + "1号" has no token starting with "第"). That last character is
    therefore indexed as a unigram too ("关于第" → "关于 于第 第"), as is a run of one
    character ("档" between punctuation).
    """
    return " ".join(_terms(text, tails=True))


def query_terms(query: str) -> list[str]:
    """The distinct tokens a document must all contain to match ``query`` (order kept)."""
    seen: dict[str, None] = {}
    for term in _terms(query):
        seen.setdefault(term, None)
    return list(seen)


def fts5_match(query: str) -> str:
    """An SQLite FTS5 MATCH expression (all terms, each quoted) for ``query``; '' if empty.

    A single CJK character is searched as a prefix so it also matches inside bigrams.
    """
    parts = []
    for term in query_terms(query):
        quoted = '"' + term.replace('"', '""') + '"'
        parts.append(quoted + "*" if len(term) == 1 and _CJK_RUN.fullmatch(term) else quoted)
    return " AND ".join(parts)


def pg_tsquery(query: str) -> str:
    """A PostgreSQL ``to_tsquery('simple', …)`` string for ``query``; '' if empty."""
    parts = []
    for term in query_terms(query):
        safe = term.replace("'", "''").replace("\\", "\\\\")
        prefix = ":*" if len(term) == 1 and _CJK_RUN.fullmatch(term) else ""
        parts.append(f"'{safe}'{prefix}")
    return " & ".join(parts)


def _fold_char(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch).lower()
    # A character that folds to several ("㎡" → "m2") keeps its place unmatched.
    return folded if len(folded) == 1 else ch


def highlight(text: str, query: str, pre: str = "<mark>", post: str = "</mark>") -> str:
    """``text`` HTML-escaped, with every occurrence of each query word wrapped in pre/post.

    Matching is case-insensitive and width-insensitive (full-width "ＰＤＦ" matches "pdf"),
    and positions refer to the original text, so what is shown is what was stored.
    """
    words = sorted({w for w in _runs(query)}, key=len, reverse=True)
    if not words:
        return html.escape(text)
    # Fold per character so folded offsets stay aligned with the original.
    folded = "".join(_fold_char(ch) for ch in text)
    spans: list[tuple[int, int]] = []
    for word in words:
        start = folded.find(word)
        while start != -1:
            spans.append((start, start + len(word)))
            start = folded.find(word, start + 1)
    if not spans:
        return html.escape(text)
    spans.sort()
    merged = [spans[0]]
    for s, e in spans[1:]:
        if s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    out, pos = [], 0
    for s, e in merged:
        out.append(html.escape(text[pos:s]))
        out.append(pre + html.escape(text[s:e]) + post)
        pos = e
    out.append(html.escape(text[pos:]))
    return "".join(out)
