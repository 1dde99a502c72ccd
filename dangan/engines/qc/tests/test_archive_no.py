from __future__ import annotations

import pytest

from dangan.engines.qc.archive_no import ArchiveNoParser, canonical, parse
from dangan.engines.qc.profile import load_profile


@pytest.mark.parametrize(
    ("text", "scheme", "fields"),
    [
        (
            "Z109-WS·2011-Y-BGS-0001",
            "DA/T 22-2015",
            {
                "fonds": "Z109",
                "category": "WS",
                "year": "2011",
                "retention": "Y",
                "org": "BGS",
                "item": "0001",
            },
        ),
        ("Z109-WS·2011-D30-0012", "DA/T 22-2015", {"retention": "D30", "item": "0012"}),
        ("A439-WS·2015·D30·003-005", "DA/T 13-2022 按件", {"year": "2015", "org": "003", "item": "005"}),
        ("Z109-WS·2011·Y·办公室-0001", "DA/T 13-2022 按件", {"org": "办公室"}),
        (
            "J019-ZY·JC·CC·2019·D30-001-001",
            "DA/T 13-2022 按卷",
            {"subclass": "JC·CC", "year": "2019", "retention": "D30", "volume": "001", "item": "001"},
        ),
    ],
)
def test_standard_examples_parse(text, scheme, fields):
    parsed = parse(text)
    assert parsed is not None and parsed.scheme == scheme
    for key, value in fields.items():
        assert parsed.fields[key] == value


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Z109-WS2011-BGS-25",
        "Z109-WS·2011-X-BGS-0001",
        "Z109-WS·11-Y-BGS-0001",
        "Z109-WS·2011-Y-BGS-0001-0001",
        "档号",
    ],
)
def test_malformed_numbers_are_rejected(text):
    assert parse(text) is None


def test_dot_variants_in_file_names_match_the_catalog_form():
    assert canonical("Z109-WS.2011-Y-BGS-0001") == canonical("Z109-WS·2011-Y-BGS-0001")
    assert parse("Z109－WS・2011-Y-BGS-0001").canonical == "Z109-WS·2011-Y-BGS-0001"


def test_class_key_and_item_number():
    parsed = parse("Z109-WS·2011-Y-BGS-0042")
    assert parsed.class_key == "Z109-WS·2011-Y-BGS" and parsed.item == 42


def test_profile_patterns_drive_the_parser():
    parser = ArchiveNoParser(load_profile().get("archive_no", "patterns"))
    assert parser.is_valid("Z109-WS·2011-Y-BGS-0001")
    custom = ArchiveNoParser([{"name": "本馆", "regex": r"(?P<fonds>\d{3})-(?P<item>\d{4})"}])
    assert custom.parse("001-0007").item == 7
    assert not custom.is_valid("Z109-WS·2011-Y-BGS-0001")
