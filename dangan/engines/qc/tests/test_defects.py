"""Every planted defect is found at its 档号 and page; clean items produce no finding."""

from __future__ import annotations

from dangan.engines.qc.codes import CODES


def _found(report, code, archive_no, page):
    return [
        f
        for f in report.findings
        if f.code == code and f.archive_no == archive_no and (page is None or f.page == page)
    ]


def test_every_code_is_planted_somewhere(defect_delivery):
    _, planted, _ = defect_delivery
    planted_codes = {c for c, _, _ in planted.defects}
    assert planted_codes == set(CODES), sorted(set(CODES) - planted_codes)


def test_each_planted_defect_found_at_its_item_and_page(defect_delivery):
    _, planted, report = defect_delivery
    missed = []
    for code, archive_no, page in planted.defects:
        hits = _found(report, code, archive_no, page)
        if not hits:
            missed.append(f"{code}@{archive_no}:p{page}")
        for f in hits:
            assert f.rule == CODES[code].rule
            assert f.message
    assert missed == []


def test_clean_items_have_no_finding(defect_delivery):
    _, planted, report = defect_delivery
    assert len(planted.clean) >= 4
    for archive_no in planted.clean:
        assert [f.code for f in report.findings if f.archive_no == archive_no] == [], archive_no


def test_defective_items_have_only_their_own_defects(defect_delivery):
    """No collateral findings: each item is flagged for what was planted in it, and nothing else."""
    _, planted, report = defect_delivery
    planted_by_item = {}
    for code, archive_no, _ in planted.defects:
        planted_by_item.setdefault(archive_no, set()).add(code)
    # Consequences that the standard itself ties to a plant: a malformed 档号 row also lacks images,
    # and the missing 件号 25 (malformed) leaves a gap before 26.
    allowed_extra = {("Z109-WS2011-BGS-25", "ITEM_NO_IMAGES"), ("Z109-WS·2011-Y-BGS-0026", "CAT_ITEM_NO_GAP")}
    for f in report.findings:
        if f.archive_no is None:
            continue
        assert (
            f.code in planted_by_item.get(f.archive_no, set()) or (f.archive_no, f.code) in allowed_extra
        ), f"unexpected {f.code} at {f.archive_no} p{f.page}: {f.message}"


def test_skew_finding_reports_the_angle(defect_delivery):
    _, _, report = defect_delivery
    (skew,) = [f for f in report.findings if f.code == "IMG_SKEW"]
    assert 5.0 <= abs(skew.details["angle_deg"]) <= 7.0
    assert "°" in skew.message


def test_blank_page_is_a_warning_and_does_not_hide_the_page(defect_delivery):
    _, _, report = defect_delivery
    (blank,) = [f for f in report.findings if f.code == "IMG_BLANK"]
    assert blank.severity == "warning"
    item = next(i for i in report.items if i.archive_no == blank.archive_no)
    assert item.pages == 3  # still counted: blank pages are marked, not dropped


def test_verdict_fails_and_summary_counts_match(defect_delivery):
    _, _, report = defect_delivery
    s = report.summary
    assert s["verdict"]["machine_check"] == "fail" and s["verdict"]["rule"] == "DAT31-12"
    assert sum(v["count"] for v in s["by_code"].values()) == len(report.findings)
    assert s["by_severity"]["error"] == sum(1 for f in report.findings if f.severity == "error")


def test_pdf_per_item_layout_with_sm3_manifest(pdf_delivery):
    _, planted, report = pdf_delivery
    assert report.summary["counts"]["pages"] == 8
    codes = [(f.code, f.archive_no, f.page) for f in report.findings]
    assert codes == [("IMG_SKEW", "A439-WS·2015·D30·003-003", 2)]
    for archive_no in planted.clean:
        assert not [f for f in report.findings if f.archive_no == archive_no]


def test_pdf_is_only_tolerated_by_the_default_profile(pdf_delivery):
    from dangan.engines.qc import CheckOptions, run_check

    root, planted, _ = pdf_delivery
    report = run_check(
        CheckOptions(root, catalog=planted.catalog, manifest=planted.manifest, workers=0, use_cache=False)
    )
    fmt = [f for f in report.findings if f.code == "IMG_FORMAT"]
    assert len(fmt) == 4 and all(f.severity == "warning" for f in fmt)
