"""Registry of finding codes: one place for code → RULES.md ID, default severity, Chinese title.

Severities: ``error`` blocks acceptance (DAT31-12: machine-checkable items must pass 100 %),
``warning`` is shown and counted but does not block, ``info`` is context only. A profile may
override the severity of any code (``[severity]`` table).
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)


@dataclass(frozen=True)
class CodeInfo:
    code: str
    rule: str
    severity: str
    title: str


_CODES: tuple[CodeInfo, ...] = (
    # files
    CodeInfo("IMG_UNREADABLE", "DAT31-10", ERROR, "图像文件无法读取、截断或损坏"),
    CodeInfo("IMG_FORMAT", "DAT31-9.5", ERROR, "存储格式不符合要求"),
    CodeInfo("IMG_FORMAT_MIXED", "DAT31-9.5", ERROR, "同一批次混用多种存储格式"),
    CodeInfo("FILE_FOREIGN", "DAT31-12", ERROR, "载体上存在非档案文件"),
    CodeInfo("FIXITY_MISSING", "DAT31-12", ERROR, "缺少校验值"),
    CodeInfo("FIXITY_MISMATCH", "DAT31-12", ERROR, "校验值不一致"),
    # image parameters
    CodeInfo("IMG_DPI_MISSING", "DAT31-9.4", ERROR, "图像缺少分辨率信息"),
    CodeInfo("IMG_DPI_LOW", "DAT31-9.4", ERROR, "扫描分辨率低于要求"),
    CodeInfo("IMG_COLOR_MODE", "DAT31-9.3", ERROR, "色彩模式或位深不符合要求"),
    # image content
    CodeInfo("IMG_BLANK", "DAT31-10", WARNING, "空白页（应标注，不得删除）"),
    CodeInfo("IMG_SKEW", "DAT31-10", ERROR, "图像偏斜超过限值"),
    CodeInfo("IMG_BLACK_BORDER", "DAT31-10", ERROR, "黑边未裁切"),
    CodeInfo("IMG_EDGE_CUT", "DAT31-10", ERROR, "页面内容被裁切"),
    CodeInfo("IMG_DUPLICATE", "DAT31-10", ERROR, "同一件内重复扫描"),
    CodeInfo("IMG_TOO_DARK", "DAT31-10", WARNING, "图像过暗"),
    CodeInfo("IMG_BLUR", "DAT31-10", WARNING, "图像模糊"),
    # naming and order
    CodeInfo("NAME_INVALID", "DAT31-9.6", ERROR, "图像命名不符合规则"),
    CodeInfo("SEQ_GAP", "DAT31-10", ERROR, "页序号缺号"),
    CodeInfo("SEQ_DUPLICATE", "DAT31-10", ERROR, "页序号重号"),
    # catalog ↔ images
    CodeInfo("ITEM_NO_IMAGES", "DAT31-11", ERROR, "目录条目没有对应图像"),
    CodeInfo("ITEM_ORPHAN", "DAT31-11", ERROR, "图像没有对应目录条目"),
    CodeInfo("PAGE_COUNT_MISMATCH", "DAT31-11", ERROR, "页数与图像数量不符"),
    # catalog
    CodeInfo("CAT_FIELD_MISSING", "DAT22/13/18", ERROR, "目录必填项为空"),
    CodeInfo("CAT_FIELD_INVALID", "DAT22/13/18", ERROR, "目录字段值不合规"),
    CodeInfo("CAT_ARCHIVE_NO_INVALID", "DAT22/13/18", ERROR, "档号不合规或与著录项不一致"),
    CodeInfo("CAT_ARCHIVE_NO_DUPLICATE", "DAT22/13/18", ERROR, "档号重复"),
    CodeInfo("CAT_ITEM_NO_GAP", "DAT22/13/18", ERROR, "件号不连续"),
    CodeInfo("CAT_CLASSIFIED", "SX-3.1-c", ERROR, "外包交付中含有未解密的涉密档案"),
)

CODES: dict[str, CodeInfo] = {c.code: c for c in _CODES}

# The rule the overall machine verdict serves.
VERDICT_RULE = "DAT31-12"


def info(code: str) -> CodeInfo:
    return CODES[code]
