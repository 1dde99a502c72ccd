"""Character error rate (CER) of recognised text against ground truth."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Punctuation that NFKC leaves alone but readers treat as the same mark in either width.
_FOLD = str.maketrans(
    {
        "。": ".",
        "、": ",",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "【": "[",
        "】": "]",
        "〔": "[",
        "〕": "]",
        "《": "<",
        "》": ">",
        "〈": "<",
        "〉": ">",
        "「": '"',
        "」": '"',
        "『": '"',
        "』": '"',
        "—": "-",
        "－": "-",
        "―": "-",
        "–": "-",
        "…": "...",
        "·": ".",
        "・": ".",
        "～": "~",
    }
)


def normalize(text: str, fold_punct: bool = False) -> str:
    """Drop all whitespace; optionally fold full-width punctuation to half-width."""
    if fold_punct:
        text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    return "".join(text.split())


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions all cost 1)."""
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return len(a)
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


@dataclass(frozen=True)
class CerResult:
    errors: int
    length: int  # characters in the reference

    @property
    def cer(self) -> float:
        if self.length == 0:
            return 0.0 if self.errors == 0 else 1.0
        return self.errors / self.length

    def __add__(self, other: CerResult) -> CerResult:
        return CerResult(self.errors + other.errors, self.length + other.length)


def cer_counts(hyp: str, ref: str, fold_punct: bool = False) -> CerResult:
    h, r = normalize(hyp, fold_punct), normalize(ref, fold_punct)
    return CerResult(edit_distance(h, r), len(r))


def character_error_rate(hyp: str, ref: str, fold_punct: bool = False) -> float:
    """Edits needed to turn ``hyp`` into ``ref``, divided by the length of ``ref``.

    Whitespace is ignored on both sides (line breaks and Tesseract's spaces between Chinese
    characters are not errors). With ``fold_punct`` full- and half-width punctuation count as
    equal (，= ,  ；= ;  。= .), since either is an acceptable transcription for search.
    """
    return cer_counts(hyp, ref, fold_punct).cer
