from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dangan.accounts"
    label = "accounts"
    verbose_name = "单位与用户"

    def ready(self) -> None:
        from . import signals  # noqa: F401
