from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class ProvidersConfig(AppConfig):
    name = "dangan.providers"
    label = "providers"
    verbose_name = _("服务方名录")

    def ready(self) -> None:
        from dangan.accounts import roles
        from dangan.core.navigation import MenuItem, organization_kind_in, register_menu

        from . import signals  # noqa: F401
        from .permissions import register_capabilities

        register_capabilities()
        from .dashboard import register_panels

        register_panels()
        register_menu(
            MenuItem(
                gettext_noop("服务方名录"),
                "provider_list",
                icon="bi-building-check",
                order=30,
                visible=organization_kind_in(roles.REGULATOR, roles.CLIENT),
                active_prefixes=("provider_",),
            )
        )
        register_menu(
            MenuItem(
                gettext_noop("本单位名录"),
                "provider_mine",
                icon="bi-building-gear",
                order=31,
                visible=organization_kind_in(roles.PROVIDER),
                active_prefixes=("provider_",),
            )
        )
