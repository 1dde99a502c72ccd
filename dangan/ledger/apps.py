from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "dangan.ledger"
    label = "ledger"
    verbose_name = "审计日志"

    def ready(self) -> None:
        from . import signals  # noqa: F401
