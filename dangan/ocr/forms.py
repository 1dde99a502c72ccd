from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dangan.accounts.forms import BootstrapFormMixin

from .delivery import delivery_root
from .services import allowed_engines

ENGINE_LABELS = {"rapidocr": _("RapidOCR（默认，PP-OCRv4）"), "tesseract": _("Tesseract（chi_sim）")}


class StartJobForm(BootstrapFormMixin, forms.Form):
    delivery_path = forms.CharField(label=_("交付目录"), max_length=1000)
    engine = forms.ChoiceField(label=_("识别引擎"), choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["engine"].choices = [(e, ENGINE_LABELS.get(e, e)) for e in allowed_engines()]
        self.fields["delivery_path"].help_text = _(
            "服务器上交付根目录 %(root)s 之内的文件夹（可写相对路径）"
        ) % {"root": delivery_root()}
        self.apply_bootstrap()
