from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dangan.core"
    label = "core"
    verbose_name = "核心"
