from django.apps import AppConfig


class CustodyConfig(AppConfig):
    name = "dangan.custody"
    label = "custody"
    verbose_name = "原件交接与对账"
