from __future__ import annotations

import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext


class ComplexityValidator:
    """口令复杂度：至少包含大写字母、小写字母、数字、特殊字符中的若干类。"""

    CLASSES = (
        ("大写字母", set(string.ascii_uppercase)),
        ("小写字母", set(string.ascii_lowercase)),
        ("数字", set(string.digits)),
        ("特殊字符", set(string.punctuation)),
    )

    def __init__(self, min_length: int = 10, min_classes: int = 3):
        self.min_length = min_length
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(
                gettext("口令长度至少为%(min_length)s个字符（当前%(v1)s个）")
                % {"min_length": self.min_length, "v1": len(password)},
                code="password_too_short",
            )
        present = [name for name, chars in self.CLASSES if any(ch in chars for ch in password)]
        if len(present) < self.min_classes:
            raise ValidationError(
                gettext(
                    "口令至少应包含大写字母、小写字母、数字、特殊字符中的%(min_classes)s类（当前%(v1)s类）"
                )
                % {"min_classes": self.min_classes, "v1": len(present)},
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return gettext(
            "口令长度至少%(min_length)s个字符，且至少应包含大写字母、小写字母、数字、特殊字符中的%(min_classes)s类。"
        ) % {"min_length": self.min_length, "min_classes": self.min_classes}
