from __future__ import annotations

import pytest

from dangan.engines.qc import CheckOptions, run_check


def test_progress_callback_and_cached_rerun(clean_delivery, tmp_path):
    calls = []
    opts = CheckOptions(
        clean_delivery, workers=2, cache_dir=tmp_path / "cache", on_progress=lambda d, t: calls.append((d, t))
    )
    first = run_check(opts)
    assert calls[0] == (0, 6) and calls[-1] == (6, 6)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert first.summary["counts"]["cached_files"] == 0
    second = run_check(CheckOptions(clean_delivery, workers=2, cache_dir=tmp_path / "cache"))
    assert second.summary["counts"]["cached_files"] == 6
    assert second.to_dict()["findings"] == first.to_dict()["findings"]


def test_interrupted_run_resumes_from_cache(clean_delivery, tmp_path):
    cache = tmp_path / "cache"

    def stop_after_two(done: int, total: int) -> None:
        if done >= 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_check(CheckOptions(clean_delivery, workers=1, cache_dir=cache, on_progress=stop_after_two))
    resumed = run_check(CheckOptions(clean_delivery, workers=1, cache_dir=cache))
    assert resumed.summary["counts"]["cached_files"] >= 2
    assert resumed.passed


def test_profile_change_invalidates_cache(clean_delivery, tmp_path):
    cache = tmp_path / "cache"
    run_check(CheckOptions(clean_delivery, workers=1, cache_dir=cache))
    ocr = run_check(CheckOptions(clean_delivery, workers=1, cache_dir=cache, profile="ocr"))
    assert ocr.summary["counts"]["cached_files"] == 0
