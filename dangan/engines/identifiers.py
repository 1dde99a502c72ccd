"""Validators for the two identifiers every part of Dangan relies on.

* 统一社会信用代码 (USCC), GB 32100-2015: 18 characters from a 31-character alphabet,
  the last one a check character computed with fixed weights modulo 31.
* 公民身份号码 (居民身份证号码), GB 11643-1999: 6-digit region code, 8-digit birth date,
  3-digit sequence, and an ISO 7064 MOD 11-2 check character (0-9 or X).

Each validator returns a :class:`ValidationResult` whose ``reason`` is a Chinese sentence a
user can act on. Inputs are normalised (surrounding spaces removed, lower-case letters upper-cased)
because people type them that way; the normalised value is returned in ``value``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

__all__ = [
    "PROVINCE_CODES",
    "USCC_ALPHABET",
    "ValidationResult",
    "id_check_character",
    "mask_id_number",
    "mask_uscc",
    "org_code_check_character",
    "uscc_check_character",
    "validate_id_number",
    "validate_uscc",
]


@dataclass(frozen=True)
class ValidationResult:
    ok: bool
    reason: str = ""
    value: str = ""
    details: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return self.ok


# ---------------------------------------------------------------------------------------------
# 统一社会信用代码 GB 32100-2015
# ---------------------------------------------------------------------------------------------

# The standard leaves out I, O, S, V and Z so that they cannot be confused with 1, 0, 5, U and 2.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {ch: i for i, ch in enumerate(USCC_ALPHABET)}
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# First character: 登记管理部门代码; second: 机构类别代码 (only the documented pairs).
_USCC_DEPARTMENTS = {
    "1": "机构编制",
    "2": "外交",
    "3": "司法行政",
    "4": "文化",
    "5": "民政",
    "6": "旅游",
    "7": "宗教",
    "8": "工会",
    "9": "工商（市场监管）",
    "A": "中央军委改革和编制办公室",
    "N": "农业",
    "Y": "其他",
}
_USCC_ORG_TYPES = {
    "9": {"1": "企业", "2": "个体工商户", "3": "农民专业合作社"},
    "1": {"1": "机关", "2": "事业单位", "3": "中央编办直接管理机构编制的群众团体", "9": "其他"},
    "5": {"1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"},
}


def uscc_check_character(first17: str) -> str:
    """Check character for the first 17 characters of a USCC (must be from the alphabet)."""
    total = sum(_USCC_VALUE[ch] * w for ch, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def org_code_check_character(first8: str) -> str:
    """GB 11714 组织机构代码 check character for its 8-character body (digits and A-Z)."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = 0
    for ch, w in zip(first8, weights, strict=True):
        total += (int(ch) if ch.isdigit() else ord(ch) - ord("A") + 10) * w
    c = 11 - total % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def _normalise(code: object) -> str | None:
    if not isinstance(code, str):
        return None
    return code.strip().upper()


def validate_uscc(code: object, *, strict: bool = False) -> ValidationResult:
    """Validate a 统一社会信用代码.

    With ``strict=True`` the embedded 组织机构代码 (characters 9-17) must also carry a valid
    GB 11714 check character. That holds for codes assigned under GB 32100, but it is off by
    default because refusing a genuine registration is worse than missing a forged one here:
    the mod-31 check already catches typing errors.
    """
    value = _normalise(code)
    if value is None:
        return ValidationResult(False, "统一社会信用代码缺失或不是文本")
    if not value:
        return ValidationResult(False, "统一社会信用代码为空")
    if len(value) != 18:
        return ValidationResult(False, f"统一社会信用代码应为18位，实际为{len(value)}位", value)
    bad = sorted({ch for ch in value if ch not in _USCC_VALUE})
    if bad:
        shown = "、".join(bad)
        return ValidationResult(
            False,
            f"统一社会信用代码含有不允许的字符：{shown}（只能使用数字及除I、O、S、V、Z以外的大写字母）",
            value,
        )
    expected = uscc_check_character(value[:17])
    if value[17] != expected:
        return ValidationResult(
            False, f"统一社会信用代码校验位错误：第18位应为{expected}，实际为{value[17]}", value
        )
    if strict:
        org_expected = org_code_check_character(value[8:16])
        if value[16] != org_expected:
            return ValidationResult(
                False,
                f"统一社会信用代码中的组织机构代码校验位错误：第17位应为{org_expected}，实际为{value[16]}",
                value,
            )
    details = {"region_code": value[2:8], "org_code": f"{value[8:16]}-{value[16]}"}
    dept = _USCC_DEPARTMENTS.get(value[0])
    if dept:
        details["department"] = dept
    org_type = _USCC_ORG_TYPES.get(value[0], {}).get(value[1])
    if org_type:
        details["org_type"] = org_type
    return ValidationResult(True, "", value, details)


