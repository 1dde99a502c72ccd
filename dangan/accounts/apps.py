from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "dangan.accounts"
    label = "accounts"
    verbose_name = _("单位与用户")

    def ready(self) -> None:
        from . import signals  # noqa: F401
