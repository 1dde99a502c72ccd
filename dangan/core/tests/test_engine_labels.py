"""The compliance engine's labels are listed for makemessages, so English pages can translate them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from django.utils import translation

from dangan.core import engine_labels
from dangan.engines.compliance import vocab

ROOT = Path(__file__).resolve().parents[3]


def _generator():
    spec = importlib.util.spec_from_file_location(
        "gen_engine_labels", ROOT / "scripts" / "gen_engine_labels.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_vocabulary_label_is_listed():
    gen = _generator()
    for name in gen.VOCABULARIES:
        labels = getattr(vocab, name)
        assert labels, name
        listed = set(getattr(engine_labels, name))
        missing = [label for label in labels.values() if label not in listed]
        assert not missing, f"{name}: {missing} — run scripts/gen_engine_labels.py"


def test_generated_file_is_current():
    assert (ROOT / "dangan" / "core" / "engine_labels.py").read_text(
        encoding="utf-8"
    ) == _generator().render()


def test_lazy_choices_translate_when_shown():
    choices = dict(engine_labels.lazy_choices(vocab.SERVICE_TYPES))
    with translation.override("zh-hans"):
        assert str(choices["organizing"]) == "档案整理"
    with translation.override("en"):
        assert str(choices["organizing"]) != "档案整理"
