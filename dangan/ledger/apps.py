from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "dangan.ledger"
    label = "ledger"
    verbose_name = _("审计日志")

    def ready(self) -> None:
        from . import signals  # noqa: F401
