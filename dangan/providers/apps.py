from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "dangan.providers"
    label = "providers"
    verbose_name = "服务方名录"
