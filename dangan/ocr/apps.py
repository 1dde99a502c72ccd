from django.apps import AppConfig


class OcrConfig(AppConfig):
    name = "dangan.ocr"
    label = "ocr"
    verbose_name = "全文识别与检索"

    def ready(self) -> None:
        from dangan.core.navigation import MenuItem, register_menu

        from . import permissions, signals  # noqa: F401

        register_menu(
            MenuItem(
                "全文检索",
                "ocr:search",
                icon="bi-search",
                order=60,
                active_prefixes=("ocr:",),
            )
        )
