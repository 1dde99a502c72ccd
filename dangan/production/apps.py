from django.apps import AppConfig


class ProductionConfig(AppConfig):
    name = "dangan.production"
    label = "production"
    verbose_name = "生产进度"
