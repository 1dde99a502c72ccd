from datetime import date

import pytest

from dangan.engines.identifiers import (
    USCC_ALPHABET,
    id_check_character,
    mask_id_number,
    mask_uscc,
    org_code_check_character,
    uscc_check_character,
    validate_id_number,
    validate_uscc,
)

# Literal numbers whose validity was checked by hand against the published algorithms, so a
# wrong weight table or check-character map cannot pass these tests.
KNOWN_VALID_IDS = [
    "11010519491231002X",  # the example printed in GB 11643-1999
    "110101199003074514",
]
KNOWN_VALID_USCC = ["91350100M000100Y43"]


@pytest.mark.parametrize("number", KNOWN_VALID_IDS)
def test_known_valid_id_numbers(number: str) -> None:
    result = validate_id_number(number)
    assert result.ok, result.reason
    assert result.reason == ""


def test_standard_example_details() -> None:
    result = validate_id_number("11010519491231002X")
    assert result.details["birth_date"] == "1949-12-31"
    assert result.details["province"] == "北京市"
    assert result.details["sex"] == "女"


def test_lower_case_x_and_spaces_are_normalised() -> None:
    result = validate_id_number(" 11010519491231002x ")
    assert result.ok
    assert result.value == "11010519491231002X"


@pytest.mark.parametrize(
    ("number", "fragment"),
    [
        ("110105194912310021", "校验位错误：第18位应为X"),
        ("110101199003074515", "校验位错误：第18位应为4"),
        ("11010519491231002", "应为18位"),
        ("110105491231002", "15位旧身份证号码"),
        ("1101051949123100AX", "前17位应全部为数字"),
        ("11010519491231002Y", "第18位只能是数字或X"),
        ("99010519491231002X", "前两位99不是有效的省级行政区划代码"),
        ("", "为空"),
    ],
)
def test_invalid_id_numbers(number: str, fragment: str) -> None:
    result = validate_id_number(number)
    assert not result.ok
    assert fragment in result.reason


def test_impossible_birth_date_is_refused() -> None:
    body = "11010519490231002"  # 31 February
    number = body + id_check_character(body[:17])
    result = validate_id_number(number)
    assert not result.ok
    assert "不是有效日期" in result.reason


def test_future_birth_date_is_refused() -> None:
    body = "11010520300101123"
    number = body + id_check_character(body)
    assert not validate_id_number(number, today=date(2025, 1, 1)).ok
    assert "晚于今天" in validate_id_number(number, today=date(2025, 1, 1)).reason
    assert validate_id_number(number, today=date(2031, 1, 1)).ok


def test_non_text_input() -> None:
    assert not validate_id_number(None).ok
    assert not validate_id_number(110101199003074514).ok


def test_every_single_digit_error_is_caught() -> None:
    # MOD 11-2 detects every single-character substitution; check a real number exhaustively.
    base = "110101199003074514"
    for pos in range(18):
        for ch in "0123456789X":
            if ch == base[pos] or (pos < 17 and ch == "X"):
                continue
            changed = base[:pos] + ch + base[pos + 1 :]
            assert not validate_id_number(changed, today=date(2100, 1, 1)).ok, changed


def test_mask_id_number() -> None:
    assert mask_id_number("110101199003074514") == "110101********4514"
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert "1990" not in mask_id_number("1101011990")


@pytest.mark.parametrize("code", KNOWN_VALID_USCC)
def test_known_valid_uscc(code: str) -> None:
    result = validate_uscc(code, strict=True)
    assert result.ok, result.reason
    assert result.details["org_type"] == "企业"
    assert result.details["region_code"] == "350100"


def test_uscc_check_character_known_example() -> None:
    assert uscc_check_character("91350100M000100Y4") == "3"
    assert org_code_check_character("M000100Y") == "4"


def test_constructed_uscc_round_trip() -> None:
    body = "91110108" + "MA01ABCD" + "0"
    body = body[:16] + org_code_check_character(body[8:16])
    code = body + uscc_check_character(body)
    assert validate_uscc(code, strict=True).ok
    assert validate_uscc(code.lower()).ok


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("91350100M000100Y44", "第18位应为3"),
        ("91350100M000100Y4", "应为18位"),
        ("91350100I000100Y43", "不允许的字符：I"),
        ("91350100O000100Y43", "不允许的字符：O"),
        ("", "为空"),
    ],
)
def test_invalid_uscc(code: str, fragment: str) -> None:
    result = validate_uscc(code)
    assert not result.ok
    assert fragment in result.reason


def test_uscc_single_substitutions_are_caught() -> None:
    base = "91350100M000100Y43"
    for pos in range(18):
        for ch in USCC_ALPHABET:
            if ch != base[pos]:
                changed = base[:pos] + ch + base[pos + 1 :]
                assert not validate_uscc(changed).ok, changed


def test_strict_mode_checks_embedded_org_code() -> None:
    body = "91350100M000100Y5"  # wrong org-code check character, recomputed USCC check
    code = body + uscc_check_character(body)
    assert validate_uscc(code).ok
    strict = validate_uscc(code, strict=True)
    assert not strict.ok
    assert "组织机构代码校验位错误" in strict.reason


def test_mask_uscc() -> None:
    assert mask_uscc("91350100M000100Y43") == "91350100******0Y43"
