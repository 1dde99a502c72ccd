from __future__ import annotations

import pytest

from dangan.engines.qc import CheckOptions, load_profile, run_check
from dangan.engines.qc.profile import ProfileError
from dangan.engines.qc.report import ItemSummary
from dangan.engines.qc.sampling import draw_sample

from . import pages as P
from .generator import no


def test_builtin_profiles_by_name():
    assert load_profile().name == "DA/T 31-2017"
    assert load_profile("dat31-2017").name == "DA/T 31-2017"
    ocr = load_profile("ocr")
    assert ocr.get("image", "min_dpi") == 300 and ocr.get("content", "skew_max_deg") == 3.0
    assert ocr.get("formats", "allowed") == load_profile().get("formats", "allowed")  # inherited
    with pytest.raises(ProfileError):
        load_profile("nope")


def test_unknown_code_in_profile_is_refused(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('extends = "ocr"\n[severity]\nIMG_NOPE = "error"\n', "utf-8")
    with pytest.raises(ProfileError):
        load_profile(bad)


def test_resolution_threshold_comes_from_the_profile(tmp_path):
    root = tmp_path / "d"
    (root / no(1)).mkdir(parents=True)
    (root / no(1) / "001.jpg").write_bytes(P.encode(P.text_page(1, dpi=250), dpi=250))
    default = run_check(CheckOptions(root, workers=0, use_cache=False))
    assert default.findings == []
    ocr = run_check(CheckOptions(root, workers=0, use_cache=False, profile="ocr"))
    assert [(f.code, f.page, f.details["dpi"]) for f in ocr.findings] == [("IMG_DPI_LOW", 1, 250.0)]


def _population(years=(2011, 2012, 2013), classes=("BGS", "CWK"), per=30):
    items = []
    for y in years:
        for c in classes:
            for n in range(1, per + 1):
                key = no(n, org=c, year=y)
                items.append(
                    ItemSummary(
                        key=key,
                        archive_no=key,
                        pages=2,
                        files=[],
                        in_catalog=True,
                        year=str(y),
                        group=key.rsplit("-", 1)[0],
                    )
                )
    return items


def test_sample_is_at_least_five_percent_spread_and_reproducible():
    items = _population()
    s1 = draw_sample(items, seed=1)
    assert len(s1.items) == 9 == s1.required  # ceil(5 % of 180)
    assert {(i.year, i.group) for i in s1.items} == {(i.year, i.group) for i in items}  # every stratum
    assert [i.key for i in draw_sample(items, seed=1).items] == [i.key for i in s1.items]
    assert [i.key for i in draw_sample(items, seed=2).items] != [i.key for i in s1.items]


def test_small_sample_still_spans_years():
    items = _population(years=(2011, 2012, 2013, 2014), classes=("BGS",), per=10)
    s = draw_sample(items, rate=0.05, seed=3)
    assert len(s.items) == 2 and len({i.year for i in s.items}) == 2
    assert len(draw_sample(items, rate=0.5, seed=3).items) == 20


def test_bitonal_g4_tiff_item_clean_and_skewed_pages(tmp_path):
    root = tmp_path / "d"
    root.mkdir()

    def bitonal(im):
        return im.point(lambda v: 255 if v > 128 else 0).convert("1")

    frames = [bitonal(P.text_page(71)), bitonal(P.skewed(P.text_page(72), 5)), bitonal(P.text_page(73))]
    import io

    buf = io.BytesIO()
    frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:], dpi=(300, 300), compression="group4")
    (root / f"{no(1)}.tif").write_bytes(buf.getvalue())
    (root / f"{no(2)}.tif").write_bytes(P.encode(bitonal(P.text_page(74)), "TIFF"))
    report = run_check(CheckOptions(root, workers=0, use_cache=False))
    assert [(f.code, f.archive_no, f.page) for f in report.findings] == [("IMG_SKEW", no(1), 2)]
    assert report.summary["counts"]["pages"] == 4


def test_skew_below_the_limit_is_not_a_finding(tmp_path):
    root = tmp_path / "d"
    (root / no(1)).mkdir(parents=True)
    (root / no(1) / "001.jpg").write_bytes(P.encode(P.skewed(P.text_page(81), 2.0)))
    (root / no(1) / "002.jpg").write_bytes(P.encode(P.skewed(P.text_page(82), -4.0)))
    report = run_check(CheckOptions(root, workers=0, use_cache=False))
    assert [(f.code, f.page) for f in report.findings] == [("IMG_SKEW", 2)]
    assert 3.5 <= abs(report.findings[0].details["angle_deg"]) <= 4.5


def test_colour_pages_and_work_documents_are_not_flagged(tmp_path):
    from PIL import Image

    root = tmp_path / "d"
    (root / no(1)).mkdir(parents=True)
    for p in (1, 2):
        grey = P.text_page(90 + p)
        tinted = Image.merge(
            "RGB", (grey, grey.point(lambda v: int(v * 0.96)), grey.point(lambda v: int(v * 0.88)))
        )
        (root / no(1) / f"{p:03d}.jpg").write_bytes(P.encode(tinted))
    (root / "工作方案.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")  # a work document, not a page image
    (root / "说明.txt").write_text("交付说明", "utf-8")
    report = run_check(CheckOptions(root, workers=0, use_cache=False))
    assert report.findings == [] and report.passed
    assert report.summary["counts"]["files"] == 2