def mask_uscc(code: str) -> str:
    """Keep the registration department, type and region (first 8) and the last 4 characters."""
    value = code.strip().upper()
    if len(value) != 18:
        return "*" * len(value)
    return value[:8] + "*" * 6 + value[14:]


# ---------------------------------------------------------------------------------------------
# 公民身份号码 GB 11643-1999
# ---------------------------------------------------------------------------------------------

# GB/T 2260 province-level codes, plus 71 (台湾), 81/82 (香港/澳门) and 83, the code used on
# 港澳台居民居住证, whose numbers otherwise follow GB 11643.
PROVINCE_CODES: dict[str, str] = {
    "11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区",
    "21": "辽宁省", "22": "吉林省", "23": "黑龙江省",
    "31": "上海市", "32": "江苏省", "33": "浙江省", "34": "安徽省", "35": "福建省", "36": "江西省",
    "37": "山东省",
    "41": "河南省", "42": "湖北省", "43": "湖南省", "44": "广东省", "45": "广西壮族自治区",
    "46": "海南省",
    "50": "重庆市", "51": "四川省", "52": "贵州省", "53": "云南省", "54": "西藏自治区",
    "61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区", "65": "新疆维吾尔自治区",
    "71": "台湾省", "81": "香港特别行政区", "82": "澳门特别行政区", "83": "台湾居民居住证",
}  # fmt: skip

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_check_character(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character for the first 17 digits of an ID number."""
    total = sum(int(ch) * w for ch, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def validate_id_number(number: object, *, today: date | None = None) -> ValidationResult:
    """Validate an 18-character 居民身份证号码; ``today`` bounds the birth date (default: today)."""
    value = _normalise(number)
    if value is None:
        return ValidationResult(False, "身份证号码缺失或不是文本")
    if not value:
        return ValidationResult(False, "身份证号码为空")
    if len(value) == 15 and value.isdigit():
        return ValidationResult(False, "这是15位旧身份证号码，请提供18位公民身份号码", value)
    if len(value) != 18:
        return ValidationResult(False, f"身份证号码应为18位，实际为{len(value)}位", value)
    if not value[:17].isdigit():
        return ValidationResult(False, "身份证号码前17位应全部为数字", value)
    if not (value[17].isdigit() or value[17] == "X"):
        return ValidationResult(False, "身份证号码第18位只能是数字或X", value)
    province = value[:2]
    if province not in PROVINCE_CODES:
        return ValidationResult(False, f"身份证号码前两位{province}不是有效的省级行政区划代码", value)
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return ValidationResult(False, f"身份证号码中的出生日期{value[6:14]}不是有效日期", value)
    today = today or date.today()
    if born > today:
        return ValidationResult(False, f"身份证号码中的出生日期{born.isoformat()}晚于今天", value)
    if born.year < 1900:
        return ValidationResult(False, f"身份证号码中的出生年份{born.year}早于1900年，不合理", value)
    expected = id_check_character(value[:17])
    if value[17] != expected:
        return ValidationResult(
            False, f"身份证号码校验位错误：第18位应为{expected}，实际为{value[17]}", value
        )
    details = {
        "province": PROVINCE_CODES[province],
        "region_code": value[:6],
        "birth_date": born.isoformat(),
        "sex": "男" if int(value[16]) % 2 else "女",
    }
    return ValidationResult(True, "", value, details)


def mask_id_number(number: str) -> str:
    """'110101199003074514' -> '110101********4514': region kept, birth date and sequence hidden."""
    value = number.strip().upper()
    if len(value) != 18:
        # Never echo an unexpected string in full: it may be a mistyped real number.
        return value[:2] + "*" * max(len(value) - 2, 0) if len(value) > 4 else "*" * len(value)
    return value[:6] + "*" * 8 + value[14:]
