from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class OcrConfig(AppConfig):
    name = "dangan.ocr"
    label = "ocr"
    verbose_name = _("全文识别与检索")

    def ready(self) -> None:
        from dangan.core.navigation import MenuItem, register_menu

        from . import permissions, signals  # noqa: F401

        register_menu(
            MenuItem(
                gettext_noop("全文检索"),
                "ocr:search",
                icon="bi-search",
                order=60,
                active_prefixes=("ocr:",),
            )
        )
